// Second derivatives of every smooth op: forward-over-reverse (hvp) against finite
// differences of the gradient, and against reverse-over-reverse (a gradient of ⟨∇f, v⟩).
import { describe, it } from 'vitest';
import fc from 'fast-check';
import * as A from '../../src/autodiff/index.ts';
import { Tensor, add, gradient, hvp, mul, randn, rng, sum, type Rng } from '../../src/autodiff/index.ts';
import { expectClose, positive } from './oracles.ts';

type Case = [name: string, make: (r: Rng) => Tensor, op: (x: Tensor) => Tensor];
const n = (shape: number[]) => (r: Rng) => randn(shape, r);
const wellConditioned = (r: Rng) => add(randn([3, 3], r), mul(A.eye(3), 3));

const cases: Case[] = [
  ['exp', n([4]), A.exp],
  ['log', (r) => positive([4], r), A.log],
  ['sqrt', (r) => positive([4], r), A.sqrt],
  ['sin', n([4]), A.sin],
  ['cos', n([4]), A.cos],
  ['tanh', n([4]), A.tanh],
  ['sigmoid', n([4]), A.sigmoid],
  ['softplus', n([4]), A.softplus],
  ['pow 3.5', (r) => positive([4], r), (x) => A.pow(x, 3.5)],
  ['pow, tensor exponent', (r) => positive([4], r), (x) => A.pow(x, A.sin(x))],
  ['div', (r) => positive([4], r), (x) => A.div(A.sin(x), x)],
  ['mul with broadcasting', n([2, 3]), (x) => A.mul(x, A.sum(x, 0, true))],
  ['softmax', n([2, 3]), A.softmax],
  ['logsumexp', n([2, 3]), (x) => A.logsumexp(x, 1)],
  ['norm', n([2, 3]), (x) => A.norm(x)],
  ['det', wellConditioned, A.det],
  ['inv', wellConditioned, A.inv],
  ['matmul', n([3, 3]), (x) => A.matmul(x, A.tanh(x))],
  ['binaryCrossEntropyWithLogits', n([4, 1]), (z) => A.binaryCrossEntropyWithLogits(z, A.tensor([[0], [1], [1], [0]]))],
  ['binaryCrossEntropy', n([4, 1]), (z) => A.binaryCrossEntropy(A.sigmoid(z), A.tensor([[0], [1], [1], [0]]))],
  ['softmaxCrossEntropy', n([2, 3]), (z) => A.softmaxCrossEntropy(z, [2, 0])],
];

describe('second derivatives: hvp = finite differences of ∇ = reverse over reverse', () => {
  it.each(cases)('%s', (_name, make, op) => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const r = rng(seed);
        const x = make(r);
        const W = randn(op(x).shape, r);
        const f = (y: Tensor) => sum(mul(op(y), W));
        const v = randn(x.shape, r);
        const Hv = hvp(f, x, v);
        const h = 1e-5;
        const g = (y: Tensor) => gradient(f, y)[0];
        const plus = g(add(x, mul(v, h))),
          minus = g(add(x, mul(v, -h)));
        expectClose(
          Hv,
          new Tensor(
            x.shape,
            plus.data.map((p, i) => (p - minus.data[i]) / (2 * h)),
          ),
          2e-5,
          'hvp vs finite differences',
        );
        const rr = gradient((y) => sum(mul(gradient(f, y)[0], v)), x)[0];
        expectClose(rr, Hv, 1e-9, 'reverse over reverse vs forward over reverse');
      }),
      { numRuns: 5 },
    );
  });
});
