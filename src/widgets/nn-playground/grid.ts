// The decision boundary on a coarse grid: σ(Z2) at the centre of each of n × n cells
// covering [-DOMAIN, DOMAIN]². The canvas is n pixels wide and CSS scales it up (with
// smoothing), so a 50 × 50 grid costs 2,500 forward passes per frame, not a million.
import { DOMAIN } from './datasets.ts';
import { ACTIVATION_FNS, predict, type Params } from './model.ts';
import type { Activation } from './state.ts';

export const GRID = 50;

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
 * Paint probabilities into RGBA pixels: class 0 colour below 0.5, class 1 above, with
 * opacity growing with confidence so the page background (light or dark) shows at the
 * boundary. Pure, so the build (static PNG) and the browser (canvas) share it.
 */
export function paint(probs: Float64Array, colour0: RGB, colour1: RGB, out = new Uint8ClampedArray(probs.length * 4), maxAlpha = 0.62): Uint8ClampedArray {
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i];
    const c = p >= 0.5 ? colour1 : colour0;
    const confidence = Number.isFinite(p) ? Math.abs(p - 0.5) * 2 : 0;
    out[4 * i] = c[0];
    out[4 * i + 1] = c[1];
    out[4 * i + 2] = c[2];
    out[4 * i + 3] = Math.round(255 * maxAlpha * Math.sqrt(confidence));
  }
  return out;
}
