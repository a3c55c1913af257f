// Every op: reverse mode against central finite differences and against forward mode, on
// random inputs (fast-check drives the seeds), including broadcasting. Inputs are sampled
// away from kinks and ties; kinks are tested on their own in kinks.test.ts.
import { describe, it } from 'vitest';
import fc from 'fast-check';
import * as A from '../../src/autodiff/index.ts';
import { type Tensor, randn, rng, type Rng } from '../../src/autodiff/index.ts';
import { awayFromZero, checkGradients, positive } from './oracles.ts';

type Case = { name: string; make: (r: Rng) => Tensor[]; fn: (...xs: Tensor[]) => Tensor; tol?: number };

const n = (shape: number[]) => (r: Rng) => randn(shape, r);
const BROADCAST: [number[], number[]][] = [
  [[3], [3]],
  [[2, 3], [3]],
  [
    [2, 3],
    [1, 3],
  ],
  [
    [2, 1],
    [1, 3],
  ],
  [[2, 3], []],
  [
    [4, 1, 3],
    [2, 1],
  ],
  [[], [2, 2]],
];

// A well-conditioned square matrix: random plus 3·I.
const wellConditioned = (k: number) => (r: Rng) => [A.add(randn([k, k], r), A.mul(A.eye(k), 3))];
// Distinct values, so max/min/maximum have no ties.
const distinct = (shape: number[]) => (r: Rng) => {
  const t = randn(shape, r);
  for (let i = 0; i < t.size; i++) t.data[i] += i * 0.37;
  return [t];
};

// 1, 0, 1, 0, … in the given shape: a condition for where.
const alternating = (shape: number[]) =>
  A.tensor(
    Float64Array.from({ length: shape.reduce((p, d) => p * d, 1) }, (_, i) => (i + 1) % 2),
    shape,
  );

const unary: Case[] = [
  { name: 'neg', make: (r) => [n([2, 3])(r)], fn: A.neg },
  { name: 'exp', make: (r) => [n([2, 3])(r)], fn: A.exp },
  { name: 'log', make: (r) => [positive([2, 3], r)], fn: A.log },
  { name: 'sqrt', make: (r) => [positive([2, 3], r)], fn: A.sqrt },
  { name: 'abs', make: (r) => [awayFromZero([2, 3], r)], fn: A.abs },
  { name: 'sin', make: (r) => [n([5])(r)], fn: A.sin },
  { name: 'cos', make: (r) => [n([5])(r)], fn: A.cos },
  { name: 'tanh', make: (r) => [n([2, 3])(r)], fn: A.tanh },
  { name: 'sigmoid', make: (r) => [n([2, 3])(r)], fn: A.sigmoid },
  { name: 'relu', make: (r) => [awayFromZero([2, 3], r)], fn: A.relu },
  { name: 'leakyRelu', make: (r) => [awayFromZero([2, 3], r)], fn: (x) => A.leakyRelu(x, 0.1) },
  { name: 'softplus', make: (r) => [n([2, 3])(r)], fn: A.softplus },
  { name: 'clamp', make: (r) => [awayFromZero([2, 3], r, 0.1, 2)], fn: (x) => A.clamp(x, -1.05, 1.05) },
  {
    name: 'clamp, tensor bounds (all three differentiated)',
    make: (r) => {
      const x = awayFromZero([2, 3], r, 0.3, 2);
      return [x, A.sub(A.mul(x, 0), A.tensor([0.1, 1, 2.5])), A.tensor([[1.2], [0.05]])];
    },
    fn: (x, lo, hi) => A.clamp(x, lo, hi),
  },
  { name: 'clamp, lower bound only', make: (r) => [awayFromZero([2, 3], r, 0.1, 2)], fn: (x) => A.clamp(x, 0.05, null) },
  { name: 'leakyRelu, default slope', make: (r) => [awayFromZero([2, 3], r)], fn: (x) => A.leakyRelu(x) },
  { name: 'pow (number exponent)', make: (r) => [positive([2, 3], r)], fn: (x) => A.pow(x, 2.5) },
  { name: 'pow (square of any sign)', make: (r) => [n([4])(r)], fn: (x) => A.pow(x, 2) },
  { name: 'pow (reciprocal)', make: (r) => [awayFromZero([4], r, 0.5)], fn: (x) => A.pow(x, -1) },
  // Kinks at ±1 (hardtanh), 0 and 6 (relu6): the samples keep 0.05 away from them.
  { name: 'hardtanh', make: (r) => [awayFromZero([2, 3], r, 0.1, 0.95)], fn: (x) => A.hardtanh(x) },
  { name: 'hardtanh, outside the bounds', make: (r) => [awayFromZero([2, 3], r, 1.05, 3)], fn: (x) => A.hardtanh(x) },
  { name: 'hardtanh(x, −2, 0.5)', make: (r) => [awayFromZero([2, 3], r, 0.55, 1.9)], fn: (x) => A.hardtanh(x, -2, 0.5) },
  { name: 'relu6', make: (r) => [A.mul(awayFromZero([2, 3], r, 0.1, 1.45), 4)], fn: A.relu6 },
  // Step functions: flat between jumps, so reverse, forward and differences all give 0.
  // Samples are offset from the jumps (integers; halves for round) by at least 0.05.
  { name: 'sign', make: (r) => [awayFromZero([2, 3], r)], fn: A.sign },
  { name: 'floor', make: (r) => [A.add(A.round(A.mul(n([2, 3])(r), 3)), A.mul(positive([2, 3], r, 0.05, 0.95), 1))], fn: A.floor },
  { name: 'ceil', make: (r) => [A.add(A.round(A.mul(n([2, 3])(r), 3)), A.mul(positive([2, 3], r, 0.05, 0.95), 1))], fn: A.ceil },
  { name: 'round', make: (r) => [A.add(A.round(A.mul(n([2, 3])(r), 3)), awayFromZero([2, 3], r, 0.05, 0.45))], fn: A.round },
];

