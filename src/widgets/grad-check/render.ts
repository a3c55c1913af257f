// grad-check's HTML, as strings: rendered at build time for the static first frame and
// again in the browser after each change, so both always look the same.
import { escapeHtml } from '../html.ts';
import { EXACT_TOLERANCE, FD_TOLERANCE, FN_IDS, FUNCTIONS, formatError, formatValue, type CheckResult } from './core.ts';

/** The x range of the slider and the plot. */
export const X_MIN = -3;
export const X_MAX = 3;
/** The finite-difference step is chosen as 10^k for k in this range. */
export const LOG_H_MIN = -12;
export const LOG_H_MAX = -1;

const W = 320;
const H = 170;
const PAD = 6;

/**
 * The labelled controls; `disabled` until the script has loaded and can act on them.
 * Controls sit inside their <label>, so several widgets on a page need no unique ids.
 */
export function renderControls(result: CheckResult, disabled: boolean): string {
  const off = disabled ? ' disabled' : '';
  const options = FN_IDS.map(
    (id) => `<option value="${id}"${id === result.fn ? ' selected' : ''}>${escapeHtml(FUNCTIONS[id].label)}</option>`,
  ).join('');
  const logH = Math.round(Math.log10(result.h));
  return (
    `<div class="grad-check__controls">` +
    `<label><span>Function</span><select name="fn"${off}>${options}</select></label>` +
    `<label><span>Point x = <output data-part="x">${formatValue(result.x)}</output></span>` +
    `<input name="x" type="range" min="${X_MIN}" max="${X_MAX}" step="0.01" value="${result.x}"${off}></label>` +
    `<label><span>Step h = <output data-part="h">${formatStep(logH)}</output></span>` +
    `<input name="h" type="range" min="${LOG_H_MIN}" max="${LOG_H_MAX}" step="1" value="${logH}" aria-valuetext="h = ${formatStep(logH)}"${off}></label>` +
    `</div>`
  );
}

export function formatStep(logH: number): string {
  return `10${superscript(logH)}`;
}

function superscript(n: number): string {
  const digits = '⁰¹²³⁴⁵⁶⁷⁸⁹';
  return (n < 0 ? '⁻' : '') + [...String(Math.abs(n))].map((d) => digits[Number(d)]).join('');
}

/**
 * The plot's vertical range: every sample of f over the plotted x range, with a margin, and at
 * least two units tall (so a nearly flat function is not blown up into noise). All the
 * functions offered are finite on the range, so the whole curve, and the point, stay inside.
 * @example yRange([0, 12.18]) // [−1.46, 13.64]
 */
export function yRange(ys: readonly number[]): [number, number] {
  const finite = ys.filter(Number.isFinite);
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (hi - lo < 2) [lo, hi] = [(lo + hi) / 2 - 1, (lo + hi) / 2 + 1];
  const margin = 0.12 * (hi - lo);
  return [lo - margin, hi + margin];
}

/**
 * Three to five round tick values inside [lo, hi] (steps of 1, 2 or 5 × 10ᵏ).
 * @example niceTicks(-1.46, 13.64) // [0, 5, 10]
 */
export function niceTicks(lo: number, hi: number, target = 4): number[] {
  const raw = (hi - lo) / target;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => (hi - lo) / s <= target + 1) ?? 10 * p;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : +v.toPrecision(6));
  return out;
}

/**
 * The part of the tangent y = value + slope (t − x), for t in `span`, that stays within the
 * vertical range: the line is cut where it leaves the plot instead of running over the labels.
 * @example tangentSpan(0, 0, 10, [-1, 1], [-2, 2]) // [-0.2, 0.2]
 */
export function tangentSpan(x: number, value: number, slope: number, span: [number, number], range: [number, number]): [number, number] {
  let [a, b] = span;
  if (slope !== 0 && Number.isFinite(slope)) {
    const [p, q] = [x + (range[0] - value) / slope, x + (range[1] - value) / slope].sort((m, n) => m - n);
    a = Math.max(a, p);
    b = Math.min(b, q);
  }
  return a <= b ? [a, b] : [x, x];
}

/** Room on the left for the y tick labels, in viewBox units. */
const LEFT = 30;
const BOTTOM = 16;

/**
 * f on [X_MIN, X_MAX] with the tangent whose slope autodiff computed: an SVG for the lines
 * and HTML tick labels over it (placed in % of the same box), so the labels keep a readable
 * size however wide the figure is.
 */
