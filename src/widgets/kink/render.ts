// kink's HTML, as strings: rendered at build time for the static first frame and again in
// the browser after each change, so both always look the same. Takes an Analysis (data);
// the engine is called in core.ts.
import type { ConventionName } from '../../autodiff/index.ts';
import { escapeHtml } from '../html.ts';
import {
  type Analysis,
  FRAMEWORK_LABELS,
  type FnId,
  FN_IDS,
  FUNCTIONS,
  STEP,
  X_MAX,
  X_MIN,
  describe,
  formatNumber,
  inInterval,
} from './core.ts';
import { placeLabels, type Segment } from './labels.ts';

const W = 360;
const H = 220;
const PAD = 8;
/** Framework order in the plot, the legend and the table. */
const FRAMEWORKS: ConventionName[] = ['pytorch', 'jax', 'flux'];

/** The select's label for each function. */
export const FN_LABELS: Record<FnId, string> = {
  ...(Object.fromEntries(Object.entries(FUNCTIONS).map(([id, fn]) => [id, fn.label])) as Record<keyof typeof FUNCTIONS, string>),
  // The plot and its description keep the full name; the select's shorter one fits a phone.
  norm: '‖x·(0.6, 0.8)‖₂ on a line through 0',
  expression: 'your own formula in x…',
};

export interface View {
  fn: FnId;
  /** The function's label (the typed text for `expression`). */
  label: string;
  analysis: Analysis;
}

/** The labelled controls; `disabled` until the script has loaded and can act on them. */
export function renderControls(fn: FnId, x: number, expression: string, disabled: boolean): string {
  const off = disabled ? ' disabled' : '';
  const options = FN_IDS.map((id) => `<option value="${id}"${id === fn ? ' selected' : ''}>${escapeHtml(FN_LABELS[id])}</option>`).join('');
  return (
    `<div class="kink__controls">` +
    `<label><span>Function</span><select name="fn"${off}>${options}</select></label>` +
    `<label><span>Point x = <output data-part="x">${formatNumber(x)}</output></span>` +
    `<input name="x" type="range" min="${X_MIN}" max="${X_MAX}" step="${STEP}" value="${x}" aria-valuetext="x = ${formatNumber(x)}"${off}></label>` +
    `<label class="kink__expression"${fn === 'expression' ? '' : ' hidden'}><span>f(x) =</span>` +
    `<input name="expression" type="text" spellcheck="false" autocomplete="off" value="${escapeHtml(expression)}"${off}></label>` +
    `</div>` +
    `<p class="kink__error" data-part="error" role="alert" hidden></p>`
  );
}

/** Plot coordinates for the window [X_MIN, X_MAX] and a y range that fits the curve around the point. */
export function scales(a: Analysis): {
  sx: (x: number) => number;
  sy: (y: number) => number;
  lo: number;
  hi: number;
  x0: number;
  x1: number;
} {
  const ys = a.samples.map(([, y]) => y).filter(Number.isFinite);
  // Room around the point for the rays and the picks, whatever the curve does elsewhere.
  const v = Number.isFinite(a.value) ? a.value : 0;
  let lo = Math.max(-3, Math.min(...ys, v - 0.8));
  let hi = Math.min(3, Math.max(...ys, v + 0.8));
  if (hi - lo < 2) [lo, hi] = [(lo + hi) / 2 - 1, (lo + hi) / 2 + 1];
  const margin = 0.12 * (hi - lo);
  [lo, hi] = [lo - margin, hi + margin];
  const x0 = X_MIN - 0.1;
  const x1 = X_MAX + 0.1;
  const sx = (x: number) => PAD + ((x - x0) / (x1 - x0)) * (W - 2 * PAD);
  // Clamp far outside the box so steep lines do not make huge coordinates.
  const sy = (y: number) => H - PAD - Math.min(3, Math.max(-2, (y - lo) / (hi - lo))) * (H - 2 * PAD);
  return { sx, sy, lo, hi, x0, x1 };
}

const f1 = (n: number) => n.toFixed(1);

/** A line through (x, y) with slope s, from x + a to x + b, in pixels. */
function ends(s: ReturnType<typeof scales>, x: number, y: number, slope: number, a: number, b: number): Segment {
  return [s.sx(x + a), s.sy(y + slope * a), s.sx(x + b), s.sy(y + slope * b)];
}

