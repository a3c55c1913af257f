// Read the widget's colours from CSS (so they follow the site's light/dark theme) as RGB
// triples the canvas code can interpolate. Any CSS colour syntax works: the browser paints
// it into a 1 × 1 canvas and we read the pixel back.
import type { RGB } from '../grid.ts';
import { resolveColours } from '../../theme.ts';

export interface Palette {
  c0: RGB;
  c1: RGB;
  fg: RGB;
  bg: RGB;
  accent: RGB;
  muted: RGB;
  warn: RGB;
}

const VARS: Record<keyof Palette, string> = {
  c0: '--nnp-c0',
  c1: '--nnp-c1',
  fg: '--nnp-fg',
  bg: '--nnp-bg',
  accent: '--nnp-accent',
  muted: '--nnp-muted',
  warn: '--nnp-warn',
};

export function readPalette(root: HTMLElement): Palette {
  const colours = resolveColours(root, VARS);
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  const out = {} as Palette;
  for (const key of Object.keys(VARS) as (keyof Palette)[]) {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = '#000';
    ctx.fillStyle = colours[key];
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
    out[key] = [r, g, b];
  }
  return out;
}

export const css = (c: RGB, alpha = 1) => `rgba(${c[0]},${c[1]},${c[2]},${alpha})`;

/** Diverging colour for a signed value scaled by `scale`: c0 for negative, c1 for positive. */
export function diverging(p: Palette, v: number, scale: number): string {
  if (!Number.isFinite(v)) return css(p.fg, 0.9);
  const t = scale > 0 ? Math.min(1, Math.abs(v) / scale) : 0;
  return css(v < 0 ? p.c0 : p.c1, 0.1 + 0.9 * Math.sqrt(t));
}
