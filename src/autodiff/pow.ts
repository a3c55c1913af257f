// Powers. x^p with a number p is one elementwise record (one pass, and an exact rule at
// x = 0); a^b with a tensor exponent is a broadcasting op differentiated in both arguments.
import { Tensor, asTensor, broadcastIndex, broadcastShapes, sizeOf, type TensorLike } from './tensor.ts';
import { needsGrad, record, type Op } from './engine.ts';
import { applyElementwise, type Elementwise } from './elementwise.ts';
import { add, expand, identity, mul, plus, sub, unbroadcast } from './binary.ts';
import { POW, getConvention, type ConventionName } from './conventions.ts';
import { log } from './unary.ts';

// x^p for a constant p. Guards keep 0^0-style cases finite (d/dx x¹ = 1 even at 0). At x = 0
// this is what all three frameworks return: 0 for p = 0 (pow_backward, _integer_pow_jvp,
// _pow_grad_x), 1 for p = 1, 0 for p > 1, +∞ for 0 < p < 1, −∞ for p < 0.
export const POW_CONST: Elementwise = {
  name: 'pow',
  f: (x, p) => x ** p,
  df: (x, _y, p) => (p === 0 ? 0 : p === 1 ? 1 : p * x ** (p - 1)),
  d2f: (x, _y, p) => (p === 0 || p === 1 ? 0 : p === 2 ? 2 : p * (p - 1) * x ** (p - 2)),
  dfOp: (x, _y, p) => (p === 0 ? mul(x, 0) : p === 1 ? add(mul(x, 0), 1) : mul(applyElementwise(POW_CONST, x, p - 1), p)),
};

/**
 * aᵇ. A number exponent uses the one-variable rule (the same in every preset); a tensor
 * exponent is differentiated too, and where a ≤ 0 each preset returns what its framework
 * does (table POW in conventions.ts: 0, ±∞ or NaN).
 */
export function pow(al: TensorLike, bl: TensorLike): Tensor {
  if (typeof bl === 'number') return applyElementwise(POW_CONST, al, bl);
  const a = asTensor(al),
    b = asTensor(bl);
  const shape = broadcastShapes('pow', a.shape, b.shape);
  const n = sizeOf(shape);
  const A = a.size === n ? identity(n) : broadcastIndex(a.shape, shape);
  const B = b.size === n ? identity(n) : broadcastIndex(b.shape, shape);
  const o = new Float64Array(n);
  for (let i = 0; i < n; i++) o[i] = a.data[A[i]] ** b.data[B[i]];
  return record(POW_OP, new Tensor(shape, o), [a, b], getConvention());
}

// The two partial derivatives as tensors of the output's shape. Where every base is positive
// they are written with ops (so a gradient of them can be taken again); otherwise they are
// computed entry by entry with the convention's rules and act as constants.
function partials(a: Tensor, b: Tensor, o: Tensor, conv: ConventionName, which: 'dx' | 'dp'): Tensor {
  let smooth = true;
  for (const v of a.data) if (!(v > 0)) smooth = false;
  if (smooth) return which === 'dx' ? mul(b, pow(a, sub(b, 1))) : mul(o, log(a));
  const n = o.size;
  const A = a.size === n ? identity(n) : broadcastIndex(a.shape, o.shape);
  const B = b.size === n ? identity(n) : broadcastIndex(b.shape, o.shape);
  const rule = POW[which][conv];
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = rule(a.data[A[i]], b.data[B[i]], o.data[i]);
  return new Tensor(o.shape, d);
}

const POW_OP: Op = {
  name: 'pow',
  // d(aᵇ) = b·aᵇ⁻¹·da + aᵇ·log(a)·db
  backward: (g, o, [a, b], conv: ConventionName) => [
    needsGrad(a) ? unbroadcast(mul(g, partials(a, b, o, conv, 'dx')), a) : null,
    needsGrad(b) ? unbroadcast(mul(g, partials(a, b, o, conv, 'dp')), b) : null,
  ],
  jvp: ([ta, tb], o, [a, b], conv: ConventionName) =>
    expand(plus(ta && mul(ta, partials(a, b, o, conv, 'dx')), tb && mul(tb, partials(a, b, o, conv, 'dp'))), o.shape),
};
