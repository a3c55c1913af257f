// loss-slice's HTML, as strings: the same renderer draws the static first frame at build time
// and every re-slice in the browser. Takes a SliceResult (data); the engine is called in core.ts.
import { escapeHtml } from '../html.ts';
import { ACTIVATIONS, type Activation, GRID, SLICES, type Slice, type SliceResult, valueNear } from './core.ts';

export const ACTIVATION_LABELS: Record<Activation, string> = { relu: 'relu', tanh: 'tanh', min: 'min(z, 0)', linear: 'none (linear)' };
export const SLICE_LABELS: Record<Slice, string> = {
  swap: 'through θ and its unit swap θ′',
  random: 'through θ, two random directions',
};

/** Viridis at 12 stops: ordered in lightness, readable on light and dark pages alike. */
const RAMP = [
  '#440154',
  '#482173',
  '#433e85',
  '#38588c',
  '#2d708e',
  '#25858e',
  '#1e9b8a',
  '#2ab07f',
  '#52c569',
  '#86d549',
  '#c2df23',
  '#fde725',
];

/** The colour level of a loss: log-scaled between the slice's smallest and largest values. */
export function level(loss: number, lo: number, hi: number): number {
  const t = (Math.log(loss) - Math.log(lo)) / (Math.log(hi) - Math.log(lo) || 1);
  return Math.min(RAMP.length - 1, Math.max(0, Math.floor(t * RAMP.length)));
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString()).replace('-', '−');

export function renderControls(activation: Activation, kind: Slice, seed: number, disabled: boolean): string {
  const off = disabled ? ' disabled' : '';
  const options = <T extends string>(values: readonly T[], labels: Record<T, string>, chosen: T) =>
    values.map((v) => `<option value="${v}"${v === chosen ? ' selected' : ''}>${escapeHtml(labels[v])}</option>`).join('');
  return (
    `<div class="loss-slice__controls">` +
    `<label><span>Activation</span><select name="activation"${off}>${options(ACTIVATIONS, ACTIVATION_LABELS, activation)}</select></label>` +
    `<label><span>Slice</span><select name="slice"${off}>${options(SLICES, SLICE_LABELS, kind)}</select></label>` +
    `<label><span>Direction seed</span><input name="seed" type="number" min="1" max="999" step="1" value="${seed}"${off}></label>` +
    `<button type="button" name="reslice"${off}>Another slice</button>` +
    `</div>`
  );
}

const SIZE = 264; // user units of the heatmap square
const PAD = 30;