/** The same line as SVG attributes; `lines` collects it when given (what labels must not cross). */
function segment(s: ReturnType<typeof scales>, x: number, y: number, slope: number, a: number, b: number, lines?: Segment[]): string {
  const [x1, y1, x2, y2] = ends(s, x, y, slope, a, b);
  lines?.push([x1, y1, x2, y2]);
  return `x1="${f1(x1)}" y1="${f1(y1)}" x2="${f1(x2)}" y2="${f1(y2)}"`;
}

/** The curve, broken where it leaves the finite numbers (log near 0). */
function curvePath(a: Analysis, s: ReturnType<typeof scales>): string {
  let d = '';
  let pen = false;
  for (const [x, y] of a.samples) {
    if (!Number.isFinite(y)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${f1(s.sx(x))},${f1(s.sy(y))}`;
    pen = true;
  }
  return d;
}

/** Frameworks grouped by the value they return, in FRAMEWORKS order: [[0, ['pytorch', 'flux']], [1, ['jax']]]. */
export function groupPicks(picks: Record<ConventionName, number>): [number, ConventionName[]][] {
  const groups: [number, ConventionName[]][] = [];
  for (const name of FRAMEWORKS) {
    const group = groups.find(([v]) => Object.is(v, picks[name]) || v === picks[name]);
    if (group) group[1].push(name);
    else groups.push([picks[name], [name]]);
  }
  return groups;
}

/** f on the window, the point, the one-sided rays, the fan (convex kinks) and each framework's pick. */
export function renderPlot(view: View): string {
  const a = view.analysis;
  const s = scales(a);
  const finite = Number.isFinite(a.value);
  // Every line a label could be read against: the axes, the curve, the rays and the picks.
  const lines: Segment[] = [[s.sx(0), 0, s.sx(0), H]];
  if (s.lo < 0 && s.hi > 0) lines.push([0, s.sy(0), W, s.sy(0)]);
  const finiteSamples = a.samples.filter(([, y]) => Number.isFinite(y));
  for (let i = 1; i < finiteSamples.length; i++) {
    const [[xa, ya], [xb, yb]] = [finiteSamples[i - 1]!, finiteSamples[i]!];
    lines.push([s.sx(xa), s.sy(ya), s.sx(xb), s.sy(yb)]);
  }
  const axes =
    (s.lo < 0 && s.hi > 0 ? `<line class="kink__axis" x1="0" x2="${W}" y1="${f1(s.sy(0))}" y2="${f1(s.sy(0))}"/>` : '') +
    `<line class="kink__axis" x1="${f1(s.sx(0))}" x2="${f1(s.sx(0))}" y1="0" y2="${H}"/>`;
  const ticks = [-2, -1, 1, 2]
    .map((t) => `<text class="kink__tick" x="${f1(s.sx(t))}" y="${H - 2}" text-anchor="middle">${formatNumber(t)}</text>`)
    .join('');
  let fan = '';
  let rays = '';
  let picks = '';
  let labels = '';
  if (finite && a.atKink && a.supported) {
    const n = 6;
    for (let i = 1; i < n; i++) {
      const g = a.left + ((a.right - a.left) * i) / n;
      fan += `<line class="kink__fan" ${segment(s, a.x, a.value, g, s.x0 - a.x, s.x1 - a.x)}/>`;
    }
  }
  if (finite && a.atKink) {
    const ray = (side: 'left' | 'right', slope: number) =>
      Number.isFinite(slope)
        ? `<line class="kink__ray" data-side="${side}" data-slope="${slope}" ${segment(s, a.x, a.value, slope, side === 'left' ? -1.2 : 0, side === 'left' ? 0 : 1.2, lines)}/>`
        : '';
    rays = ray('left', a.left) + ray('right', a.right);
  }
  if (finite) {
    // One short segment per distinct pick, labelled with every framework that returns it.
    const placed: { y: number; text: string; cls: string; slope: number }[] = [];
    for (const [value, names] of groupPicks(a.programs[0].picks)) {
      if (!Number.isFinite(value)) {
        // No line to draw: say so beside the point.
        placed.push({
          y: s.sy(a.value) - 14,
          text: `${names.map((n) => FRAMEWORK_LABELS[n]).join(', ')}: ${formatNumber(value)}`,
          cls: 'kink__pick--nan',
          slope: value,
        });
        continue;
      }
      const cls = `kink__pick--${names[0]}`;
      picks += `<line class="kink__pick ${cls}" data-frameworks="${names.join(' ')}" data-slope="${value}" ${segment(s, a.x, a.value, value, -0.7, 0.7, lines)}/>`;
      placed.push({
        y: s.sy(a.value + value * 0.7),
        text: `${names.map((n) => FRAMEWORK_LABELS[n]).join(', ')}: ${formatNumber(value)}`,
        cls,
        slope: value,
      });
    }
    // Top to bottom, each beside its segment's end, clear of the lines and of each other
    // (labels.ts); the tick labels keep the bottom 14 px.
    placed.sort((p, q) => p.y - q.y);
    const spots = placeLabels(placed, { left: s.sx(a.x - 0.75), right: s.sx(a.x + 0.75), width: W, height: H - 14 }, lines);
    labels = placed
      .map((p, i) => {
        const { x, y, anchor } = spots[i]!;
        return `<text class="kink__label ${p.cls}" x="${f1(x)}" y="${f1(y)}" text-anchor="${anchor}">${escapeHtml(p.text)}</text>`;
      })
      .join('');
  }
  const point = finite ? `<circle class="kink__point" cx="${f1(s.sx(a.x))}" cy="${f1(s.sy(a.value))}" r="5"/>` : '';
  const summary = `Graph of f(x) = ${view.label} for x from ${X_MIN} to ${X_MAX}, with the point x = ${formatNumber(a.x)}. ${describe(a, view.label)}`;
  return (
    `<svg class="kink__plot" data-x="${a.x}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(summary)}">` +
    axes +
    ticks +
    fan +
    `<path class="kink__curve" d="${curvePath(a, s)}"/>` +
    rays +
    picks +
    point +
    labels +
    `</svg>`
  );
}

/** What the marks on the plot mean (the dash patterns are the frameworks', so colour is not needed). */
export function renderLegend(): string {
  const key = (cls: string, text: string, dash = '') =>
    `<li><svg viewBox="0 0 24 8" aria-hidden="true"><line class="${cls}" x1="1" x2="23" y1="4" y2="4"${dash}/></svg>${text}</li>`;
  return (
    `<ul class="kink__legend">` +
    key('kink__ray', 'one-sided slopes') +
    key('kink__fan', 'supporting lines (subgradients)') +
    FRAMEWORKS.map((name) => key(`kink__pick kink__pick--${name}`, `${FRAMEWORK_LABELS[name]}’s pick`)).join('') +
    `</ul>`
  );
}

/** "Same function, different program": what each framework returns for each program at x. */
export function renderTable(view: View): string {
  const a = view.analysis;
  // Explicit roles: on a phone kink.css lays each row out as a grid, and a row that is not
  // displayed as a table row loses its implicit role in the accessibility tree.
  const head = FRAMEWORKS.map((name) => `<th scope="col" role="columnheader">${FRAMEWORK_LABELS[name]}</th>`).join('');
  const rows = a.programs
    .map(({ code, picks }) => {
      const cells = FRAMEWORKS.map((name) => {
        const v = picks[name];
        const cls = Number.isNaN(v) ? ' kink__nan' : a.atKink && !inInterval(v, a) ? ' kink__outside' : '';
        return `<td class="kink__num${cls}" role="cell" data-framework="${name}">${formatNumber(v)}</td>`;
      }).join('');
      return `<tr role="row"><th scope="row" role="rowheader"><code>${escapeHtml(code)}</code></th>${cells}</tr>`;
    })
    .join('');
  const what = a.programs.length > 1 ? `${a.programs.length} programs of the same function` : 'the program';
  return (
    `<table class="kink__table" role="table">` +
    `<caption>What <code>grad</code> returns at x = ${formatNumber(a.x)} for ${what}, under each framework’s rules (computed by this site’s engine)</caption>` +
    `<thead role="rowgroup"><tr role="row"><th scope="col" role="columnheader">Program</th>${head}</tr></thead><tbody role="rowgroup">${rows}</tbody></table>`
  );
}

/** The sentence under the plot, plus where the one-sided slopes came from. */
export function renderVerdict(view: View): string {
  return escapeHtml(describe(view.analysis, view.label));
}

/** The x on the axis under a point of the plot (SVG user units), on the slider's grid, for dragging. */
export function xAtPlot(px: number): number {
  const x0 = X_MIN - 0.1;
  const x1 = X_MAX + 0.1;
  return x0 + ((px - PAD) / (W - 2 * PAD)) * (x1 - x0);
}
