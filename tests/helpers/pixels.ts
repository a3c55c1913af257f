// Screenshots as pixels, for the browser tests that check what the reader sees (a canvas
// painted in a worker, a shadow on a scroll box): decoded by the page's own PNG decoder,
// so no decoder of ours, and read in Node.
import type { Page } from 'playwright-core';

export interface Pixels {
  width: number;
  height: number;
  /** RGBA, row by row. */
  data: Uint8Array;
  /** The red, green and blue of the pixel at (x, y), rounded to whole pixels. */
  at(x: number, y: number): [number, number, number];
}

export async function decodePng(page: Page, png: Buffer): Promise<Pixels> {
  const { width, height, rgba } = await page.evaluate(async (b64) => {
    const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const bytes = new Uint8Array(ctx.getImageData(0, 0, bitmap.width, bitmap.height).data.buffer);
    // Back to Node as base64: a plain array would be a JSON number per byte.
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { width: bitmap.width, height: bitmap.height, rgba: btoa(binary) };
  }, png.toString('base64'));
  const data = new Uint8Array(Buffer.from(rgba, 'base64'));
  return {
    width,
    height,
    data,
    at(x, y) {
      const i = 4 * (Math.round(y) * width + Math.round(x));
      return [data[i]!, data[i + 1]!, data[i + 2]!];
    },
  };
}
