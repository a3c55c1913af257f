// The decision boundary on a coarse grid: σ(Z2) at the centre of each of n × n cells
// covering [-DOMAIN, DOMAIN]². The canvas is n pixels wide and CSS scales it up (with
// smoothing), so a 64 × 64 grid costs 4,096 forward passes per frame (about 1 ms at 16 hidden
// units), not the 150,000 of one per displayed pixel.
import { DOMAIN } from './datasets.ts';
import { ACTIVATION_FNS, predict, type Params } from './model.ts';
import type { Activation } from './state.ts';

export const GRID = 64;

/**
 * Probabilities of class 1, row-major, row 0 at the top (x2 = +DOMAIN).
 * @example decisionGrid(params, 'tanh')[0] // σ(Z2) at the top-left cell
 */
export function decisionGrid(p: Params, activation: Activation, n = GRID, out = new Float64Array(n * n)): Float64Array {
  const g = ACTIVATION_FNS[activation].f;
  for (let r = 0; r < n; r++) {
    const x2 = DOMAIN - ((r + 0.5) * 2 * DOMAIN) / n;
    for (let c = 0; c < n; c++) {
      const x1 = -DOMAIN + ((c + 0.5) * 2 * DOMAIN) / n;
      out[r * n + c] = predict(p, g, x1, x2);
    }
  }
  return out;
}

export type RGB = readonly [number, number, number];

/**
 * Paint probabilities into RGBA pixels: class 0 colour below 0.5, class 1 above, stronger
 * with confidence, so the boundary is where the colour fades out. With `bg` (the live
 * canvas, which knows the theme) the colours are mixed into the background and opaque, which
 * CSS scaling smooths cleanly; without it (the static PNG, drawn for either theme) they
 * fade to transparent. Pure, so the build and the browser share it.
 */
export function paint(probs: Float64Array, colour0: RGB, colour1: RGB, out = new Uint8ClampedArray(probs.length * 4), bg?: RGB, strength = 0.62): Uint8ClampedArray {
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i];
    const c = p >= 0.5 ? colour1 : colour0;
    const a = strength * Math.sqrt(Number.isFinite(p) ? Math.abs(p - 0.5) * 2 : 0);
    if (bg) {
      out[4 * i] = bg[0] + (c[0] - bg[0]) * a;
      out[4 * i + 1] = bg[1] + (c[1] - bg[1]) * a;
      out[4 * i + 2] = bg[2] + (c[2] - bg[2]) * a;
      out[4 * i + 3] = 255;
    } else {
      out[4 * i] = c[0];
      out[4 * i + 1] = c[1];
      out[4 * i + 2] = c[2];
      out[4 * i + 3] = Math.round(255 * a);
    }
  }
  return out;
}
