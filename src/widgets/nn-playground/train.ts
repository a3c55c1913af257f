// The only file that talks to the autodiff engine: the loss of the shallow network written
// with engine ops, its gradient by reverse mode, and one gradient-descent step.
import {
  affine,
  binaryCrossEntropy,
  leakyRelu,
  minimum,
  relu,
  sigmoid,
  tanh,
  tensor,
  valueAndGradient,
  type Tensor,
} from '../../autodiff/index.ts';
import { backprop, passGradients } from './formulas.ts';
import type { Gradients } from './gradcheck.ts';
import { INPUTS, LEAKY_SLOPE, PARAM_NAMES, paramShape, type Params } from './model.ts';
import type { Activation, Formula } from './state.ts';

const ACTIVATE: Record<Activation, (z: Tensor) => Tensor> = {
  tanh,
  relu,
  sigmoid,
  'leaky-relu': (z) => leakyRelu(z, LEAKY_SLOPE),
  min: (z) => minimum(z, 0),
};

/**
 * ∂L/∂W1, ∂L/∂b1, ∂L/∂W2, ∂L/∂b2 from the engine, for the loss as the post writes it:
 * L = mean BCE(σ(g(X W1 + b1) W2 + b2), Y). `affine(X, W, b)` is the engine's fused
 * `add(matmul(X, W), b)` (the post's listing uses the unfused form; same values, fewer passes).
 * @example engineGradients(params, 'tanh', x, y).grads.W1 // Float64Array of 2·h values
 */
export function engineGradients(p: Params, activation: Activation, x: Float64Array, y: Float64Array): { loss: number; grads: Gradients } {
  const m = y.length;
  const X = tensor(x, [m, INPUTS]);
  const Y = tensor(y, [m, 1]);
  const g = ACTIVATE[activation];
  const f = (W1: Tensor, b1: Tensor, W2: Tensor, b2: Tensor) => binaryCrossEntropy(sigmoid(affine(g(affine(X, W1, b1)), W2, b2)), Y);
  const [W1, b1, W2, b2] = PARAM_NAMES.map((name) => tensor(p[name], paramShape(name, p.h)));
  const { value, gradients } = valueAndGradient(f, W1, b1, W2, b2);
  const grads = {} as Gradients;
  for (const [i, name] of PARAM_NAMES.entries()) grads[name] = gradients[i].data;
  return { loss: value, grads };
}

/**
 * One step of gradient descent on the batch, in place. Gradients come from the engine;
 * with the flipped formula they come from the post's formulas with the sign slip, so the
 * reader can watch what the mistake does to training. Returns the batch loss before the step.
 */
export function sgdStep(p: Params, activation: Activation, formula: Formula, lr: number, x: Float64Array, y: Float64Array): number {
  let loss: number;
  let grads: Gradients;
  if (formula === 'flipped') {
    const pass = backprop(p, activation, x, y, true);
    loss = pass.L;
    grads = passGradients(pass);
  } else {
    ({ loss, grads } = engineGradients(p, activation, x, y));
  }
  for (const name of PARAM_NAMES) {
    const w = p[name];
    const d = grads[name];
    for (let i = 0; i < w.length; i++) w[i] -= lr * d[i];
  }
  return loss;
}
