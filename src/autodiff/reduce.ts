// Reductions. sum is sumTo plus a reshape; mean, logsumexp, softmax and min are compositions.
// max is primitive because of its tie rule; norm because its gradient at 0 must be 0, not
// the NaN that sqrt(sum(x²)) would give (PyTorch also returns 0 there).
import { AutodiffError, Tensor, asTensor, broadcastIndex, sizeOf, type Shape, type TensorLike } from './tensor.ts';
import { record, type Op } from './engine.ts';
import { NORM_AT_ZERO, TIES, checkOption, getConvention, isDirectional, type ConventionName, type Ties } from './conventions.ts';
import { add, broadcastTo, div, mul, sub, sumTo, where } from './binary.ts';
import { detach, exp, log, neg } from './unary.ts';
import { normAxis, reshape } from './shape.ts';

export type Axis = number | number[] | undefined;

function axesOf(op: string, shape: Shape, axis: Axis): number[] {
  if (axis === undefined) return shape.map((_, i) => i);
  const list = typeof axis === 'number' ? [axis] : axis;
  return list.map((a) => normAxis(op, a, shape.length));
}

const keptShape = (shape: Shape, axes: number[]): Shape => shape.map((d, i) => (axes.includes(i) ? 1 : d));
const droppedShape = (shape: Shape, axes: number[]): Shape => shape.filter((_, i) => !axes.includes(i));

/** Sum of all entries, or along `axis` (a number or list). `sum(A)`, `sum(A, 0)`, `sum(A, 1, true)` keeps the axis as size 1. */
export function sum(xl: TensorLike, axis?: Axis, keepdims = false): Tensor {
  const x = asTensor(xl);
  const axes = axesOf('sum', x.shape, axis);
  const s = sumTo(x, keptShape(x.shape, axes));
  return keepdims ? s : reshape(s, droppedShape(x.shape, axes));
}

/** Mean of all entries or along `axis`. */
export function mean(xl: TensorLike, axis?: Axis, keepdims = false): Tensor {
  const x = asTensor(xl);
  const axes = axesOf('mean', x.shape, axis);
  const count = axes.reduce((n, a) => n * x.shape[a], 1);
  if (count === 0) throw new AutodiffError('mean', 'mean of an empty tensor is undefined.');
  return mul(sum(x, axis, keepdims), 1 / count);
}

interface MaxSaved {
  w: Tensor;
  kshape: Shape;
  tie: Uint8Array;
  map: Int32Array;
}

/**
 * Largest entry, overall or along `axis`. Ties: PyTorch (torch.max(x), torch.amax) and JAX
 * split the gradient evenly among all maxima; Flux (findmax) gives it all to the first.
 * `{ ties: 'first' }` or `{ ties: 'split' }` overrides the convention for this call:
 * 'first' is torch.max(x, dim), whose gradient goes to the index it returns.
 */
export function max(xl: TensorLike, axis?: Axis, keepdims = false, opts?: { readonly ties?: Ties }): Tensor {
  const x = asTensor(xl);
  if (x.size === 0) throw new AutodiffError('max', 'max of an empty tensor is undefined.');
  const axes = axesOf('max', x.shape, axis);
  const kshape = keptShape(x.shape, axes);
  const map = broadcastIndex(kshape, x.shape);
  const m = new Float64Array(sizeOf(kshape)).fill(-Infinity);
  const d = x.data;
  for (let i = 0; i < d.length; i++) if (d[i] > m[map[i]] || Number.isNaN(d[i])) m[map[i]] = d[i];
  const count = new Float64Array(m.length);
  for (let i = 0; i < d.length; i++) if (d[i] === m[map[i]]) count[map[i]]++;
  const ties = opts?.ties === undefined ? TIES.max[getConvention()] : checkOption('max', 'ties', opts.ties, ['split', 'first']);
  const split = ties === 'split';
  const w = new Float64Array(d.length);
  const tie = new Uint8Array(d.length);
  const taken = new Uint8Array(m.length);
  for (let i = 0; i < d.length; i++) {
    const j = map[i];
    if (d[i] !== m[j]) continue;
    tie[i] = count[j] > 1 ? 1 : 0;
    if (split) w[i] = 1 / count[j];
    else if (!taken[j]) {
      w[i] = 1;
      taken[j] = 1;
    }
  }
  const saved: MaxSaved = { w: new Tensor(x.shape, w), kshape, tie, map };
  const out = new Tensor(keepdims ? kshape : droppedShape(x.shape, axes), m);
  return record(MAX, out, [x], saved);
}

