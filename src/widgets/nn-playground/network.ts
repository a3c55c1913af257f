// The network diagram as plain data (TensorFlow Playground's picture of the net): where the
// inputs, the hidden units and the output sit, which parameter each line and unit stands
// for, what each hidden unit computes over the plane, and how a parameter is read out.
// No DOM: render/network.ts draws it, tests check it.
import { DOMAIN } from './datasets.ts';
import type { Gradients } from './gradcheck.ts';
import type { RGB } from './grid.ts';
import { ACTIVATION_FNS, type ParamName, type Params } from './model.ts';
import type { Activation } from './state.ts';

/** A square node: centre (x, y) and side s, in the diagram's viewBox units. */
export interface Box {
  x: number;
  y: number;
  s: number;
}

export interface Layout {
  width: number;
  height: number;
  inputs: [Box, Box];
  hidden: Box[];
  output: Box;
}

export const NET_WIDTH = 440;
/** The ring round a unit (its bias) stands off the map by RING_PAD and is RING_WIDTH wide.
 *  Kept slim, and the space between units with it: every unit of GAP is paid four times in
 *  height, and the side column at 1366 × 650 must still fit the window with its settings
 *  folded (tests/e2e/figure-fit.test.ts), as it did before the maps were set apart. */
export const RING_PAD = 1;
export const RING_WIDTH = 2;
/** How far a ring reaches beyond its map. */
const REACH = RING_PAD + RING_WIDTH / 2;
/** Round the diagram: room for the outermost rings. */
const PAD = REACH + 1;
/** Between two hidden units: both rings and 3 of clear space, so neighbouring maps read as
 *  separate pictures (at 6, with rings reaching 4, the rings overlapped and the maps ran
 *  together). */
const GAP = 2 * REACH + 3;

/** Side of a hidden unit's map: 26 units across for small layers, down to 14 for 16 units. */
export function unitSize(h: number): number {
  return Math.max(14, Math.min(26, Math.floor(120 / h) - 4));
}

/**
 * Inputs on the left, the hidden layer in the middle, the output on the right, each column
 * centred vertically; the height grows with the hidden layer.
 * @example networkLayout(4).hidden.length // 4
 */
export function networkLayout(h: number): Layout {
  const s = unitSize(h);
  const pitch = s + GAP;
  const big = Math.max(s, 26);
  const height = Math.max(h * pitch, 2 * (big + GAP), big * 1.5) + 2 * PAD;
  const mid = height / 2;
  const column = (n: number, x: number, size: number) =>
    Array.from({ length: n }, (_, i) => ({ x, y: mid + (i - (n - 1) / 2) * (size + GAP), s: size }));
  return {
    width: NET_WIDTH,
    height,
    inputs: column(2, PAD + 14 + big / 2, big) as [Box, Box],
    hidden: column(h, NET_WIDTH / 2, s),
    output: { x: NET_WIDTH - PAD - big * 0.75, y: mid, s: big * 1.5 },
  };
}

/** One thing the reader can point at: a line (a weight) or a unit (its bias). */
export interface Item {
  kind: 'edge' | 'unit';
  param: ParamName;
  /** Index into the parameter's data. */
  index: number;
  /** The entry as the post's NumPy indexing writes it, e.g. W1[1,2]. */
  name: string;
  /** What it is, in words. */
  role: string;
  /** Keyboard grid: row = hidden unit (h = the output), col = position in that row. */
  row: number;
  col: number;
  /** For an edge: the node it leaves and the one it enters. */
  from?: Box;
  to?: Box;
  /** For a unit: its node. */
  at?: Box;
}

const SUB = ['₁', '₂'];

/** Where a parameter sits: which entry, its name and role, its place in the keyboard grid. */
type Place = Pick<Item, 'param' | 'index' | 'name' | 'role' | 'row' | 'col'>;

/** A weight: the line from the node it leaves to the one it enters. */
export const edgeItem = (place: Place, from: Box, to: Box): Item => ({ kind: 'edge', ...place, from, to });

/** A bias: the unit it belongs to. */
export const unitItem = (place: Place, at: Box): Item => ({ kind: 'unit', ...place, at });

/**
 * An edge's line, from the right side of the node it leaves to the left side of the one it enters.
 * @example edgeEnds(edgeItem(place, { x: 10, y: 5, s: 4 }, { x: 30, y: 9, s: 6 })) // { x1: 12, y1: 5, x2: 27, y2: 9 }
 */
export function edgeEnds(item: Item): { x1: number; y1: number; x2: number; y2: number } {
  const a = item.from!;
  const b = item.to!;
  return { x1: a.x + a.s / 2, y1: a.y, x2: b.x - b.s / 2, y2: b.y };
}

/**
 * A unit's square grown by `pad` on every side: the bias ring round it, the target a pointer hits.
 * @example unitFrame({ x: 10, y: 10, s: 4 }, 1) // { x: 7, y: 7, width: 6, height: 6 }
 */
export function unitFrame(b: Box, pad: number): { x: number; y: number; width: number; height: number } {
  return { x: b.x - b.s / 2 - pad, y: b.y - b.s / 2 - pad, width: b.s + 2 * pad, height: b.s + 2 * pad };
}

/**
 * Every parameter as an item, hidden unit by hidden unit: its two input weights, its bias
 * and its output weight; then the output bias.
 * @example networkItems(networkLayout(1)).map((i) => i.name) // ['W1[0,0]', 'W1[1,0]', 'b1[0,0]', 'W2[0,0]', 'b2[0,0]']
 */
