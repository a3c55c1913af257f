// The shallow network as plain numbers: parameters, initialisation and a forward pass on
// Float64Arrays. Training goes through the autodiff engine (train.ts); this fast forward
// pass draws the heatmap, measures accuracy, and is the function finite differences probe.
//
// Shapes (rows are samples, as in the post):
//   X (m, 2) · W1 (2, h) + b1 (1, h) = Z1 (m, h);  A1 = g(Z1)
//   A1 (m, h) · W2 (h, 1) + b2 (1, 1) = Z2 (m, 1); A2 = σ(Z2)
import type { Rng } from './datasets.ts';
import type { Activation } from './state.ts';

export const INPUTS = 2;

export interface Params {
  h: number;
  /** (2, h) */ W1: Float64Array;
  /** (1, h) */ b1: Float64Array;
  /** (h, 1) */ W2: Float64Array;
  /** (1, 1) */ b2: Float64Array;
}

export const PARAM_NAMES = ['W1', 'b1', 'W2', 'b2'] as const;
export type ParamName = (typeof PARAM_NAMES)[number];

export function paramShape(name: ParamName, h: number): [number, number] {
  return name === 'W1' ? [INPUTS, h] : name === 'b1' ? [1, h] : name === 'W2' ? [h, 1] : [1, 1];
}

/** Slope of leaky-relu for negative inputs (PyTorch's default, 0.01). */
export const LEAKY_SLOPE = 0.01;

/**
 * Each hidden activation, for the forward pass the heatmap, the loss and the accuracy use.
 * (Derivatives live where they are checked: formulas.ts writes them by hand, the engine
 * differentiates; both follow the engine's conventions at the kinks.)
 */
export const ACTIVATION_FNS: Record<Activation, { f: (z: number) => number }> = {
  tanh: { f: Math.tanh },
  relu: { f: (z) => Math.max(z, 0) },
  sigmoid: { f: sigmoid },
  'leaky-relu': { f: (z) => (z > 0 ? z : LEAKY_SLOPE * z) },
  min: { f: (z) => Math.min(z, 0) },
};

export function sigmoid(z: number): number {
  // Two branches so exp never overflows: the same value, computed stably.
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * Initial weights: W1 ~ N(0, 1/2) (LeCun: variance 1/fan-in), W2 ~ N(0, 1/h), biases 0.
 * The deeplearning.ai exercise uses 0.01·N(0, 1); scaling by fan-in trains faster here and
 * keeps relu units alive. Draws W1 row by row, then W2, from `rng`.
 */
export function initParams(h: number, rng: Rng): Params {
  const W1 = new Float64Array(INPUTS * h);
  const W2 = new Float64Array(h);
  const s1 = Math.sqrt(1 / INPUTS);
  const s2 = Math.sqrt(1 / h);
  for (let i = 0; i < W1.length; i++) W1[i] = rng.normal() * s1;
  for (let i = 0; i < W2.length; i++) W2[i] = rng.normal() * s2;
  return { h, W1, b1: new Float64Array(h), W2, b2: new Float64Array(1) };
}

export function cloneParams(p: Params): Params {
  return { h: p.h, W1: p.W1.slice(), b1: p.b1.slice(), W2: p.W2.slice(), b2: p.b2.slice() };
}

/** σ(Z2) for one input point: the probability of class 1. */
export function predict(p: Params, g: (z: number) => number, x1: number, x2: number): number {
  let z2 = p.b2[0];
  const h = p.h;
  for (let j = 0; j < h; j++) {
    z2 += g(x1 * p.W1[j] + x2 * p.W1[h + j] + p.b1[j]) * p.W2[j];
  }
  return sigmoid(z2);
}

/**
 * Mean binary cross-entropy −(1/m) Σ [y log a + (1 − y) log(1 − a)], a = σ(z2),
 * exactly as the post writes it (no clamping, so a saturated wrong answer gives +Inf).
 */
export function loss(p: Params, activation: Activation, x: Float64Array, y: Float64Array): number {
  const g = ACTIVATION_FNS[activation].f;
  const m = y.length;
  let total = 0;
  for (let i = 0; i < m; i++) {
    const a = predict(p, g, x[2 * i], x[2 * i + 1]);
    total += y[i] === 1 ? Math.log(a) : Math.log(1 - a);
  }
  return -total / m;
}

/** Share of points whose predicted class (a > 0.5) matches the label. */
export function accuracy(p: Params, activation: Activation, x: Float64Array, y: Float64Array): number {
  const g = ACTIVATION_FNS[activation].f;
  const m = y.length;
  if (m === 0) return NaN;
  let right = 0;
  for (let i = 0; i < m; i++) {
    const a = predict(p, g, x[2 * i], x[2 * i + 1]);
    if ((a > 0.5 ? 1 : 0) === y[i]) right++;
  }
  return right / m;
}

export function allFinite(p: Params): boolean {
  for (const name of PARAM_NAMES) for (const v of p[name]) if (!Number.isFinite(v)) return false;
  return true;
}
