// Elementwise functions of one variable. Each is one record — value, first and second
// derivative, and its kink if it has one — and that record drives reverse mode, forward
// mode, the Hessian (via d2f) and the subgradient explorer alike.
import { Tensor, asTensor, type TensorLike } from './tensor.ts';
import { record, rulesAreDifferentiated, type Op } from './engine.ts';
import { choose, getConvention, isDirectional, type ConventionName, type Kink } from './conventions.ts';
import { add, div, greater, less, maximum, minimum, mul, sub, where } from './binary.ts';

export interface Elementwise {
  readonly name: string;
  /** Value; `p`, `q` are the op's parameters (leakyRelu's slope, clamp's bounds, a power). */
  f(x: number, p: number, q: number): number;
  /** Derivative away from kinks; `y = f(x)` is passed so tanh′ = 1 − y² costs no extra tanh. */
  df(x: number, y: number, p: number, q: number): number;
  /** Second derivative (0 for the piecewise-linear ones); differentiates a gradient of them. */
  d2f(x: number, y: number, p: number, q: number): number;
  /**
   * The derivative written with ops, for smooth functions. Used instead of the fused kernel
   * when the backward pass is itself differentiated (hvp, hessian, a gradient of a
   * gradient), so derivatives of any order come out of the same rules.
   */
  readonly dfOp?: (x: Tensor, y: Tensor, p: number) => Tensor;
  readonly kink?: Kink;
  /**
   * Optional whole-array kernels for the hot activations: the same math as f and df, but a
   * direct loop instead of a call per element through a shared site, which V8 cannot inline
   * (measured: tanh over 6 400 values 264 µs → 92 µs). `kinkSlope` is the convention's value at the kink.
   */
  readonly map?: (x: Float64Array, out: Float64Array, p: number) => void;
  readonly scale?: (x: Float64Array, y: Float64Array, g: Float64Array, out: Float64Array, kinkSlope: number, p: number) => void;
}

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
export const CLAMP: Elementwise = {
  name: 'clamp',
  f: (x, lo, hi) => Math.min(Math.max(x, lo), hi),
  df: (x, _y, lo, hi) => (x < lo || x > hi ? 0 : 1),
  d2f: () => 0,
  // At a bound PyTorch and ChainRules pass the gradient (non-strict bounds); jnp.clip is
  // maximum-then-minimum, whose tie rule gives ½.
  kink: {
    at: (lo, hi) => [lo, hi],
    set: (x, lo, hi) => (lo === hi ? [0, 0] : x === lo ? [0, 1] : [1, 0]),
    pick: { pytorch: 'max', jax: 'mid', flux: 'max' },
  },
};
// x^p for a constant p. Guards keep 0^0-style cases finite (d/dx x¹ = 1 even at 0).
export const POW_CONST: Elementwise = {
  name: 'pow',
  f: (x, p) => x ** p,
  df: (x, _y, p) => (p === 0 ? 0 : p === 1 ? 1 : p * x ** (p - 1)),
  d2f: (x, _y, p) => (p === 0 || p === 1 ? 0 : p === 2 ? 2 : p * (p - 1) * x ** (p - 2)),
  dfOp: (x, _y, p) => (p === 0 ? mul(x, 0) : p === 1 ? add(mul(x, 0), 1) : mul(applyElementwise(POW_CONST, x, p - 1), p)),
};

/** Parameters and the kink convention captured when the value was computed. */
type Saved = [number, number, ConventionName];

const opCache = new Map<Elementwise, Op>();

function opOf(rec: Elementwise): Op {
  let op = opCache.get(rec);
  if (op) return op;
  op = {
    name: rec.name,
    backward: (g, out, [x], s: Saved) => [
      rec.dfOp !== undefined && rulesAreDifferentiated()
        ? mul(g, rec.dfOp(x, out, s[0]))
        : scaleByDerivative(rec, x, out, g, s[0], s[1], s[2]),
    ],
    jvp: ([t], out, [x], s: Saved) => (t === null ? null : scaleByDerivative(rec, x, out, t, s[0], s[1], s[2])),
  };
  opCache.set(rec, op);
  return op;
}

/** Applies an elementwise record: `apply(TANH, x)`. All the named functions below use it. */
export function applyElementwise(rec: Elementwise, xl: TensorLike, p = 0, q = 0): Tensor {
  const x = asTensor(xl);
  const xd = x.data;
  const d = new Float64Array(xd.length);
  if (rec.map !== undefined) rec.map(xd, d, p);
  else {
    const f = rec.f;
    for (let i = 0; i < d.length; i++) d[i] = f(xd[i], p, q);
  }
  // The convention in force now is the one the gradient will use, even if the backward pass
  // runs later (a pullback called outside withConvention).
  return record(opOf(rec), new Tensor(x.shape, d), [x], [p, q, getConvention()]);
}

// g ⊙ f′(x): the reverse rule and the tangent rule of every elementwise function. It is an
// op itself (with a rule from d2f), so forward-over-reverse can differentiate a gradient.
const scaleOps = new Map<Elementwise, Op>();