export function networkItems(layout: Layout): Item[] {
  const h = layout.hidden.length;
  const items: Item[] = [];
  for (let j = 0; j < h; j++) {
    const unit = layout.hidden[j];
    for (let i = 0; i < 2; i++) {
      const role = `weight from input x${SUB[i]} to hidden unit ${j}`;
      items.push(edgeItem({ param: 'W1', index: i * h + j, name: `W1[${i},${j}]`, role, row: j, col: i }, layout.inputs[i], unit));
    }
    items.push(unitItem({ param: 'b1', index: j, name: `b1[0,${j}]`, role: `bias of hidden unit ${j}`, row: j, col: 2 }, unit));
    const role = `weight from hidden unit ${j} to the output`;
    items.push(edgeItem({ param: 'W2', index: j, name: `W2[${j},0]`, role, row: j, col: 3 }, unit, layout.output));
  }
  items.push(unitItem({ param: 'b2', index: 0, name: 'b2[0,0]', role: 'bias of the output unit', row: h, col: 0 }, layout.output));
  return items;
}

/** The item a key press moves to from `item` (arrows, Home, End), or null for other keys. */
export function moveFocus(items: readonly Item[], item: Item, key: string): Item | null {
  const rows = items[items.length - 1].row + 1;
  const inRow = (r: number) => items.filter((i) => i.row === r);
  let { row, col } = item;
  if (key === 'ArrowDown') row = Math.min(rows - 1, row + 1);
  else if (key === 'ArrowUp') row = Math.max(0, row - 1);
  else if (key === 'ArrowRight') col++;
  else if (key === 'ArrowLeft') col--;
  else if (key === 'Home') return items[0];
  else if (key === 'End') return items[items.length - 1];
  else return null;
  const cells = inRow(row);
  return cells[Math.max(0, Math.min(cells.length - 1, col))];
}

const fmt = (v: number) => (Number.isFinite(v) ? (Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(2)) : String(v));

/**
 * The read-out for an item: its value and its gradient on the training set.
 * @example describeItem(item, params, grads) // 'W1[0,2] = 0.5312 (weight from input x₁ to hidden unit 2); ∂L/∂W1[0,2] = -0.0121'
 */
export function describeItem(item: Item, params: Params, grads: Gradients | null): string {
  const value = params[item.param][item.index];
  const grad = grads ? fmt(grads[item.param][item.index]) : '– (not a number: the run diverged)';
  return `${item.name} = ${fmt(value)} (${item.role}); ∂L/∂${item.name} = ${grad}`;
}

/** The largest finite |weight| of W1 and W2: the colour scale's end and the widest line. */
export function weightScale(params: Params): number {
  let s = 0;
  for (const w of [params.W1, params.W2]) for (const v of w) if (Number.isFinite(v)) s = Math.max(s, Math.abs(v));
  return s;
}

/** Line width in viewBox units: 0.75 for a zero weight up to 5 at the scale's end. */
export function edgeWidth(w: number, scale: number): number {
  if (!Number.isFinite(w)) return 5;
  return 0.75 + 4.25 * (scale > 0 ? Math.min(1, Math.abs(w) / scale) : 0);
}

/** Cells across a unit's map: a coarse grid that CSS smooths, as the big heatmap does. */
export const UNIT_GRID = 16;

/**
 * What hidden unit j outputs, g(x₁ W1[0,j] + x₂ W1[1,j] + b1[j]), on an n × n grid over the
 * plane (row 0 at the top), with the largest |value| (the map's own colour scale).
 * @example unitMap(params, 'tanh', 0).values.length // 256
 */
export function unitMap(
  p: Params,
  activation: Activation,
  j: number,
  n = UNIT_GRID,
  out = new Float64Array(n * n),
): { values: Float64Array; scale: number } {
  const g = ACTIVATION_FNS[activation].f;
  const [a, b, c] = [p.W1[j], p.W1[p.h + j], p.b1[j]];
  let scale = 0;
  for (let r = 0; r < n; r++) {
    const x2 = DOMAIN - ((r + 0.5) * 2 * DOMAIN) / n;
    for (let k = 0; k < n; k++) {
      const x1 = -DOMAIN + ((k + 0.5) * 2 * DOMAIN) / n;
      const v = g(x1 * a + x2 * b + c);
      out[r * n + k] = v;
      if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
    }
  }
  return { values: out, scale };
}

/**
 * Signed values as opaque pixels: c0 for negative, c1 for positive, mixed into `bg` by
 * |v| / scale (so 0 is the background); a value that is not finite paints fg.
 * @example paintSigned(new Float64Array([-1, 0, 1]), 1, [255, 0, 0], [0, 0, 255], [255, 255, 255], [0, 0, 0])
 */
export function paintSigned(
  values: Float64Array,
  scale: number,
  c0: RGB,
  c1: RGB,
  bg: RGB,
  fg: RGB,
  out = new Uint8ClampedArray(values.length * 4),
): Uint8ClampedArray {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const finite = Number.isFinite(v);
    const t = finite && scale > 0 ? Math.min(1, Math.abs(v) / scale) : 0;
    const c = !finite ? fg : v < 0 ? c0 : c1;
    const strength = finite ? 0.85 * t : 1;
    for (let k = 0; k < 3; k++) out[4 * i + k] = bg[k] + (c[k] - bg[k]) * strength;
    out[4 * i + 3] = 255;
  }
  return out;
}
