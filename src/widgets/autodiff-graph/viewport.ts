// Which part of a large graph the reader can see, in layout coordinates, and which nodes and
// edges fall in it: the canvas a large graph is drawn on (canvas-view.ts) paints only those.
// Also where the graph sits in its box and where a step pans to. Pure, no DOM, but for
// readBox and panToShow, the two places the views (SVG and canvas) read and scroll the box.
import { type Layout, edgePoint } from './layout.ts';
import type { Edge } from './model.ts';

/** Graphs up to this many nodes are drawn whole as SVG (the static frame's); larger ones on a canvas. */
export const DRAW_WHOLE_MAX = 200;

/** A rectangle in layout coordinates (the SVG's viewBox units). */
export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** What the element reads off its scroll box (CSS pixels); all of it is free while layout is clean. */
export interface BoxMetrics {
  scrollLeft: number;
  scrollTop: number;
  clientWidth: number;
  clientHeight: number;
}

/** How the SVG sits in its box: its drawn size in CSS pixels and its left offset when centred. */
export interface Placement {
  scale: number;
  width: number;
  height: number;
  left: number;
}

/**
 * The graph shrinks to its box down to this scale, then pans: its 13-unit text stays at 12 px or
 * more (a hair above 12/13, so that rounding the drawn width to layout units never takes it under).
 */
export const MIN_SCALE = 0.924;

/**
 * Where the SVG is drawn in a box `clientWidth` wide, as autodiff-graph.css places it
 * (width max(100 %, MIN_SCALE × natural), at most natural, centred): computed rather than
 * measured, so a step can place the window before it writes anything and never forces a layout.
 * @example placement({ width: 1000, height: 500 }, 600) // { scale: 0.924, width: 924, height: 462, left: 0 }
 */
export function placement(size: { width: number; height: number }, clientWidth: number): Placement {
  const natural = Math.ceil(size.width);
  const width = Math.min(natural, Math.max(clientWidth, MIN_SCALE * natural));
  const scale = width / natural;
  return { scale, width, height: Math.ceil(size.height) * scale, left: Math.max(0, (clientWidth - width) / 2) };
}

const overlaps = (ax0: number, ay0: number, ax1: number, ay1: number, r: Rect) => ax0 <= r.x1 && ax1 >= r.x0 && ay0 <= r.y1 && ay1 >= r.y0;

/**
 * The scroll position that shows node `id`: unchanged on an axis where the node is already
 * wholly in view, otherwise centred on it, within the scrollable range.
 */
export function scrollToShow(box: BoxMetrics, at: Placement, layout: Layout, id: number): { left: number; top: number } {
  const x = at.left + layout.x[id]! * at.scale;
  const y = layout.y[id]! * at.scale;
  const w = layout.nodeWidth * at.scale;
  const h = layout.nodeHeight * at.scale;
  const axis = (scroll: number, start: number, size: number, client: number, content: number) => {
    if (start >= scroll && start + size <= scroll + client) return scroll;
    return Math.round(Math.max(0, Math.min(Math.max(0, content - client), start + size / 2 - client / 2)));
  };
  return {
    left: axis(box.scrollLeft, x, w, box.clientWidth, Math.max(box.clientWidth, at.left + at.width)),
    top: axis(box.scrollTop, y, h, box.clientHeight, at.height),
  };
}

/** Points along each edge's curve, so a window can be tested against the curve, not its bounding box. */
export interface EdgeIndex {
  /** Per edge, SAMPLES + 1 points as x, y pairs. */
  points: Float64Array;
}

const SAMPLES = 8;
/** Half the widest stroke (the active edge's), so a window never cuts an edge it shows a sliver of. */
const STROKE = 2;

/**
 * Sample every edge's curve once per layout. Each curve is monotone in x and in y (its control
 * points are), so the piece between two samples lies in their bounding box and testing those
 * boxes never misses a curve that crosses the window. A weight read at every step of a long
 * trace has edges spanning the whole graph; their bounding boxes would cover most windows.
 */
export function indexEdges(layout: Layout, edges: readonly Edge[], slots: (to: number) => number): EdgeIndex {
  const points = new Float64Array(edges.length * (SAMPLES + 1) * 2);
  edges.forEach((e, i) => {
    for (let k = 0; k <= SAMPLES; k++) {
      const o = (i * (SAMPLES + 1) + k) * 2;
      [points[o], points[o + 1]] = edgePoint(layout, e.from, e.to, e.slot, slots(e.to), k / SAMPLES);
    }
  });
  return { points };
}

/** Ids of the nodes whose boxes meet `r`, ascending. */
export function nodesIn(layout: Layout, r: Rect): number[] {
  const out: number[] = [];
  for (let id = 0; id < layout.x.length; id++) {
    const x = layout.x[id]!;
    const y = layout.y[id]!;
    if (overlaps(x, y, x + layout.nodeWidth, y + layout.nodeHeight, r)) out.push(id);
  }
  return out;
}

/** Indices of the edges whose curves pass through `r`, ascending. */
export function edgesIn(index: EdgeIndex, r: Rect): number[] {
  const { points } = index;
  const stride = (SAMPLES + 1) * 2;
  const out: number[] = [];
  for (let i = 0, o = 0; o < points.length; i++, o += stride) {
    for (let k = 0; k < SAMPLES; k++) {
      const p = o + 2 * k;
      const ax = points[p]!;
      const ay = points[p + 1]!;
      const bx = points[p + 2]!;
      const by = points[p + 3]!;
      if (overlaps(Math.min(ax, bx) - STROKE, Math.min(ay, by) - STROKE, Math.max(ax, bx) + STROKE, Math.max(ay, by) + STROKE, r)) {
        out.push(i);
        break;
      }
    }
  }
  return out;
}

/** What the box's scroll position and size are; free while the layout is clean. */
export const readBox = (box: HTMLElement): BoxMetrics => ({
  scrollLeft: box.scrollLeft,
  scrollTop: box.scrollTop,
  clientWidth: box.clientWidth,
  clientHeight: box.clientHeight,
});

/**
 * Scroll the box (last read as `m`, before any write) to show node `id` as scrollToShow
 * says, writing only an axis that moves; returns where the box is then (read back, as it may
 * round or clamp).
 */
export function panToShow(box: HTMLElement, m: BoxMetrics, layout: Layout, id: number | null): { left: number; top: number } {
  let { scrollLeft: left, scrollTop: top } = m;
  if (id === null) return { left, top };
  const to = scrollToShow(m, placement(layout, m.clientWidth), layout, id);
  if (to.left !== left) {
    box.scrollLeft = to.left;
    left = box.scrollLeft;
  }
  if (to.top !== top) {
    box.scrollTop = to.top;
    top = box.scrollTop;
  }
  return { left, top };
}
