// The engine's one public entry point. Everything a widget, a worker or a post may use is
// re-exported here; the other files are internal and may change.
export { Tensor, AutodiffError, tensor, zeros, ones, full, eye, arange, broadcastShapes } from './tensor.ts';
export type { Shape, NestedArray, TensorLike } from './tensor.ts';
export { rng, rand, randn } from './rng.ts';
export type { Rng, SeededRng } from './rng.ts';
export { add, sub, mul, div, maximum, minimum, where, greater, less, equal, broadcastTo, sumTo } from './binary.ts';
export { pow } from './pow.ts';
export { neg, exp, log, sqrt, abs, sin, cos, tanh, sigmoid, relu, leakyRelu, softplus, clamp, hardtanh, relu6, detach } from './unary.ts';
export type { KinkOptions } from './unary.ts';
export { sign, floor, ceil, round } from './steps.ts';
export { reshape, transpose, slice, index, concat, stack } from './shape.ts';
export type { SliceSpec } from './shape.ts';
export { sum, mean, max, min, logsumexp, softmax, norm } from './reduce.ts';
export type { Axis } from './reduce.ts';
export { matmul, affine, dot, outer, det, inv } from './linalg.ts';
export { mse, binaryCrossEntropy, binaryCrossEntropyWithLogits, softmaxCrossEntropy } from './losses.ts';
export { gradient, valueAndGradient, gradientsOf, vjp, jvp, jacobian, hessian, hvp } from './api.ts';
export type { ArgOf, GradOf } from './api.ts';
export { trace, subdifferential } from './inspect.ts';
export type { Trace, TraceNode } from './inspect.ts';
export { withConvention, setConvention, getConvention, CONVENTION_NAMES, TIES, POW, NORM_AT_ZERO, choose, atKink } from './conventions.ts';
export type { ConventionName, Kink, Pick, Ties } from './conventions.ts';
export { withDebug, setDebug, getDebug } from './engine.ts';
export { dense, chain, sgd, momentum, adam } from './nn.ts';
export type { Activation, Layer, Dense, Optimizer } from './nn.ts';

import { ABS, CLAMP, COS, EXP, HARDTANH, LEAKY_RELU, LOG, NEG, RELU, RELU6, SIGMOID, SIN, SOFTPLUS, SQRT, TANH } from './unary.ts';
import { CEIL, FLOOR, ROUND, SIGN } from './steps.ts';
import { POW_CONST } from './pow.ts';
export type { Elementwise } from './elementwise.ts';
/**
 * The elementwise records (value, derivative, second derivative, kink) — the same objects
 * the engine differentiates with, for the subgradient explorer and the docs.
 */
export const elementwise = {
  neg: NEG,
  exp: EXP,
  log: LOG,
  sqrt: SQRT,
  abs: ABS,
  sin: SIN,
  cos: COS,
  tanh: TANH,
  sigmoid: SIGMOID,
  relu: RELU,
  leakyRelu: LEAKY_RELU,
  softplus: SOFTPLUS,
  clamp: CLAMP,
  hardtanh: HARDTANH,
  relu6: RELU6,
  sign: SIGN,
  floor: FLOOR,
  ceil: CEIL,
  round: ROUND,
  pow: POW_CONST,
} as const;
