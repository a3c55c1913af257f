// Elementwise functions of one variable. Each is one record — value, first and second
// derivative, and its kink if it has one — and that record drives reverse mode, forward
// mode, the Hessian (via d2f) and the subgradient explorer alike (see elementwise.ts).
import { AutodiffError, Tensor, asTensor, type TensorLike } from './tensor.ts';
import { getConvention, type Pick } from './conventions.ts';
import { applyElementwise, type Elementwise } from './elementwise.ts';
import { div, greater, less, maximum, minimum, mul, sub, where } from './binary.ts';

export type { Elementwise } from './elementwise.ts';

const sig = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

export const NEG: Elementwise = { name: 'neg', f: (x) => -x, df: () => -1, d2f: () => 0 };
export const EXP: Elementwise = {
  name: 'exp',
  f: Math.exp,
  df: (_x, y) => y,
  d2f: (_x, y) => y,
  dfOp: (_x, y) => y,
  map: (x, o) => {
    for (let i = 0; i < x.length; i++) o[i] = Math.exp(x[i]);
  },
  scale: (_x, y, g, o) => {
    for (let i = 0; i < y.length; i++) o[i] = g[i] * y[i];
  },
};
export const LOG: Elementwise = { name: 'log', f: Math.log, df: (x) => 1 / x, d2f: (x) => -1 / (x * x), dfOp: (x) => div(1, x) };
export const SQRT: Elementwise = {
  name: 'sqrt',
  f: Math.sqrt,
  df: (_x, y) => 0.5 / y,
  d2f: (_x, y) => -0.25 / (y * y * y),
  dfOp: (_x, y) => div(0.5, y),
};
export const SIN: Elementwise = { name: 'sin', f: Math.sin, df: Math.cos, d2f: (_x, y) => -y, dfOp: (x) => cos(x) };
export const COS: Elementwise = { name: 'cos', f: Math.cos, df: (x) => -Math.sin(x), d2f: (_x, y) => -y, dfOp: (x) => neg(sin(x)) };
export const TANH: Elementwise = {
  name: 'tanh',
  f: Math.tanh,
  df: (_x, y) => 1 - y * y,
  d2f: (_x, y) => -2 * y * (1 - y * y),
  dfOp: (_x, y) => sub(1, mul(y, y)),
  map: (x, o) => {
    for (let i = 0; i < x.length; i++) o[i] = Math.tanh(x[i]);
  },
  scale: (_x, y, g, o) => {
    for (let i = 0; i < y.length; i++) o[i] = g[i] * (1 - y[i] * y[i]);
  },
};
// Written piecewise so neither branch overflows: sigmoid(-1000) is 0, not NaN.
export const SIGMOID: Elementwise = {
  name: 'sigmoid',
  f: sig,
  df: (_x, y) => y * (1 - y),
  d2f: (_x, y) => y * (1 - y) * (1 - 2 * y),
  dfOp: (_x, y) => mul(y, sub(1, y)),
  map: (x, o) => {
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      if (v >= 0) o[i] = 1 / (1 + Math.exp(-v));
      else {
        const e = Math.exp(v);
        o[i] = e / (1 + e);
      }
    }
  },
  scale: (_x, y, g, o) => {
    for (let i = 0; i < y.length; i++) o[i] = g[i] * y[i] * (1 - y[i]);
  },
};
// log(1 + eˣ) = max(x, 0) + log1p(e^−|x|): exact for large |x| where the naive form overflows.
export const SOFTPLUS: Elementwise = {
  name: 'softplus',
  f: (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),
  df: (x) => sig(x),
  d2f: (x) => sig(x) * (1 - sig(x)),
  dfOp: (x) => sigmoid(x),
};

