// A large graph in the browser: a canvas the size of its box's view, repainted at every step
// and every pan with the nodes and edges in view (scene.ts, paint.ts). The box still scrolls
// over the graph's full drawn size (an empty plane with the SVG's sizing rules), so panning,
// scroll bars, the edge shadows and scrollToShow work as for the SVG; the canvas sticks to the
// box's view. The painting happens in a worker that owns the canvas (paint-worker.ts) where
// the browser can hand one over (transferControlToOffscreen), else here.
// Why not the SVG: an SVG of a 1 000-node graph, even one keeping only the ~300 nodes near the
// view in the DOM, spent 5–12 ms of a step in Chromium's style, layout and paint of elements
// the step barely changed. A canvas painted on the main thread moved that cost rather than
// removing it: without a GPU, committing a 620 × 675 canvas blocked the main thread ~3 ms a
// frame (bench/graph.bench.ts traces). Painted in the worker, a step leaves the main thread
// only its own script and the text it changes.
// The SVG was one role="img" and the trace table is the accessible view; the canvas is the
// same image, with the same label.
import type { Layout } from './layout.ts';
import type { Graph } from './model.ts';
import { type GraphPalette, type Scene, paintCanvas } from './paint.ts';
import type { PaintMessage } from './paint-worker.ts';
import { nodeTitle, svgLabel } from './render.ts';
import { sceneOf, viewRect } from './scene.ts';
import type { Frame } from './stepper.ts';
import { type BoxMetrics, type EdgeIndex, indexEdges, nodesIn, panToShow, placement, readBox } from './viewport.ts';
import { resolveColours, watchTheme } from '../theme.ts';

const COLOURS = {
  fg: '--fg',
  muted: '--muted',
  border: '--border',
  surface: '--surface',
  accent: '--accent',
  accentSoft: '--accent-soft',
  positive: '--positive',
  warning: '--warning',
} as const;

export interface CanvasGraph {
  draw(graph: Graph, layout: Layout, frame: Frame): void;
  step(frame: Frame): void;
  /** Let go of the canvas: the box is about to hold something else. */
  release(): void;
  destroy(): void;
}

