// The "autodiff" row: each function built from the engine's ops, differentiated by reverse
// mode. σ is composed from exp, add and div on purpose, so the engine never sees the
// formula σ(x)(1 − σ(x)) it is checked against; tanh, |x| and relu are engine primitives,
// as in every framework (their kinks follow the engine's convention, PyTorch's by default).
import { abs, add, div, exp, gradient, mul, neg, relu, sin, tanh, type Tensor } from '../../autodiff/index.ts';
import type { Autodiff, FnId } from './core.ts';

const GRAPHS: Record<FnId, (x: Tensor) => Tensor> = {
  square: (x) => mul(x, x),
  cube: (x) => mul(mul(x, x), x),
  sin: (x) => sin(x),
  exp: (x) => exp(x),
  tanh: (x) => tanh(x),
  sigmoid: (x) => div(1, add(1, exp(neg(x)))),
  xsinx: (x) => mul(x, sin(x)),
  abs: (x) => abs(x),
  relu: (x) => relu(x),
};

/** f′(x) by reverse mode: `autodiff('square', 3)` → 6. */
export const autodiff: Autodiff = (id, x) => gradient(GRAPHS[id], x)[0];
