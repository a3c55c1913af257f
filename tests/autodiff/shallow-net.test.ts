// The shallow net of the posts: the engine's gradients equal the hand-derived backprop
// formulas to 1e-10 on random instances.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  Tensor,
  add,
  affine,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  gradient,
  gradientsOf,
  log,
  matmul,
  mean,
  mul,
  randn,
  rng,
  sigmoid,
  sub,
  tanh,
  tensor,
} from '../../src/autodiff/index.ts';
import { handwrittenStep } from '../../bench/handwritten.ts';
import { expectClose } from './oracles.ts';

// Textbook backprop written with plain loops (independent of the engine):
// dZ2 = A2 − y, dW2 = A1ᵀdZ2/m, db2 = mean of dZ2 rows, dZ1 = dZ2·W2ᵀ ⊙ (1 − A1²),
// dW1 = XᵀdZ1/m, db1 = mean of dZ1 rows.
function backprop(X: Tensor, y: Tensor, W1: Tensor, b1: Tensor, W2: Tensor, b2: Tensor) {
  const [m, n] = X.shape,
    h = W1.shape[1];
  const x = (i: number, k: number) => X.data[i * n + k];
  const A1 = new Float64Array(m * h),
    A2 = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let z2 = b2.data[0];
    for (let j = 0; j < h; j++) {
      let z = b1.data[j];
      for (let k = 0; k < n; k++) z += x(i, k) * W1.data[k * h + j];
      A1[i * h + j] = Math.tanh(z);
      z2 += A1[i * h + j] * W2.data[j];
    }
    A2[i] = 1 / (1 + Math.exp(-z2));
  }
  const dZ2 = A2.map((a, i) => a - y.data[i]);
  const dW2 = new Float64Array(h),
    db1 = new Float64Array(h),
    dW1 = new Float64Array(n * h);
  let db2 = 0;
  for (let i = 0; i < m; i++) {
    db2 += dZ2[i] / m;
    for (let j = 0; j < h; j++) {
      const a = A1[i * h + j];
      dW2[j] += (a * dZ2[i]) / m;
      const dz1 = dZ2[i] * W2.data[j] * (1 - a * a);
      db1[j] += dz1 / m;
      for (let k = 0; k < n; k++) dW1[k * h + j] += (x(i, k) * dz1) / m;
    }
  }
  return {
    W1: new Tensor([n, h], dW1),
    b1: new Tensor([1, h], db1),
    W2: new Tensor([h, 1], dW2),
    b2: new Tensor([1, 1], Float64Array.of(db2)),
  };
}

function instance(seed: number, m: number, n: number, h: number) {
  const r = rng(seed);
  return {
    X: randn([m, n], r),
    y: tensor(
      Float64Array.from({ length: m }, () => r.int(2)),
      [m, 1],
    ),
    W1: randn([n, h], r),
    b1: randn([1, h], r),
    W2: randn([h, 1], r),
    b2: randn([1, 1], r),
  };
}

const sizes = fc.record({
  seed: fc.integer(),
  m: fc.integer({ min: 1, max: 40 }),
  n: fc.integer({ min: 1, max: 4 }),
  h: fc.integer({ min: 1, max: 8 }),
});

describe('shallow net: engine = hand-derived backprop (1e-10)', () => {
  it('written with matmul + add + the BCE primitive', () => {
    fc.assert(
      fc.property(sizes, ({ seed, m, n, h }) => {
        const { X, y, W1, b1, W2, b2 } = instance(seed, m, n, h);
        const [gW1, gb1, gW2, gb2] = gradient(
          (W1, b1, W2, b2) => binaryCrossEntropy(sigmoid(add(matmul(tanh(add(matmul(X, W1), b1)), W2), b2)), y),
          W1,
          b1,
          W2,
          b2,
        );
        const e = backprop(X, y, W1, b1, W2, b2);
        expectClose(gW1, e.W1, 1e-10, 'dW1');
        expectClose(gb1, e.b1, 1e-10, 'db1');
        expectClose(gW2, e.W2, 1e-10, 'dW2');
        expectClose(gb2, e.b2, 1e-10, 'db2');
      }),
      { numRuns: 25 },
    );
  });

  it('written with affine and the loss spelled out in log ops (no primitive loss)', () => {
    fc.assert(
      fc.property(sizes, ({ seed, m, n, h }) => {
        const { X, y, W1, b1, W2, b2 } = instance(seed, m, n, h);
        const loss = () => {
          const A2 = sigmoid(affine(tanh(affine(X, W1, b1)), W2, b2));
          return mul(mean(add(mul(y, log(A2)), mul(sub(1, y), log(sub(1, A2))))), -1);
        };
        const { gradients } = gradientsOf([W1, b1, W2, b2], loss);
        const e = backprop(X, y, W1, b1, W2, b2);
        [e.W1, e.b1, e.W2, e.b2].forEach((t, i) => {
          expectClose(gradients[i], t, 1e-10, `parameter ${i}`);
        });
      }),
      { numRuns: 25 },
    );
  });

  it('from logits (binaryCrossEntropyWithLogits) gives the same gradients', () => {
    const { X, y, W1, b1, W2, b2 } = instance(7, 30, 2, 5);
    const g = gradient((W1, b1, W2, b2) => binaryCrossEntropyWithLogits(affine(tanh(affine(X, W1, b1)), W2, b2), y), W1, b1, W2, b2);
    const e = backprop(X, y, W1, b1, W2, b2);
    [e.W1, e.b1, e.W2, e.b2].forEach((t, i) => {
      expectClose(g[i], t, 1e-10, `parameter ${i}`);
    });
  });

  it('the benchmark’s fused hand-written step agrees too', () => {
    const { X, y, W1, b1, W2, b2 } = instance(3, 50, 2, 6);
    const hw = handwrittenStep(X.data, y.data, 50, 2, 6)({ W1: W1.data, b1: b1.data, W2: W2.data, b2: b2.data });
    const e = backprop(X, y, W1, b1, W2, b2);
    expectClose(new Tensor([12], hw.W1), e.W1, 1e-10, 'dW1');
    expectClose(new Tensor([6], hw.b1), e.b1, 1e-10, 'db1');
    expectClose(new Tensor([6], hw.W2), e.W2, 1e-10, 'dW2');
    expectClose(hw.b2[0], e.b2.data[0], 1e-10, 'db2');
  });

  it('BCE at p = 0 or 1 stays finite (log clamped at −100, like PyTorch)', () => {
    expect(binaryCrossEntropy([0, 1], [1, 0]).item()).toBe(100);
    expect(binaryCrossEntropyWithLogits([1000, -1000], [0, 1]).item()).toBe(1000);
    expect(gradient((z) => binaryCrossEntropyWithLogits(z, [0, 1]), [1000, -1000])).toEqual([[0.5, -0.5]]);
  });
});
