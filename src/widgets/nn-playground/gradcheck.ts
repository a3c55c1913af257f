// The gradient check: three independent answers to "what is ∂L/∂θ?" — the post's hand
// formulas, the autodiff engine, and central finite differences of the loss — and the
// largest relative error between each pair.
import { cloneParams, loss, PARAM_NAMES, type ParamName, type Params } from './model.ts';
import type { Activation } from './state.ts';

export type Gradients = Record<ParamName, Float64Array>;

/** Step of the central difference: truncation error ~ε², rounding error ~1e-16/ε. */
export const FD_EPSILON = 1e-5;

/**
 * Central finite differences (L(θ + ε) − L(θ − ε)) / 2ε for every parameter entry.
 * @example finiteDifferences(params, 'tanh', x, y).W1 // ≈ ∂L/∂W1, to about 1e-10
 */
export function finiteDifferences(p: Params, activation: Activation, x: Float64Array, y: Float64Array, eps = FD_EPSILON): Gradients {
  const probe = cloneParams(p);
  const out = {} as Gradients;
  for (const name of PARAM_NAMES) {
    const values = probe[name];
    const grad = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const saved = values[i];
      values[i] = saved + eps;
      const up = loss(probe, activation, x, y);
      values[i] = saved - eps;
      const down = loss(probe, activation, x, y);
      values[i] = saved;
      grad[i] = (up - down) / (2 * eps);
    }
    out[name] = grad;
  }
  return out;
}

/**
 * Relative error of two numbers, |a − b| / max(|a|, |b|, floor). The floor keeps entries
 * that are both ~0 (where finite differences only have absolute accuracy) from reading
 * as large relative errors; 1e-7 is well below any gradient entry that matters here.
 * @example relativeError(1, 1.001) // ≈ 1e-3
 */
export function relativeError(a: number, b: number, floor = 1e-7): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), floor);
}

/** Largest relative error over every entry of every parameter (NaN if any entry is NaN). */
export function maxRelativeError(a: Gradients, b: Gradients): number {
  let worst = 0;
  for (const name of PARAM_NAMES) {
    for (let i = 0; i < a[name].length; i++) {
      const e = relativeError(a[name][i], b[name][i]);
      if (Number.isNaN(e)) return NaN;
      worst = Math.max(worst, e);
    }
  }
  return worst;
}

export interface CheckResult {
  handVsEngine: number;
  handVsNumeric: number;
  engineVsNumeric: number;
}

export function compare(hand: Gradients, engine: Gradients, numeric: Gradients): CheckResult {
  return {
    handVsEngine: maxRelativeError(hand, engine),
    handVsNumeric: maxRelativeError(hand, numeric),
    engineVsNumeric: maxRelativeError(engine, numeric),
  };
}

/** Below this, two gradients agree. */
export const AGREE = 1e-5;
/** Above this, they disagree: a wrong formula, not rounding. */
export const DISAGREE = 1e-2;

export type Verdict = 'agree' | 'unclear' | 'disagree';
export function verdict(error: number): Verdict {
  if (!(error <= DISAGREE)) return 'disagree'; // also NaN
  return error <= AGREE ? 'agree' : 'unclear';
}