/** The heatmap: one path per colour level, the two equivalent minima and the worst chord marked. */
export function renderHeatmap(r: SliceResult): string {
  const flat = r.loss.flat();
  const lo = Math.min(...flat);
  const hi = Math.max(...flat);
  const cell = SIZE / GRID;
  const paths: string[] = RAMP.map(() => '');
  for (const [i, row] of r.loss.entries()) {
    // Row 0 is the smallest b: draw it at the bottom.
    for (const [j, loss] of row.entries()) paths[level(loss, lo, hi)] += `M${j} ${GRID - 1 - i}h1v1h-1z`;
  }
  const [a0, a1] = [r.as[0], r.as[GRID - 1]];
  const sx = (a: number) => PAD + ((a - a0) / (a1 - a0)) * (SIZE - cell) + cell / 2;
  const sy = (b: number) => PAD + ((1 - b) / 2) * (SIZE - cell) + cell / 2;
  const marks: string[] = [];
  const dot = (a: number, b: number, text: string, cls: string) =>
    `<circle class="loss-slice__mark ${cls}" cx="${sx(a).toFixed(1)}" cy="${sy(b).toFixed(1)}" r="4"/>` +
    `<text class="loss-slice__mark-label" x="${(sx(a) + 6).toFixed(1)}" y="${(sy(b) - 6).toFixed(1)}">${text}</text>`;
  if (r.worst) {
    const { from, to, mid } = r.worst;
    marks.push(
      `<line class="loss-slice__chord" x1="${sx(from[0]).toFixed(1)}" y1="${sy(from[1]).toFixed(1)}" x2="${sx(to[0]).toFixed(1)}" y2="${sy(to[1]).toFixed(1)}"/>`,
      `<circle class="loss-slice__mid" cx="${sx(mid[0]).toFixed(1)}" cy="${sy(mid[1]).toFixed(1)}" r="3.5"/>`,
    );
  }
  marks.push(dot(0, 0, 'θ', 'loss-slice__theta'));
  if (r.slice === 'swap') marks.push(dot(1, 0, 'θ′', 'loss-slice__swapped'));
  const ticks =
    `<text class="loss-slice__tick" x="${sx(a0).toFixed(1)}" y="${PAD + SIZE + 14}" text-anchor="middle">${fmt(a0)}</text>` +
    `<text class="loss-slice__tick" x="${sx(a1).toFixed(1)}" y="${PAD + SIZE + 14}" text-anchor="middle">${fmt(a1)}</text>` +
    `<text class="loss-slice__tick" x="${PAD + SIZE / 2}" y="${PAD + SIZE + 26}" text-anchor="middle">a (along d₁)</text>` +
    `<text class="loss-slice__tick" x="${PAD - 4}" y="${sy(-1).toFixed(1)}" text-anchor="end">−1</text>` +
    `<text class="loss-slice__tick" x="${PAD - 4}" y="${sy(1).toFixed(1)}" text-anchor="end">1</text>` +
    `<text class="loss-slice__tick" x="${PAD - 4}" y="${(PAD + SIZE / 2).toFixed(1)}" text-anchor="end">b</text>`;
  const bar = RAMP.map(
    (colour, k) =>
      `<rect x="${(PAD + SIZE + 12).toFixed(1)}" y="${(PAD + SIZE - ((k + 1) * SIZE) / RAMP.length).toFixed(1)}" width="10" height="${(SIZE / RAMP.length + 0.5).toFixed(1)}" fill="${colour}"/>`,
  ).join('');
  const barLabels =
    `<text class="loss-slice__tick" x="${PAD + SIZE + 25}" y="${PAD + SIZE}" >${fmt(lo)}</text>` +
    `<text class="loss-slice__tick" x="${PAD + SIZE + 25}" y="${PAD + 8}">${fmt(hi)}</text>` +
    `<text class="loss-slice__tick" x="${PAD + SIZE + 25}" y="${PAD + SIZE / 2}">loss</text>`;
  const label = `Heatmap of the loss on a plane in weight space ${SLICE_LABELS[r.slice]}, activation ${ACTIVATION_LABELS[r.activation]}: loss from ${fmt(lo)} to ${fmt(hi)}. ${verdict(r)}`;
  return (
    // data-thumbnail-viewbox: a post card shows the heat map alone (src/components/thumbnail.ts).
    `<svg class="loss-slice__plot" viewBox="0 0 ${PAD + SIZE + 64} ${PAD + SIZE + 32}" data-thumbnail-viewbox="${PAD} ${PAD} ${SIZE} ${SIZE}" role="img" aria-label="${escapeHtml(label)}" data-worst="${r.worst ? r.worst.gap : 0}">` +
    `<g transform="translate(${PAD} ${PAD}) scale(${cell})" shape-rendering="crispEdges">` +
    paths.map((d, k) => (d ? `<path fill="${RAMP[k]}" d="${d}"/>` : '')).join('') +
    `</g>` +
    marks.join('') +
    ticks +
    bar +
    barLabels +
    `</svg>`
  );
}

/** What the slice shows about convexity, in numbers. */
export function verdict(r: SliceResult): string {
  const parts: string[] = [];
  if (r.slice === 'swap') {
    parts.push(
      `θ and θ′ are the same network with hidden units 1 and 2 exchanged, so both have loss ${fmt(valueNear(r, 0, 0))}; halfway between them the loss is ${fmt(valueNear(r, 0.5, 0))}.`,
    );
  }
  if (r.worst) {
    const { from, to, mid, gap } = r.worst;
    parts.push(
      `Not convex: at (a, b) = (${fmt(mid[0])}, ${fmt(mid[1])}) the loss lies ${fmt(gap)} above the chord between (${fmt(from[0])}, ${fmt(from[1])}) and (${fmt(to[0])}, ${fmt(to[1])}) (the marked line).`,
    );
  } else {
    parts.push(
      'On this plane the loss passes the midpoint test at every grid point: a slice can look convex even when the whole function is not. Try the swap slice.',
    );
  }
  return parts.join(' ');
}