export const ABS: Elementwise = {
  name: 'abs',
  f: Math.abs,
  df: (x) => (x > 0 ? 1 : -1),
  d2f: () => 0,
  // PyTorch and ChainRules use sign(x), which is 0 at 0; JAX selects g for x >= 0.
  kink: { at: () => [0], set: () => [-1, 1], pick: { pytorch: 'zero', jax: 'right', flux: 'zero' } },
};
export const RELU: Elementwise = {
  name: 'relu',
  f: (x) => Math.max(x, 0),
  df: (x) => (x > 0 ? 1 : 0),
  d2f: () => 0,
  map: (x, o) => {
    for (let i = 0; i < x.length; i++) o[i] = Math.max(x[i], 0);
  },
  scale: (x, _y, g, o, k) => {
    for (let i = 0; i < x.length; i++) o[i] = x[i] > 0 ? g[i] : x[i] === 0 ? g[i] * k : 0;
  },
  // All three pick 0 (PyTorch threshold_backward, jax.nn.relu's custom JVP, NNlib's x > 0).
  kink: { at: () => [0], set: () => [0, 1], pick: { pytorch: 'left', jax: 'left', flux: 'left' } },
};
export const LEAKY_RELU: Elementwise = {
  name: 'leakyRelu',
  f: (x, a) => (x > 0 ? x : a * x),
  df: (x, _y, a) => (x > 0 ? 1 : a),
  d2f: () => 0,
  map: (x, o, a) => {
    for (let i = 0; i < x.length; i++) o[i] = x[i] > 0 ? x[i] : a * x[i];
  },
  scale: (x, _y, g, o, k, a) => {
    for (let i = 0; i < x.length; i++) o[i] = x[i] > 0 ? g[i] : x[i] === 0 ? g[i] * k : g[i] * a;
  },
  // PyTorch and NNlib test x > 0 (slope a at 0); jax.nn.leaky_relu tests x >= 0 (1 at 0).
  kink: { at: () => [0], set: (_x, a) => [a, 1], pick: { pytorch: 'left', jax: 'right', flux: 'left' } },
};
// One-sided slopes of a clamp to [lo, hi] at a bound: flat outside, slope 1 inside.
const boundSlopes = (x: number, lo: number, hi: number): [number, number] => (lo === hi ? [0, 0] : x === lo ? [0, 1] : [1, 0]);
const clampTo = (x: number, lo: number, hi: number): number => Math.min(Math.max(x, lo), hi);

export const CLAMP: Elementwise = {
  name: 'clamp',
  f: clampTo,
  df: (x, _y, lo, hi) => (x < lo || x > hi ? 0 : 1),
  d2f: () => 0,
  // At a bound PyTorch and ChainRules pass the gradient (non-strict bounds); jnp.clip is
  // maximum-then-minimum, whose tie rule gives ½. (lax.clamp gives 0: pick 'min'.)
  kink: { at: (lo, hi) => [lo, hi], set: boundSlopes, pick: { pytorch: 'max', jax: 'mid', flux: 'max' } },
};
// The same function as clamp, with other rules: PyTorch's hardtanh_backward and NNlib test
// strictly inside (0 at a bound); jax.nn.hard_tanh is a double where that keeps x at ±1 (1).
export const HARDTANH: Elementwise = {
  name: 'hardtanh',
  f: clampTo,
  df: (x, _y, lo, hi) => (x < lo || x > hi ? 0 : 1),
  d2f: () => 0,
  kink: { at: (lo, hi) => [lo, hi], set: boundSlopes, pick: { pytorch: 'min', jax: 'max', flux: 'min' } },
};
// min(max(x, 0), 6): PyTorch (hardtanh(x, 0, 6)), jax.nn.relu6's custom JVP and NNlib all
// give 0 at both kinks.
export const RELU6: Elementwise = {
  name: 'relu6',
  f: (x) => clampTo(x, 0, 6),
  df: (x) => (x < 0 || x > 6 ? 0 : 1),
  d2f: () => 0,
  kink: { at: () => [0, 6], set: (x) => boundSlopes(x, 0, 6), pick: { pytorch: 'min', jax: 'min', flux: 'min' } },
};

/**
 * Per-call override of the convention at a kink: `{ pick: 'right' }` returns the right slope
 * whatever the preset (ForwardDiff.jl's abs at 0; `{ pick: 'min' }` is lax.clamp at a bound).
 */
