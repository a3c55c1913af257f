// What a canvas shows of a large graph at one frame (paint.ts draws it): the nodes and edges
// that meet the box's view, with what each is drawn with. Pure, and plain data out.
import type { Layout } from './layout.ts';
import { edgeCurve } from './layout.ts';
import type { Graph } from './model.ts';
import type { CanvasView, EdgeMark, NodeMark, Scene } from './paint.ts';
import { activeSet, nodeLines } from './render.ts';
import type { Frame } from './stepper.ts';
import { type EdgeIndex, type Rect, edgesIn, nodesIn } from './viewport.ts';

/** The part of the layout a canvas shows. */
export const viewRect = (v: CanvasView): Rect => ({
  x0: v.left / v.scale,
  y0: v.top / v.scale,
  x1: (v.left + v.width) / v.scale,
  y1: (v.top + v.height) / v.scale,
});

/** The frame's nodes and edges that meet the view, with the colours autodiff-graph.css gives their classes. */
export function sceneOf(graph: Graph, layout: Layout, frame: Frame, edges: EdgeIndex, view: CanvasView): Scene {
  const rect = viewRect(view);
  const active = activeSet(frame);
  const marks = edgesIn(edges, rect).map((i): EdgeMark => {
    const e = graph.edges[i]!;
    const curve = edgeCurve(layout, e.from, e.to, e.slot, graph.nodes[e.to]!.inputs.length);
    return { ...curve, active: active.has(`${e.from}>${e.to}`) };
  });
  const nodes = nodesIn(layout, rect).map((id): NodeMark => {
    const n = graph.nodes[id]!;
    const current = frame.current === id;
    const done = frame.mode === 'adjoint' && frame.done[id] === true;
    return {
      id,
      x: layout.x[id]!,
      y: layout.y[id]!,
      fill: current ? 'accentSoft' : 'surface',
      stroke: current ? 'accent' : done ? 'positive' : n.kind === 'input' ? 'fg' : 'border',
      lineWidth: current ? 2.6 : id === graph.output ? 2.2 : 1.3,
      dashed: n.kind === 'const',
      name: n.kind === 'const' ? '' : n.name,
      symbol: n.symbol,
      lines: nodeLines(graph, n, frame),
      pending: frame.values[id] === null,
      kink: n.kink !== undefined,
    };
  });
  return {
    view,
    nodeWidth: layout.nodeWidth,
    nodeHeight: layout.nodeHeight,
    edges: [...marks.filter((e) => !e.active), ...marks.filter((e) => e.active)],
    nodes,
  };
}
