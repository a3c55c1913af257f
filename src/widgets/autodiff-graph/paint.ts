// A large graph drawn on a canvas, as the SVG would draw it (render.ts and autodiff-graph.css:
// the same boxes, curves, text and colours), in two pure steps so that the drawing can
// happen off the main thread: scene.ts works out what to draw, as plain data that can be
// posted to the canvas's worker (paint-worker.ts); `paintScene` draws it on any 2D context.
// No imports but types: this module is the worker's whole code.

/** The theme's colours as canvas colour strings, and the monospace font list (autodiff-graph.css). */
export interface GraphPalette {
  fg: string;
  muted: string;
  border: string;
  surface: string;
  accent: string;
  accentSoft: string;
  positive: string;
  warning: string;
  font: string;
}
export type Colour = Exclude<keyof GraphPalette, 'font'>;

/**
 * The canvas over the box's view: `left`, `top` are the box's scroll position and `width`,
 * `height` the canvas's size (CSS pixels), `scale` the graph's (viewport.ts placement), `dpr`
 * device pixels per CSS pixel. The canvas sits where the graph's drawing starts on an axis
 * that does not pan, so a layout point x is at x · scale − left on it.
 */
export interface CanvasView {
  left: number;
  top: number;
  width: number;
  height: number;
  scale: number;
  dpr: number;
}

/** One node as drawn: its box, outline and text, in layout units. */
export interface NodeMark {
  id: number;
  x: number;
  y: number;
  fill: Colour;
  stroke: Colour;
  lineWidth: number;
  dashed: boolean;
  /** The bold name before the symbol ('' for a constant). */
  name: string;
  symbol: string;
  lines: string[];
  /** Value lines not known yet, drawn muted. */
  pending: boolean;
  kink: boolean;
}

/** One edge's cubic curve (layout.ts edgeCurve), and whether the step uses it. */
export interface EdgeMark {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  dx: number;
  active: boolean;
}

/** Everything one paint of the canvas draws. */
export interface Scene {
  view: CanvasView;
  nodeWidth: number;
  nodeHeight: number;
  /** Inactive edges first, so the ones the step uses are drawn over them. */
  edges: EdgeMark[];
  nodes: NodeMark[];
}

/** What paintScene calls on a 2D context (a canvas's or an OffscreenCanvas's). */
export type Painter = Pick<
  CanvasRenderingContext2D,
  | 'setTransform'
  | 'clearRect'
  | 'beginPath'
  | 'moveTo'
  | 'bezierCurveTo'
  | 'roundRect'
  | 'fill'
  | 'stroke'
  | 'fillText'
  | 'measureText'
  | 'setLineDash'
  | 'fillStyle'
  | 'strokeStyle'
  | 'lineWidth'
  | 'font'
  | 'textAlign'
  | 'globalAlpha'
>;

/**
 * Size the context's canvas to the scene's view in device pixels (only when it differs:
 * setting a size clears the canvas, even the same size), then paint the scene.
 */
export function paintCanvas(ctx: Painter & { canvas: { width: number; height: number } }, scene: Scene, p: GraphPalette): void {
  const width = Math.round(scene.view.width * scene.view.dpr);
  const height = Math.round(scene.view.height * scene.view.dpr);
  if (ctx.canvas.width !== width) ctx.canvas.width = width;
  if (ctx.canvas.height !== height) ctx.canvas.height = height;
  paintScene(ctx, scene, p);
}

/** The text size in layout units (autodiff-graph.css .adg-svg), and render.ts's line positions. */
const TEXT = 13;
const HEAD_Y = 18;
const LINE_Y = 36;
const LINE_GAP = 15;

/** Clear the canvas and draw the scene: edges, then nodes, as renderSvg orders them. */
export function paintScene(ctx: Painter, scene: Scene, p: GraphPalette): void {
  const { dpr, scale, width, height, left, top } = scene.view;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, Math.ceil(width * dpr), Math.ceil(height * dpr));
  ctx.setTransform(dpr * scale, 0, 0, dpr * scale, -dpr * left, -dpr * top);
  ctx.setLineDash([]);
  for (const e of scene.edges) {
    ctx.globalAlpha = e.active ? 1 : 0.7;
    ctx.strokeStyle = e.active ? p.accent : p.muted;
    ctx.lineWidth = e.active ? 2.6 : 1.3;
    ctx.beginPath();
    ctx.moveTo(e.x1, e.y1);
    ctx.bezierCurveTo(e.x1 + e.dx, e.y1, e.x2 - e.dx, e.y2, e.x2, e.y2);
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
  const bold = `700 ${TEXT}px ${p.font}`;
  const regular = `${TEXT}px ${p.font}`;
  const { nodeWidth: w, nodeHeight: h } = scene;
  for (const n of scene.nodes) {
    ctx.beginPath();
    ctx.roundRect(n.x, n.y, w, h, 7);
    ctx.fillStyle = p[n.fill];
    ctx.fill();
    ctx.strokeStyle = p[n.stroke];
    ctx.lineWidth = n.lineWidth;
    ctx.setLineDash(n.dashed ? [3, 3] : []);
    ctx.stroke();
    ctx.setLineDash([]);

    // The head: the name in bold, a space, the symbol, centred as one line.
    ctx.fillStyle = p.fg;
    ctx.textAlign = 'left';
    ctx.font = bold;
    const nameWidth = n.name ? ctx.measureText(n.name).width : 0;
    ctx.font = regular;
    const headWidth = n.name ? nameWidth + ctx.measureText(' ').width : 0;
    const start = n.x + w / 2 - (headWidth + ctx.measureText(n.symbol).width) / 2;
    ctx.fillText(n.symbol, start + headWidth, n.y + HEAD_Y);
    if (n.name) {
      ctx.font = bold;
      ctx.fillText(n.name, start, n.y + HEAD_Y);
      ctx.font = regular;
    }

    ctx.textAlign = 'center';
    ctx.fillStyle = n.pending ? p.muted : p.fg;
    n.lines.forEach((line, i) => {
      ctx.fillText(line, n.x + w / 2, n.y + LINE_Y + LINE_GAP * i);
    });
    if (n.kink) {
      ctx.textAlign = 'right';
      ctx.fillStyle = p.warning;
      ctx.fillText('◆', n.x + w - 6, n.y + 14);
    }
  }
}