const binary: Case[] = BROADCAST.flatMap(([sa, sb]) => [
  { name: `add ${sa}+${sb}`, make: (r: Rng) => [randn(sa, r), randn(sb, r)], fn: A.add },
  { name: `sub ${sa}-${sb}`, make: (r: Rng) => [randn(sa, r), randn(sb, r)], fn: A.sub },
  { name: `mul ${sa}*${sb}`, make: (r: Rng) => [randn(sa, r), randn(sb, r)], fn: A.mul },
  { name: `div ${sa}/${sb}`, make: (r: Rng) => [randn(sa, r), awayFromZero(sb, r, 0.5)], fn: A.div },
  { name: `pow ${sa}^${sb}`, make: (r: Rng) => [positive(sa, r), randn(sb, r)], fn: A.pow },
  { name: `maximum ${sa},${sb}`, make: (r: Rng) => [randn(sa, r), A.add(randn(sb, r), 0.013)], fn: A.maximum },
  { name: `minimum ${sa},${sb}`, make: (r: Rng) => [randn(sa, r), A.add(randn(sb, r), 0.013)], fn: A.minimum },
  {
    name: `where ${sa},${sb}`,
    make: (r: Rng) => [randn(sa, r), randn(sb, r)],
    fn: (a: Tensor, b: Tensor) => A.where(alternating(A.broadcastShapes('where', a.shape, b.shape)), a, b),
  },
]);

const shape: Case[] = [
  { name: 'reshape', make: (r) => [n([2, 3])(r)], fn: (x) => A.reshape(x, [3, -1]) },
  { name: 'transpose 2-D', make: (r) => [n([2, 3])(r)], fn: (x) => A.transpose(x) },
  { name: 'transpose 3-D perm', make: (r) => [n([2, 3, 4])(r)], fn: (x) => A.transpose(x, [1, 0, 2]) },
  { name: 'slice ranges', make: (r) => [n([4, 3])(r)], fn: (x) => A.slice(x, [1, 3], [-2]) },
  { name: 'index', make: (r) => [n([4, 3])(r)], fn: (x) => A.index(x, 2) },
  { name: 'concat axis 1', make: (r) => [n([2, 3])(r), n([2, 1])(r)], fn: (a, b) => A.concat([a, b], 1) },
  { name: 'stack', make: (r) => [n([2, 3])(r), n([2, 3])(r)], fn: (a, b) => A.stack([a, b], 1) },
  { name: 'broadcastTo', make: (r) => [n([1, 3])(r)], fn: (x) => A.broadcastTo(x, [2, 3]) },
  { name: 'sumTo', make: (r) => [n([4, 2, 3])(r)], fn: (x) => A.sumTo(x, [2, 1]) },
];

