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

/** How far the class colours are mixed into the background where the net is certain. */
export const HEAT_STRENGTH = 0.62;

/**
 * Paint probabilities into opaque RGBA pixels: each cell is P(class 1) of the way along the
 * straight line from the class-0 colour to the class-1 colour, mixed into the background
 * `bg`. The map is affine in p, and that is what keeps the boundary clean when CSS scales
 * the canvas up: bilinear smoothing of the colours is then exactly bilinear smoothing of the
 * probabilities. A map that fades through the background at p = ½ (orange → bg → blue) is
 * not affine, and smoothing between an orange and a blue cell skips the faded middle
 * wherever no grid cell happens to land near p = ½ — the boundary comes out dotted.
 * @example paint(new Float64Array([0, 1]), [255, 0, 0], [0, 0, 255], [255, 255, 255])
 */
export function paint(
  probs: Float64Array,
  colour0: RGB,
  colour1: RGB,
  bg: RGB,
  out = new Uint8ClampedArray(probs.length * 4),
  strength = HEAT_STRENGTH,
): Uint8ClampedArray {
  for (let i = 0; i < probs.length; i++) {
    const t = probOrHalf(probs[i]);
    for (let k = 0; k < 3; k++) {
      const c = colour0[k] + (colour1[k] - colour0[k]) * t;
      out[4 * i + k] = bg[k] + (c - bg[k]) * strength;
    }
    out[4 * i + 3] = 255;
  }
  return out;
}

/**
 * The same picture for the static first frame, which cannot know the theme: a grey + alpha
 * mask whose alpha is P(class 1). The page lays the class-1 colour through this mask over
 * the class-0 colour, at opacity HEAT_STRENGTH over the background (see nn-playground.css), so
 * without JavaScript, in either theme, it looks exactly like `paint`.
 * @example probabilityMask(new Float64Array([0, 1])) // [0, 0, 0, 255]
 */
export function probabilityMask(probs: Float64Array, out = new Uint8ClampedArray(probs.length * 2)): Uint8ClampedArray {
  for (let i = 0; i < probs.length; i++) out[2 * i + 1] = Math.round(255 * probOrHalf(probs[i]));
  return out;
}

const probOrHalf = (p: number) => (Number.isFinite(p) ? Math.min(1, Math.max(0, p)) : 0.5);
