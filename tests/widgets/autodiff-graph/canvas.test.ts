// A large graph on a canvas: what a frame puts in the box's view (scene.ts), checked against
// what the SVG draws for the same frame (render.ts: the node's classes, its value lines), and
// what paintScene (paint.ts) does with it on a context that records its calls.
import { describe, expect, test } from 'vitest';
import { buildGraph } from '../../../src/widgets/autodiff-graph/model.ts';
import { type GraphPalette, type Painter, type Scene, paintScene } from '../../../src/widgets/autodiff-graph/paint.ts';
import { layoutOf, nodeClass, nodeLines } from '../../../src/widgets/autodiff-graph/render.ts';
import { sceneOf, viewRect } from '../../../src/widgets/autodiff-graph/scene.ts';
import { frameAt } from '../../../src/widgets/autodiff-graph/stepper.ts';
import { indexEdges, nodesIn, placement, scrollToShow } from '../../../src/widgets/autodiff-graph/viewport.ts';

// The bench's and the browser test's long formula: 1 251 nodes.
const LONG = Array.from({ length: 250 }, (_, i) => `sin(x*y + ${(i % 7) + 1})`).join(' + ');
const graph = buildGraph(LONG, 'x=0.5, y=-1');
const layout = layoutOf(graph);
const edges = indexEdges(layout, graph.edges, (to) => graph.nodes[to]!.inputs.length);
const box = { scrollLeft: 0, scrollTop: 0, clientWidth: 620, clientHeight: 660 };
const at = placement(layout, box.clientWidth);

/** The canvas's view at `step` of reverse mode, scrolled as a step scrolls to its node. */
function viewAt(step: number, dpr = 1) {
  const frame = frameAt(graph, 'adjoint', step, [1, 0]);
  const { left, top } = scrollToShow(box, at, layout, frame.current!);
  return { frame, view: { left, top, width: box.clientWidth, height: box.clientHeight, scale: at.scale, dpr } };
}

/**
 * The first step of the reverse pass whose view holds every kind of node this checks: a
 * constant, a finished adjoint, one still pending. (The walk jumps between the running sum on
 * the right, where a view shows a few nodes, and each term's operations on the left.)
 */
const RICH = Array.from({ length: 60 }, (_, i) => i + 2).find((step) => {
  const { frame, view } = viewAt(step);
  const ids = nodesIn(layout, viewRect(view));
  return ids.some((id) => graph.nodes[id]!.kind === 'const') && ids.some((id) => frame.done[id]) && ids.some((id) => !frame.done[id]);
})!;

describe('sceneOf: the frame as the SVG would draw it, only the part in view', () => {
  const { frame, view } = viewAt(RICH);
  const scene = sceneOf(graph, layout, frame, edges, view);

  test('holds the nodes that meet the view, the current one among them, and a small part of the graph', () => {
    expect(scene.nodes.map((n) => n.id)).toEqual(nodesIn(layout, viewRect(view)));
    expect(scene.nodes.map((n) => n.id)).toContain(frame.current);
    expect(RICH).toBeGreaterThan(1);
    expect(scene.nodes.length).toBeGreaterThan(5);
    expect(scene.nodes.length).toBeLessThan(graph.nodes.length / 10);
  });

  test("each node's text and colours are what its SVG element's lines and classes say", () => {
    for (const mark of scene.nodes) {
      const node = graph.nodes[mark.id]!;
      const cls = nodeClass(graph, frame, node).split(' ');
      expect(mark.lines).toEqual(nodeLines(graph, node, frame));
      expect(mark.symbol).toBe(node.symbol);
      expect(mark.name).toBe(node.kind === 'const' ? '' : node.name);
      expect(mark.fill).toBe(cls.includes('is-current') ? 'accentSoft' : 'surface');
      // autodiff-graph.css: current over done over input over the plain border.
      const stroke = cls.includes('is-current')
        ? 'accent'
        : cls.includes('is-done')
          ? 'positive'
          : cls.includes('adg-node--input')
            ? 'fg'
            : 'border';
      expect(mark.stroke).toBe(stroke);
      expect(mark.lineWidth).toBe(cls.includes('is-current') ? 2.6 : cls.includes('is-output') ? 2.2 : 1.3);
      expect(mark.dashed).toBe(cls.includes('adg-node--const'));
      expect(mark.pending).toBe(cls.includes('is-pending'));
      expect(mark.kink).toBe(cls.includes('is-kink'));
    }
    // Some of each kind of node, so the checks above check something.
    expect(scene.nodes.some((n) => n.stroke === 'positive')).toBe(true);
    expect(scene.nodes.some((n) => n.dashed)).toBe(true);
  });

  test('the edges the step uses come last (drawn over the others), and are exactly its edges in view', () => {
    const active = scene.edges.filter((e) => e.active);
    expect(active.length).toBe(frame.active.length);
    expect(scene.edges.slice(scene.edges.length - active.length)).toEqual(active);
    expect(scene.edges.length).toBeGreaterThan(active.length);
  });

  test('a scene is plain data: it survives the structured clone that posts it to the worker', () => {
    expect(structuredClone(scene)).toEqual(scene);
  });
});