const reductions: Case[] = [
  { name: 'sum all', make: (r) => [n([2, 3])(r)], fn: (x) => A.sum(x) },
  { name: 'sum axis 0', make: (r) => [n([2, 3])(r)], fn: (x) => A.sum(x, 0) },
  { name: 'sum axes [0,2] keepdims', make: (r) => [n([2, 3, 2])(r)], fn: (x) => A.sum(x, [0, 2], true) },
  { name: 'mean axis -1', make: (r) => [n([2, 3])(r)], fn: (x) => A.mean(x, -1) },
  { name: 'max all', make: distinct([2, 3]), fn: (x) => A.max(x) },
  { name: 'max axis 1 keepdims', make: distinct([3, 4]), fn: (x) => A.max(x, 1, true) },
  { name: 'min axis 0', make: distinct([3, 4]), fn: (x) => A.min(x, 0) },
  { name: 'logsumexp axis 1', make: (r) => [n([2, 4])(r)], fn: (x) => A.logsumexp(x, 1) },
  { name: 'softmax', make: (r) => [n([2, 4])(r)], fn: (x) => A.softmax(x) },
  { name: 'norm', make: (r) => [n([2, 3])(r)], fn: (x) => A.norm(x) },
  { name: 'norm axis 1', make: (r) => [n([2, 3])(r)], fn: (x) => A.norm(x, 1) },
  { name: "max axis 1, { ties: 'first' }", make: distinct([3, 4]), fn: (x) => A.max(x, 1, false, { ties: 'first' }) },
];

const linalg: Case[] = [
  { name: 'matmul 2-D', make: (r) => [n([2, 3])(r), n([3, 4])(r)], fn: A.matmul },
  { name: 'matmul vector @ matrix', make: (r) => [n([3])(r), n([3, 2])(r)], fn: A.matmul },
  { name: 'matmul matrix @ vector', make: (r) => [n([2, 3])(r), n([3])(r)], fn: A.matmul },
  { name: 'affine', make: (r) => [n([4, 3])(r), n([3, 2])(r), n([1, 2])(r)], fn: A.affine },
  { name: 'dot', make: (r) => [n([4])(r), n([4])(r)], fn: A.dot },
  { name: 'outer', make: (r) => [n([3])(r), n([2])(r)], fn: A.outer },
  { name: 'det', make: wellConditioned(3), fn: A.det },
  { name: 'inv', make: wellConditioned(3), fn: A.inv, tol: 1e-5 },
];

const losses: Case[] = [
  { name: 'mse', make: (r) => [n([4, 1])(r), n([4, 1])(r)], fn: A.mse },
  { name: 'binaryCrossEntropy', make: (r) => [A.sigmoid(n([5, 1])(r)), A.tensor([[0], [1], [1], [0], [0.3]])], fn: A.binaryCrossEntropy },
  {
    name: 'binaryCrossEntropyWithLogits',
    make: (r) => [A.mul(n([5, 1])(r), 3), A.tensor([[0], [1], [1], [0], [0.3]])],
    fn: A.binaryCrossEntropyWithLogits,
  },
  {
    name: 'softmaxCrossEntropy (one-hot)',
    make: (r) => [
      n([3, 4])(r),
      A.tensor([
        [1, 0, 0, 0],
        [0, 0, 1, 0],
        [0.5, 0.5, 0, 0],
      ]),
    ],
    fn: A.softmaxCrossEntropy,
  },
];

const groups: [string, Case[]][] = [
  ['elementwise, one input', unary],
  ['elementwise, two inputs with broadcasting', binary],
  ['shape ops', shape],
  ['reductions', reductions],
  ['linear algebra', linalg],
  ['losses', losses],
];

for (const [group, cases] of groups) {
  describe(`gradients of ${group}: reverse = finite differences = forward`, () => {
    for (const c of cases) {
      it(c.name, () => {
        fc.assert(
          fc.property(fc.integer(), (seed) => {
            const r = rng(seed);
            checkGradients(c.fn, c.make(r), r, c.tol);
          }),
          { numRuns: 8 },
        );
      });
    }
  });
}