export interface KinkOptions {
  readonly pick?: Pick;
}
/** −x */
export const neg = (x: TensorLike): Tensor => applyElementwise(NEG, x);
/** eˣ */
export const exp = (x: TensorLike): Tensor => applyElementwise(EXP, x);
/** Natural log. */
export const log = (x: TensorLike): Tensor => applyElementwise(LOG, x);
export const sqrt = (x: TensorLike): Tensor => applyElementwise(SQRT, x);
/**
 * |x|; the derivative at 0 follows the convention (PyTorch 0, JAX 1, Flux/Zygote 0), or
 * `opts.pick`: `abs(x, { pick: 'right' })` is ForwardDiff.jl's 1. (Overloads, so that
 * `gradient(abs, 0)` still type-checks.)
 */
export function abs(x: TensorLike): Tensor;
export function abs(x: TensorLike, opts: KinkOptions): Tensor;
export function abs(x: TensorLike, opts?: KinkOptions): Tensor {
  return applyElementwise(ABS, x, 0, 0, opts?.pick);
}
export const sin = (x: TensorLike): Tensor => applyElementwise(SIN, x);
export const cos = (x: TensorLike): Tensor => applyElementwise(COS, x);
export const tanh = (x: TensorLike): Tensor => applyElementwise(TANH, x);
/** 1 / (1 + e⁻ˣ), stable for large |x|. */
export const sigmoid = (x: TensorLike): Tensor => applyElementwise(SIGMOID, x);
/** max(x, 0); relu′(0) = 0 in every preset. */
export const relu = (x: TensorLike): Tensor => applyElementwise(RELU, x);
/** x for x > 0, slope·x otherwise; at 0 PyTorch and Flux give the slope, JAX 1. */
export const leakyRelu = (x: TensorLike, slope = 0.01, opts?: KinkOptions): Tensor => applyElementwise(LEAKY_RELU, x, slope, 0, opts?.pick);
/** clamp(x, lo, hi) as an activation (default [−1, 1]); at a bound PyTorch and Flux give 0, JAX 1. */
export const hardtanh = (x: TensorLike, lo = -1, hi = 1, opts?: KinkOptions): Tensor => {
  if (!(lo <= hi)) throw new AutodiffError('hardtanh', `needs lo ≤ hi, got lo = ${lo} and hi = ${hi}.`);
  return applyElementwise(HARDTANH, x, lo, hi, opts?.pick);
};
/** min(max(x, 0), 6); the derivative at 0 and at 6 is 0 in every preset. */
export const relu6 = (x: TensorLike): Tensor => applyElementwise(RELU6, x);
/** log(1 + eˣ), stable for large |x|. */
export const softplus = (x: TensorLike): Tensor => applyElementwise(SOFTPLUS, x);
/**
 * Clamps to [lo, hi] (null for no bound; numbers or tensors, broadcasting). At a bound
 * PyTorch and Flux pass the gradient to x, JAX (jnp.clip) gives ½; `{ pick: 'min' }` gives
 * lax.clamp's 0. With tensor bounds the bounds get the gradient where they win, as in
 * PyTorch's clamp_backward_min_max.
 * `clamp([-2, 0.5, 2], -1, 1)` → [-1.  0.5  1. ]
 */
export function clamp(x: TensorLike, lo: TensorLike | null, hi: TensorLike | null = null, opts?: KinkOptions): Tensor {
  if ((lo === null || typeof lo === 'number') && (hi === null || typeof hi === 'number')) {
    return applyElementwise(CLAMP, x, lo ?? -Infinity, hi ?? Infinity, opts?.pick);
  }
  if (opts?.pick !== undefined)
    throw new AutodiffError(
      'clamp',
      `the pick option needs number bounds (got a tensor ${lo !== null && typeof lo !== 'number' ? 'lo' : 'hi'}); with tensor bounds the convention decides.`,
    );
  // Tensor bounds: JAX's jnp.clip is literally minimum(maximum(x, lo), hi); PyTorch and
  // ChainRules keep x wherever lo ≤ x ≤ hi, which is what the where-form says.
  let y = asTensor(x);
  if (getConvention() === 'jax') {
    if (lo !== null) y = maximum(y, lo);
    return hi === null ? y : minimum(y, hi);
  }
  if (lo !== null) y = where(less(y, lo), lo, y);
  return hi === null ? y : where(greater(y, hi), hi, y);
}

/** The same values, cut off from the graph: no gradient or tangent flows through (JAX's stop_gradient). */
export function detach(x: TensorLike): Tensor {
  const t = asTensor(x);
  return new Tensor(t.shape, t.data);
}