export function renderPlot(result: CheckResult): string {
  const fn = FUNCTIONS[result.fn];
  const x0 = X_MIN - 0.2;
  const x1 = X_MAX + 0.2;
  const samples = Array.from({ length: 129 }, (_, i) => x0 + ((x1 - x0) * i) / 128);
  const ys = samples.map(fn.f);
  const [lo, hi] = yRange([...ys, result.value]);
  const sx = (x: number) => LEFT + ((x - x0) / (x1 - x0)) * (W - LEFT - PAD);
  // The tangent may leave the box: clamp far outside it (the clip path hides the rest).
  const sy = (y: number) => {
    const t = (y - lo) / (hi - lo);
    return H - BOTTOM - Math.min(3, Math.max(-2, t)) * (H - BOTTOM - PAD);
  };
  const point = (x: number, y: number) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`;
  const curve = samples.map((x, i) => point(x, ys[i])).join(' ');
  const slope = result.autodiff;
  const [t0, t1] = tangentSpan(result.x, result.value, slope, [Math.max(x0, result.x - 1.5), Math.min(x1, result.x + 1.5)], [lo, hi]);
  const tangent = `${point(t0, result.value + slope * (t0 - result.x))} ${point(t1, result.value + slope * (t1 - result.x))}`;
  const yTicks = niceTicks(lo, hi);
  const grid = yTicks
    .map(
      (v) =>
        `<line class="grad-check__${v === 0 ? 'axis' : 'grid'}" x1="${LEFT}" x2="${W - PAD}" y1="${sy(v).toFixed(1)}" y2="${sy(v).toFixed(1)}"/>`,
    )
    .join('');
  const axes = `<line class="grad-check__axis" x1="${sx(0).toFixed(1)}" x2="${sx(0).toFixed(1)}" y1="${PAD}" y2="${H - BOTTOM}"/>`;
  const pct = (v: number, of: number) => `${((v / of) * 100).toFixed(2)}%`;
  const xLabels = [X_MIN, 0, X_MAX]
    .map((x) => `<span class="grad-check__tick grad-check__tick--x" style="left:${pct(sx(x), W)}">${formatValue(x)}</span>`)
    .join('');
  const yLabels = yTicks
    .map(
      (v) =>
        `<span class="grad-check__tick grad-check__tick--y" style="top:${pct(sy(v), H)};right:${pct(W - LEFT + 4, W)}">${formatValue(v)}</span>`,
    )
    .join('');
  const label = `Graph of f(x) = ${fn.label} for x from ${X_MIN} to ${X_MAX} (f from ${formatValue(+lo.toPrecision(3))} to ${formatValue(+hi.toPrecision(3))}), with its tangent at x = ${formatValue(result.x)}, slope ${formatValue(slope)}.`;
  return (
    `<div class="grad-check__plot" role="img" aria-label="${escapeHtml(label)}">` +
    `<svg viewBox="0 0 ${W} ${H}" aria-hidden="true">` +
    grid +
    axes +
    `<polyline class="grad-check__curve" points="${curve}"/>` +
    `<polyline class="grad-check__tangent" points="${tangent}"/>` +
    `<circle class="grad-check__point" cx="${sx(result.x).toFixed(1)}" cy="${sy(result.value).toFixed(1)}" r="4"/>` +
    `</svg>` +
    `<span aria-hidden="true">${xLabels}${yLabels}</span>` +
    `</div>`
  );
}

/**
 * A derivative as the table prints it: ten decimals, so the three values line up on the
 * decimal point and the digits where they part are in the same column.
 * @example tableValue(12.182493960703473) // '12.1824939607'
 */
export function tableValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return (Math.abs(v) < 1e6 ? v.toFixed(10) : v.toExponential(6)).replace('-', '−');
}

/** The three derivatives and how far each is from the hand-derived one. */
export function renderTable(result: CheckResult): string {
  const fn = FUNCTIONS[result.fn];
  const row = (method: string, how: string, value: number, error: string) =>
    `<tr><th scope="row">${method}<span class="grad-check__how">${how}</span></th>` +
    `<td class="grad-check__num">${tableValue(value)}</td><td class="grad-check__num">${error}</td></tr>`;
  return (
    `<table class="grad-check__table">` +
    `<caption>f′(x) three ways for f(x) = ${escapeHtml(fn.label)} at x = ${formatValue(result.x)}. Error: against the formula, relative (absolute when |f′| &lt; 1).</caption>` +
    `<thead><tr><th scope="col">Method</th><th scope="col">f′(x)</th><th scope="col">Error</th></tr></thead>` +
    `<tbody>` +
    row('By hand', `f′(x) = ${escapeHtml(fn.formula)}`, result.formula, '—') +
    row('Autodiff', 'reverse mode, the site’s engine', result.autodiff, formatError(result.errors.autodiffVsFormula)) +
    row('Finite difference', `(f(x + h) − f(x − h)) / 2h`, result.finiteDifference, formatError(result.errors.finiteVsFormula)) +
    `</tbody></table>`
  );
}

/** One sentence saying whether the three agree, and why they might not. */
export function renderVerdict(result: CheckResult): string {
  if (result.kinkNote) return escapeHtml(result.kinkNote);
  if (result.agree) {
    const ad = result.errors.autodiffVsFormula;
    const exactly = ad === 0 ? 'exactly' : `up to rounding (${formatError(ad)})`;
    return `They agree: autodiff matches the formula ${exactly}; the finite difference is off by ${formatError(result.errors.finiteVsFormula)}, as expected for this h.`;
  }
  if (result.errors.autodiffVsFormula > EXACT_TOLERANCE) {
    return `Autodiff and the formula disagree (${formatError(result.errors.autodiffVsFormula)}): one of them is wrong.`;
  }
  const tooBig = result.h > 1e-5;
  return (
    `The finite difference is off by ${formatError(result.errors.finiteVsFormula)}, more than ${formatError(FD_TOLERANCE)}: ` +
    (tooBig
      ? 'h is so large that the curve bends within the step (truncation error ~ h²).'
      : 'h is so small that rounding in f(x + h) − f(x − h) dominates (error ~ 10⁻¹⁶ / h).')
  );
}
