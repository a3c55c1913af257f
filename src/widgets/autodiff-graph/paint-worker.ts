// The worker that paints a large graph's canvas (canvas-view.ts hands it the canvas): a step
// posts the scene, and drawing it and handing the frame to the compositor cost the page's
// main thread nothing. The scene is plain data (scene.ts), so this is paint.ts and no more.
import { type GraphPalette, type Scene, paintScene } from './paint.ts';

export type PaintMessage =
  | { canvas: OffscreenCanvas }
  | { palette: GraphPalette }
  /** The canvas's size in device pixels, and what to draw on it. */
  | { width: number; height: number; scene: Scene };

let ctx: OffscreenCanvasRenderingContext2D | null = null;
let palette: GraphPalette | null = null;

addEventListener('message', (event: MessageEvent<PaintMessage>) => {
  const message = event.data;
  if ('canvas' in message) ctx = message.canvas.getContext('2d');
  else if ('palette' in message) palette = message.palette;
  else if (ctx && palette) {
    // Setting a size clears the canvas, even the same size: only when it changed.
    if (ctx.canvas.width !== message.width) ctx.canvas.width = message.width;
    if (ctx.canvas.height !== message.height) ctx.canvas.height = message.height;
    paintScene(ctx, message.scene, palette);
  }
});