function scaleOp(rec: Elementwise): Op {
  let op = scaleOps.get(rec);
  if (op) return op;
  op = {
    name: `${rec.name}′`,
    backward: (gOut, _o, [x, y, g], s: Saved) => [
      mul(gOut, mul(g, d2Tensor(rec, x, y, s))),
      null,
      scaleByDerivative(rec, x, y, gOut, s[0], s[1], s[2]),
    ],
    jvp: ([tx, , tg], _o, [x, y, g], s: Saved) => {
      const a = tg === null ? null : scaleByDerivative(rec, x, y, tg, s[0], s[1], s[2]);
      const b = tx === null ? null : mul(tx, mul(g, d2Tensor(rec, x, y, s)));
      return a === null ? b : b === null ? a : add(a, b);
    },
  };
  scaleOps.set(rec, op);
  return op;
}

function d2Tensor(rec: Elementwise, x: Tensor, y: Tensor, [p, q]: Saved): Tensor {
  const d = new Float64Array(x.size);
  for (let i = 0; i < d.length; i++) d[i] = rec.d2f(x.data[i], y.data[i], p, q);
  return new Tensor(x.shape, d);
}

export function scaleByDerivative(rec: Elementwise, x: Tensor, y: Tensor, g: Tensor, p: number, q: number, conv: ConventionName): Tensor {
  const n = x.size;
  const out = new Float64Array(n);
  const xd = x.data,
    yd = y.data,
    gd = g.data;
  const df = rec.df;
  const k = rec.kink;
  if (rec.scale !== undefined && (k === undefined || !isDirectional())) {
    rec.scale(xd, yd, gd, out, k === undefined ? 0 : choose(k.pick[conv], k.set(k.at(p, q)[0], p, q)), p);
  } else if (k === undefined) {
    for (let i = 0; i < n; i++) out[i] = gd[i] * df(xd[i], yd[i], p, q);
  } else {
    const ks = k.at(p, q);
    const k0 = ks[0],
      k1 = ks.length > 1 ? ks[1] : ks[0];
    const dir = isDirectional();
    const pick = k.pick[conv];
    for (let i = 0; i < n; i++) {
      const xi = xd[i];
      if (xi === k0 || xi === k1) {
        const s = k.set(xi, p, q);
        // Directional mode returns the one-sided derivative in the direction of the tangent.
        out[i] = dir ? (gd[i] > 0 ? s[1] : s[0]) * gd[i] : gd[i] * choose(pick, s);
      } else out[i] = gd[i] * df(xi, yd[i], p, q);
    }
  }
  return record(scaleOp(rec), new Tensor(x.shape, out), [x, y, g], [p, q, conv]);
}

/** −x */
export const neg = (x: TensorLike): Tensor => applyElementwise(NEG, x);
/** eˣ */
export const exp = (x: TensorLike): Tensor => applyElementwise(EXP, x);
/** Natural log. */
export const log = (x: TensorLike): Tensor => applyElementwise(LOG, x);
export const sqrt = (x: TensorLike): Tensor => applyElementwise(SQRT, x);
/** |x|; the derivative at 0 follows the convention (PyTorch 0, JAX 1, Flux 0). */
export const abs = (x: TensorLike): Tensor => applyElementwise(ABS, x);
export const sin = (x: TensorLike): Tensor => applyElementwise(SIN, x);
export const cos = (x: TensorLike): Tensor => applyElementwise(COS, x);
export const tanh = (x: TensorLike): Tensor => applyElementwise(TANH, x);
/** 1 / (1 + e⁻ˣ), stable for large |x|. */
export const sigmoid = (x: TensorLike): Tensor => applyElementwise(SIGMOID, x);
/** max(x, 0); relu′(0) = 0 in every preset. */
export const relu = (x: TensorLike): Tensor => applyElementwise(RELU, x);
/** x for x > 0, slope·x otherwise. */
export const leakyRelu = (x: TensorLike, slope = 0.01): Tensor => applyElementwise(LEAKY_RELU, x, slope);
/** log(1 + eˣ), stable for large |x|. */
export const softplus = (x: TensorLike): Tensor => applyElementwise(SOFTPLUS, x);
/**
 * Clamps to [lo, hi] (null for no bound; numbers or tensors, broadcasting). At a bound
 * PyTorch and Flux pass the gradient to x, JAX gives ½. With tensor bounds the bounds get
 * the gradient where they win, as in PyTorch's clamp_backward_min_max.
 * `clamp([-2, 0.5, 2], -1, 1)` → [-1.  0.5  1. ]
 */
export function clamp(x: TensorLike, lo: TensorLike | null, hi: TensorLike | null = null): Tensor {
  if ((lo === null || typeof lo === 'number') && (hi === null || typeof hi === 'number')) {
    return applyElementwise(CLAMP, x, lo ?? -Infinity, hi ?? Infinity);
  }
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