export function canvasView(box: HTMLElement): CanvasGraph {
  let graph: Graph | null = null;
  let layout: Layout | null = null;
  let frame: Frame | null = null;
  let edges: EdgeIndex | null = null;
  let canvas: HTMLCanvasElement | null = null;
  /** Draws a scene: posts it to the worker that owns the canvas, or paints it here. */
  let paintTo: ((scene: Scene) => void) | null = null;
  let palette: GraphPalette | null = null;
  /** The canvas's size as last set (CSS pixels) and its device pixel ratio. */
  let size = { width: 0, height: 0, dpr: 0 };
  /** One worker for every canvas this box shows, started with the first. */
  let worker: Worker | null = null;

  function readPalette(): GraphPalette {
    const font = getComputedStyle(box).getPropertyValue('--font-mono').trim() || 'monospace';
    return { ...resolveColours(box, COLOURS), font };
  }

  /** Size the canvas to the part of the box the graph covers; a write only when it changed. */
  function sizeCanvas(m: BoxMetrics) {
    const at = placement(layout!, m.clientWidth);
    const width = Math.max(0, Math.floor(Math.min(m.clientWidth, at.width)));
    const height = Math.max(0, Math.floor(Math.min(m.clientHeight, at.height)));
    const dpr = devicePixelRatio || 1;
    if (width === size.width && height === size.height && dpr === size.dpr) return;
    size = { width, height, dpr };
    canvas!.style.width = `${width}px`;
    canvas!.style.height = `${height}px`;
  }

  /** What the canvas shows now, so that the scroll event after a step's own pan paints nothing again. */
  let painted: { left: number; top: number; frame: Frame | null; palette: GraphPalette | null; size: typeof size } | null = null;
  function paint(left: number, top: number, clientWidth: number) {
    if (!paintTo || !graph) return;
    const p = painted;
    if (p && p.left === left && p.top === top && p.frame === frame && p.palette === palette && p.size === size) return;
    const { scale } = placement(layout!, clientWidth);
    paintTo(sceneOf(graph, layout!, frame!, edges!, { left, top, width: size.width, height: size.height, scale, dpr: size.dpr }));
    painted = { left, top, frame, palette, size };
  }

  /** Hand the new canvas to the worker, or keep its context here where that is not possible. */
  function connect(c: HTMLCanvasElement) {
    if ('transferControlToOffscreen' in c && typeof Worker !== 'undefined') {
      worker ??= new Worker(new URL('./paint-worker.ts', import.meta.url), { type: 'module', name: 'adjoint-graph-paint' });
      const w = worker;
      const offscreen = c.transferControlToOffscreen();
      w.postMessage({ canvas: offscreen } satisfies PaintMessage, [offscreen]);
      w.postMessage({ palette: palette! } satisfies PaintMessage);
      let sent = palette;
      paintTo = (scene) => {
        if (sent !== palette) {
          sent = palette;
          w.postMessage({ palette: palette! } satisfies PaintMessage);
        }
        w.postMessage({ scene } satisfies PaintMessage);
      };
      return;
    }
    const ctx = c.getContext('2d')!;
    paintTo = (scene) => paintCanvas(ctx, scene, palette!);
  }

  /** Scroll to show the frame's node (numbers read before any write), then paint the view. */
  function show() {
    const m = readBox(box);
    const { left, top } = panToShow(box, m, layout!, frame!.current);
    paint(left, top, m.clientWidth);
  }

  function draw(g: Graph, l: Layout, f: Frame) {
    graph = g;
    layout = l;
    frame = f;
    edges = indexEdges(l, g.edges, (to) => g.nodes[to]!.inputs.length);
    const width = `${Math.ceil(l.width)}px`;
    if (box.style.getPropertyValue('--adg-w') !== width) box.style.setProperty('--adg-w', width);
    box.innerHTML =
      `<div class="adg-plane" style="aspect-ratio:${Math.ceil(l.width)} / ${Math.ceil(l.height)}">` +
      `<canvas class="adg-canvas" role="img" aria-label="${svgLabel(g)}"></canvas></div>`;
    canvas = box.querySelector('canvas')!;
    palette = readPalette();
    size = { width: 0, height: 0, dpr: 0 };
    painted = null;
    connect(canvas);
    // The plane has to be laid out before the box can scroll over it: one forced layout, on a new graph only.
    sizeCanvas(readBox(box));
    show();
  }

  function step(f: Frame) {
    frame = f;
    show();
  }

  // The reader pans: scroll events come once a frame, before its animation callbacks.
  const onScroll = () => {
    if (canvas) paint(box.scrollLeft, box.scrollTop, box.clientWidth);
  };
  box.addEventListener('scroll', onScroll, { passive: true });
  // A new window size, a phone turned or the page zoomed: a new canvas size (and scale).
  const resized = new ResizeObserver(() => {
    if (!canvas) return;
    const m = readBox(box);
    sizeCanvas(m);
    paint(m.scrollLeft, m.scrollTop, m.clientWidth);
  });
  resized.observe(box);
  const stopWatching = watchTheme(() => {
    if (!canvas) return;
    palette = readPalette();
    paint(box.scrollLeft, box.scrollTop, box.clientWidth);
  });

  // What a node is, on hover, as the SVG's <title> says it.
  const onPointer = (event: PointerEvent) => {
    if (!canvas || event.target !== canvas) return;
    const r = canvas.getBoundingClientRect();
    const { scale } = placement(layout!, box.clientWidth);
    const v = viewRect({ left: box.scrollLeft, top: box.scrollTop, width: size.width, height: size.height, scale, dpr: 1 });
    const x = v.x0 + (event.clientX - r.left) / scale;
    const y = v.y0 + (event.clientY - r.top) / scale;
    const [id] = nodesIn(layout!, { x0: x, y0: y, x1: x, y1: y });
    const title = id === undefined ? '' : nodeTitle(graph!.nodes[id]!);
    if (canvas.title !== title) canvas.title = title;
  };
  box.addEventListener('pointermove', onPointer, { passive: true });

  const release = () => {
    canvas = null;
    paintTo = null;
  };
  return {
    draw,
    step,
    release,
    destroy() {
      release();
      worker?.terminate();
      worker = null;
      resized.disconnect();
      stopWatching();
      box.removeEventListener('scroll', onScroll);
      box.removeEventListener('pointermove', onPointer);
    },
  };
}
