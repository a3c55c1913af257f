// Powers. x^p with a number p is one elementwise record (one pass, and an exact rule at
// x = 0); a^b with a tensor exponent is a broadcasting op differentiated in both arguments.
import { Tensor, asTensor, broadcastIndex, broadcastShapes, sizeOf, type TensorLike } from './tensor.ts';
import { needsGrad, record, type Op } from './engine.ts';
import { applyElementwise, type Elementwise } from './elementwise.ts';
import { add, expand, identity, mul, plus, sub, unbroadcast } from './binary.ts';
import { log } from './unary.ts';

// x^p for a constant p. Guards keep 0^0-style cases finite (d/dx x¹ = 1 even at 0).
export const POW_CONST: Elementwise = {
  name: 'pow',
  f: (x, p) => x ** p,
  df: (x, _y, p) => (p === 0 ? 0 : p === 1 ? 1 : p * x ** (p - 1)),
  d2f: (x, _y, p) => (p === 0 || p === 1 ? 0 : p === 2 ? 2 : p * (p - 1) * x ** (p - 2)),
  dfOp: (x, _y, p) => (p === 0 ? mul(x, 0) : p === 1 ? add(mul(x, 0), 1) : mul(applyElementwise(POW_CONST, x, p - 1), p)),
};

/** aᵇ. A number exponent uses the one-variable rule; a tensor exponent is differentiated too. */
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
  return record(POW, new Tensor(shape, o), [a, b]);
}

const POW: Op = {
  name: 'pow',
  // d(aᵇ) = b·aᵇ⁻¹·da + aᵇ·log(a)·db. Where a ≤ 0 the second term is taken as 0, as in
  // PyTorch's pow_backward_exponent (the exponent's gradient exists only for a > 0).
  backward: (g, o, [a, b]) => [
    needsGrad(a) ? unbroadcast(mul(g, mul(b, pow(a, sub(b, 1)))), a) : null,
    needsGrad(b) ? unbroadcast(mul(g, mul(o, safeLog(a))), b) : null,
  ],
  jvp: ([ta, tb], o, [a, b]) => expand(plus(ta && mul(ta, mul(b, pow(a, sub(b, 1)))), tb && mul(tb, mul(o, safeLog(a)))), o.shape),
};

function safeLog(a: Tensor): Tensor {
  let positive = true;
  for (const v of a.data) if (!(v > 0)) positive = false;
  if (positive) return log(a);
  return new Tensor(
    a.shape,
    a.data.map((v) => (v > 0 ? Math.log(v) : 0)),
  );
}
