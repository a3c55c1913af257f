// The worker that paints a large graph's canvas (canvas-view.ts hands it the canvas): a step
// posts the scene, and drawing it and handing the frame to the compositor cost the page's
// main thread nothing. The scene is plain data (scene.ts), so this is paint.ts and no more.
import { type GraphPalette, type Scene, paintCanvas } from './paint.ts';

export type PaintMessage = { canvas: OffscreenCanvas } | { palette: GraphPalette } | { scene: Scene };

let ctx: OffscreenCanvasRenderingContext2D | null = null;
let palette: GraphPalette | null = null;

addEventListener('message', (event: MessageEvent<PaintMessage>) => {
  const message = event.data;
  if ('canvas' in message) ctx = message.canvas.getContext('2d');
  else if ('palette' in message) palette = message.palette;
  else if (ctx && palette) paintCanvas(ctx, message.scene, palette);
});