const MAX: Op = {
  name: 'max',
  backward: (g, _o, [x], s: MaxSaved) => [mul(broadcastTo(reshape(g, s.kshape), x.shape), s.w)],
  jvp: ([t], o, _in, s: MaxSaved) => {
    if (t === null) return null;
    if (!isDirectional()) return reshape(sumTo(mul(t, s.w), s.kshape), o.shape);
    // One-sided: among tied maxima the max moves like the fastest-growing one.
    const r = new Float64Array(o.size).fill(-Infinity);
    for (let i = 0; i < t.size; i++) if (s.w.data[i] > 0 || s.tie[i]) r[s.map[i]] = Math.max(r[s.map[i]], t.data[i]);
    return new Tensor(o.shape, r);
  },
};

/** Smallest entry (max of −x, so ties follow the same convention and option). */
export const min = (x: TensorLike, axis?: Axis, keepdims = false, opts?: { readonly ties?: Ties }): Tensor =>
  neg(max(neg(x), axis, keepdims, opts));

/** log Σ eˣ, computed as m + log Σ e^(x−m) so large inputs do not overflow. */
export function logsumexp(xl: TensorLike, axis?: Axis, keepdims = false): Tensor {
  const x = asTensor(xl);
  const m = detach(max(x, axis, true));
  const r = add(log(sum(exp(sub(x, m)), axis, true)), m);
  return keepdims ? r : reshape(r, droppedShape(x.shape, axesOf('logsumexp', x.shape, axis)));
}

/** e^x / Σ e^x along `axis` (default the last), shifted by the max for stability. */
export function softmax(xl: TensorLike, axis = -1): Tensor {
  const x = asTensor(xl);
  const e = exp(sub(x, detach(max(x, axis, true))));
  return div(e, sum(e, axis, true));
}

/**
 * Euclidean norm of all entries (Frobenius for a matrix), or along `axis`. At a zero
 * vector PyTorch (`masked_fill_(norm == 0, 0)`) and ChainRules (`pinv(0) = 0`) return the
 * zero subgradient; JAX, whose norm is sqrt(sum(x²)), returns 0·∞ = NaN (the 'jax' preset).
 */
export function norm(xl: TensorLike, axis?: Axis, keepdims = false): Tensor {
  const x = asTensor(xl);
  const axes = axesOf('norm', x.shape, axis);
  const kshape = keptShape(x.shape, axes);
  const map = broadcastIndex(kshape, x.shape);
  const s = new Float64Array(sizeOf(kshape));
  const d = x.data;
  for (let i = 0; i < d.length; i++) s[map[i]] += d[i] * d[i];
  for (let j = 0; j < s.length; j++) s[j] = Math.sqrt(s[j]);
  const saved: NormSaved = { kshape, conv: getConvention() };
  return record(NORM, new Tensor(keepdims ? kshape : droppedShape(x.shape, axes), s), [x], saved);
}

interface NormSaved {
  kshape: Shape;
  conv: ConventionName;
}

// ‖x‖ with zeros replaced by the convention's choice: 1 for PyTorch and ChainRules (every
// entry of x is 0 there, so x / 1 = 0 gives the zero subgradient without a mask, and the
// expression stays differentiable); JAX keeps the 0, and x / 0 = 0/0 = NaN as in its sqrt rule.
const safeNorm = (o: Tensor, s: NormSaved): Tensor => {
  const k = reshape(o, s.kshape);
  return o.data.includes(0) && NORM_AT_ZERO[s.conv] === 0 ? where(k, k, 1) : k;
};

const NORM: Op = {
  name: 'norm',
  backward: (g, o, [x], s: NormSaved) => [div(mul(x, broadcastTo(reshape(g, s.kshape), x.shape)), broadcastTo(safeNorm(o, s), x.shape))],
  jvp: ([t], o, [x], s: NormSaved) => {
    if (t === null) return null;
    const d = reshape(div(sumTo(mul(x, t), s.kshape), safeNorm(o, s)), o.shape);
    if (!isDirectional() || !o.data.includes(0)) return d;
    // One-sided at the zero vector: ‖0 + εt‖ = ε‖t‖, so the directional derivative is ‖t‖.
    const tn = sumTo(mul(t, t), s.kshape).data;
    const out = Float64Array.from(d.data, (v, j) => (o.data[j] === 0 ? Math.sqrt(tn[j]!) : v));
    return new Tensor(o.shape, out);
  },
};
