// The part of a large graph the canvas paints (viewport.ts): where the graph sits in its box,
// which nodes and edges a window meets, and where a step pans to.
import { describe, expect, test } from 'vitest';
import { edgePath, layoutGraph } from '../../../src/widgets/autodiff-graph/layout.ts';
import { buildGraph } from '../../../src/widgets/autodiff-graph/model.ts';
import { layoutOf } from '../../../src/widgets/autodiff-graph/render.ts';
import {
  type BoxMetrics,
  edgesIn,
  indexEdges,
  MIN_SCALE,
  nodesIn,
  type Placement,
  placement,
  type Rect,
  scrollToShow,
} from '../../../src/widgets/autodiff-graph/viewport.ts';

/** The part of the graph a box shows, in layout coordinates: the oracle for where a pan lands. */
const visibleRect = (box: BoxMetrics, at: Placement): Rect => {
  const x0 = (box.scrollLeft - at.left) / at.scale;
  const y0 = box.scrollTop / at.scale;
  return { x0, y0, x1: x0 + box.clientWidth / at.scale, y1: y0 + box.clientHeight / at.scale };
};
const grow = (r: Rect, by: number): Rect => ({ x0: r.x0 - by, y0: r.y0 - by, x1: r.x1 + by, y1: r.y1 + by });
const inside = (inner: Rect, outer: Rect): boolean =>
  inner.x0 >= outer.x0 && inner.y0 >= outer.y0 && inner.x1 <= outer.x1 && inner.y1 <= outer.y1;

// 250 terms: about 1 250 nodes, a graph 250 ranks wide and 500 nodes tall.
const LONG = Array.from({ length: 250 }, (_, i) => `sin(x*y + ${(i % 7) + 1})`).join(' + ');
const graph = buildGraph(LONG, 'x=0.5, y=-1');
const layout = layoutOf(graph);
const slots = (to: number) => graph.nodes[to]!.inputs.length;

describe('placement: the SVG in its box, as autodiff-graph.css sizes it', () => {
  test('natural size in a wide box, centred', () => {
    expect(placement({ width: 400, height: 100 }, 600)).toEqual({ scale: 1, width: 400, height: 100, left: 100 });
  });
  test('shrunk to the box down to MIN_SCALE (13-unit text stays 12 px or more), then MIN_SCALE and panning', () => {
    expect(13 * MIN_SCALE).toBeGreaterThanOrEqual(12);
    expect(13 * MIN_SCALE).toBeLessThan(12.05);
    expect(placement({ width: 1000, height: 500 }, 960)).toEqual({ scale: 0.96, width: 960, height: 480, left: 0 });
    expect(placement({ width: 1000, height: 500 }, 300)).toEqual({ scale: 0.924, width: 924, height: 462, left: 0 });
  });
});