/** A 2D context that records what is drawn, with the state it was drawn in. */
function recorder() {
  const calls: { op: string; args: number[]; text: string | undefined; font: string; fill: string; stroke: string; transform: number[] }[] =
    [];
  let transform = [1, 0, 0, 1, 0, 0];
  const ctx = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    font: '',
    textAlign: 'start',
    globalAlpha: 1,
    setTransform(...m: number[]) {
      transform = m;
    },
    // A monospace face: every glyph 0.6 em wide, bold or not.
    measureText(text: string) {
      const size = Number(/(\d+)px/.exec(ctx.font)![1]);
      return { width: [...text].length * 0.6 * size };
    },
    setLineDash() {},
    beginPath() {},
    moveTo() {},
    bezierCurveTo() {},
    fill() {},
  } as unknown as Painter;
  const record =
    (op: string) =>
    (...args: unknown[]) => {
      const text = typeof args[0] === 'string' ? args[0] : undefined;
      const c = ctx as unknown as { font: string; fillStyle: string; strokeStyle: string };
      calls.push({
        op,
        args: args.filter((a): a is number => typeof a === 'number'),
        text,
        font: c.font,
        fill: c.fillStyle,
        stroke: c.strokeStyle,
        transform,
      });
    };
  Object.assign(ctx, {
    clearRect: record('clearRect'),
    roundRect: record('roundRect'),
    fillText: record('fillText'),
    stroke: record('stroke'),
  });
  return { ctx, calls };
}

const palette: GraphPalette = {
  fg: 'rgb(1, 1, 1)',
  muted: 'rgb(2, 2, 2)',
  border: 'rgb(3, 3, 3)',
  surface: 'rgb(4, 4, 4)',
  accent: 'rgb(5, 5, 5)',
  accentSoft: 'rgb(6, 6, 6)',
  positive: 'rgb(7, 7, 7)',
  warning: 'rgb(8, 8, 8)',
  font: 'DejaVu Sans Mono, monospace',
};

describe('paintScene', () => {
  const { frame, view } = viewAt(RICH, 2);
  const scene: Scene = sceneOf(graph, layout, frame, edges, view);
  const { ctx, calls } = recorder();
  paintScene(ctx, scene, palette);
  /** A layout point on the canvas, in device pixels, through the transform it was drawn with. */
  const device = (t: number[], x: number, y: number) => [t[0]! * x + t[4]!, t[3]! * y + t[5]!];

  test('clears the whole canvas in device pixels first', () => {
    expect(calls[0]).toMatchObject({ op: 'clearRect', args: [0, 0, 620 * 2, 660 * 2] });
  });

  test("every node's box and lines land where the box shows it: the current node's on the canvas", () => {
    const { nodeWidth: w, nodeHeight: h } = layout;
    for (const mark of scene.nodes) {
      const boxes = calls.filter((c) => c.op === 'roundRect' && c.args[0] === mark.x && c.args[1] === mark.y);
      expect(boxes.length, `node ${mark.id}`).toBe(1);
      expect(boxes[0]!.args.slice(2)).toEqual([w, h, 7]);
      const texts = calls.filter(
        (c) => c.op === 'fillText' && c.args[1]! > mark.y + 20 && c.args[1]! < mark.y + h && Math.abs(c.args[0]! - (mark.x + w / 2)) < 1e-9,
      );
      expect(
        texts.map((c) => c.text),
        `node ${mark.id}`,
      ).toEqual(mark.lines);
    }
    const current = scene.nodes.find((n) => n.id === frame.current)!;
    const box = calls.find((c) => c.op === 'roundRect' && c.args[0] === current.x && c.args[1] === current.y)!;
    const [x0, y0] = device(box.transform, current.x, current.y);
    const [x1, y1] = device(box.transform, current.x + w, current.y + h);
    expect(x0).toBeGreaterThanOrEqual(0);
    expect(y0).toBeGreaterThanOrEqual(0);
    expect(x1).toBeLessThanOrEqual(620 * 2);
    expect(y1).toBeLessThanOrEqual(660 * 2);
    // 13-unit text at the graph's scale, on a 2× screen.
    expect(box.transform[0]).toBeCloseTo(2 * at.scale);
  });

  test('the head is the bold name and the regular symbol, centred together over the node', () => {
    const op = scene.nodes.find((n) => n.name !== '' && graph.nodes[n.id]!.kind === 'op')!;
    const headY = op.y + 18;
    const [symbol, name] = calls.filter(
      (c) => c.op === 'fillText' && c.args[1] === headY && c.args[0]! >= op.x && c.args[0]! <= op.x + layout.nodeWidth,
    );
    expect(name).toMatchObject({ text: op.name, font: `700 13px ${palette.font}`, fill: palette.fg });
    expect(symbol).toMatchObject({ text: op.symbol, font: `13px ${palette.font}` });
    const glyph = 0.6 * 13;
    const width = (op.name.length + 1 + op.symbol.length) * glyph;
    expect(name!.args[0]! + width / 2).toBeCloseTo(op.x + layout.nodeWidth / 2);
    expect(symbol!.args[0]).toBeCloseTo(name!.args[0]! + (op.name.length + 1) * glyph);
  });

  test('boxes are filled and outlined in the colours the scene names', () => {
    const current = scene.nodes.find((n) => n.id === frame.current)!;
    const i = calls.findIndex((c) => c.op === 'roundRect' && c.args[0] === current.x && c.args[1] === current.y);
    const outline = calls.slice(i).find((c) => c.op === 'stroke')!;
    expect(outline.stroke).toBe(palette.accent);
  });
});