describe('the window over a 1 250-node graph', () => {
  const box = { scrollLeft: 0, scrollTop: 0, clientWidth: 620, clientHeight: 660 };
  const at = placement(layout, box.clientWidth);

  test('a box-sized window holds a small fraction of the nodes and edges', () => {
    expect(graph.nodes.length).toBeGreaterThan(1000);
    const r = grow(visibleRect({ ...box, scrollLeft: at.width / 2, scrollTop: at.height / 2 }, at), 240);
    const nodes = nodesIn(layout, r);
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.length).toBeLessThan(graph.nodes.length / 10);
    expect(edgesIn(indexEdges(layout, graph.edges, slots), r).length).toBeLessThan(graph.edges.length / 10);
  });

  test('nodesIn is exactly the nodes whose boxes meet the window', () => {
    const r = { x0: 100, y0: 12_000, x1: 700, y1: 12_800 };
    const expected = graph.nodes
      .map((n) => n.id)
      .filter((id) => layout.x[id]! <= r.x1 && layout.x[id]! + layout.nodeWidth >= r.x0)
      .filter((id) => layout.y[id]! <= r.y1 && layout.y[id]! + layout.nodeHeight >= r.y0);
    expect(expected.length).toBeGreaterThan(5);
    expect(nodesIn(layout, r)).toEqual(expected);
  });

  test('edgesIn finds every edge whose drawn curve crosses the window, and leaves out edges that only pass its corner box', () => {
    const index = indexEdges(layout, graph.edges, slots);
    const r = { x0: 5000, y0: 12_000, x1: 5600, y1: 12_800 };
    const found = new Set(edgesIn(index, r));
    // The oracle: 400 points along each curve, read back from the path the SVG draws.
    const crosses = graph.edges.map((e) => {
      const [x1, y1, c1x, c1y, c2x, c2y, x2, y2] = edgePath(layout, e.from, e.to, e.slot, slots(e.to))
        .match(/-?[\d.]+/g)!
        .map(Number);
      for (let k = 0; k <= 400; k++) {
        const t = k / 400;
        const u = 1 - t;
        const x = u ** 3 * x1! + 3 * u * u * t * c1x! + 3 * u * t * t * c2x! + t ** 3 * x2!;
        const y = u ** 3 * y1! + 3 * u * u * t * c1y! + 3 * u * t * t * c2y! + t ** 3 * y2!;
        if (x >= r.x0 && x <= r.x1 && y >= r.y0 && y <= r.y1) return true;
      }
      return false;
    });
    graph.edges.forEach((_, i) => {
      if (crosses[i]) expect(found.has(i), `edge ${i}`).toBe(true);
    });
    // The sum's long edges (each sin term to its + far to the right) have bounding boxes
    // over this window; the curves of most of them pass above or below it.
    const boxed = graph.edges
      .map((_, i) => i)
      .filter((i) => {
        const e = graph.edges[i]!;
        const x0 = layout.x[e.from]! + layout.nodeWidth;
        const x1 = layout.x[e.to]!;
        const [y0, y1] = [layout.y[e.from]!, layout.y[e.to]!].sort((a, b) => a - b);
        return x0 <= r.x1 && x1 >= r.x0 && y0! <= r.y1 && y1! >= r.y0;
      });
    expect(boxed.length).toBeGreaterThan(10);
    expect(boxed.filter((i) => found.has(i)).length).toBeLessThan(boxed.length / 2);
  });

  test('scrollToShow leaves a node in view where it is, centres one out of view, within the scroll range', () => {
    // The node nearest the middle of the graph, far from every edge of the scroll range.
    const mid = (id: number) => Math.hypot(layout.x[id]! - layout.width / 2, layout.y[id]! - layout.height / 2);
    const id = graph.nodes.map((n) => n.id).sort((a, b) => mid(a) - mid(b))[0]!;
    const { left, top } = scrollToShow(box, at, layout, id);
    const seen = visibleRect({ ...box, scrollLeft: left, scrollTop: top }, at);
    const node = { x0: layout.x[id]!, y0: layout.y[id]!, x1: layout.x[id]! + layout.nodeWidth, y1: layout.y[id]! + layout.nodeHeight };
    expect(inside(node, seen)).toBe(true);
    expect(Math.abs((seen.x0 + seen.x1) / 2 - (node.x0 + node.x1) / 2)).toBeLessThan(1);
    expect(scrollToShow({ ...box, scrollLeft: left, scrollTop: top }, at, layout, id)).toEqual({ left, top });
    // Node 0 (an input, top left): clamped at the start, never negative.
    const first = scrollToShow({ ...box, scrollLeft: 5000, scrollTop: 5000 }, at, layout, 0);
    expect(first.left).toBeGreaterThanOrEqual(0);
    expect(first.top).toBeGreaterThanOrEqual(0);
    expect(
      inside(
        { x0: layout.x[0]!, y0: layout.y[0]!, x1: layout.x[0]! + layout.nodeWidth, y1: layout.y[0]! + layout.nodeHeight },
        visibleRect({ ...box, scrollLeft: first.left, scrollTop: first.top }, at),
      ),
    ).toBe(true);
  });

  test('a small graph needs no index: the whole of it is one window', () => {
    const small = layoutGraph([
      { id: 0, inputs: [] },
      { id: 1, inputs: [0] },
    ]);
    expect(nodesIn(small, { x0: -1e9, y0: -1e9, x1: 1e9, y1: 1e9 })).toEqual([0, 1]);
  });
});
