// Every numbered formula of the post "Backprop: a simple case", checked against the autodiff
// engine and against central finite differences. The first test reads the post and fails
// when it gains (or loses) a labelled formula this file does not check.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  add,
  binaryCrossEntropy,
  gradient,
  log,
  matmul,
  mean,
  mul,
  ones,
  randn,
  rng,
  sigmoid,
  sub,
  sum,
  tanh,
  tensor,
  transpose,
  type Tensor,
} from '../../src/autodiff/index.ts';
import { backprop } from '../../src/widgets/nn-playground/formulas.ts';
import { loss as modelLoss, type Params } from '../../src/widgets/nn-playground/model.ts';
import { engineGradients } from '../../src/widgets/nn-playground/train.ts';

const POST = readFileSync('content/posts/backprop-simple-case.md', 'utf8');
const CHECKED = [
  'eq:hidden',
  'eq:output',
  'eq:loss',
  'eq:inner',
  'eq:readoff',
  'eq:moves',
  'eq:hadamard',
  'eq:dA2',
  'eq:dZ2',
  'eq:dL2',
  'eq:layer2',
  'eq:dZ1',
  'eq:layer1',
  'eq:fd',
];

// A small problem: m samples, n features, h hidden units; weights big enough to matter.
const r = rng(2024);
const m = 9,
  n = 2,
  h = 3;
const X = randn([m, n], r);
const Y = tensor(Array.from({ length: m }, (_, i) => [i % 3 === 0 ? 1 : r.uniform() < 0.5 ? 1 : 0]));
const W1 = randn([n, h], r),
  b1 = randn([1, h], r),
  W2 = randn([h, 1], r),
  b2 = randn([1, 1], r);
const one = ones([m, 1]);
const T = transpose;

/** Central finite differences of a scalar function of one tensor, entry by entry. */
function fd(f: (t: Tensor) => number, x: Tensor, eps = 1e-6): Tensor {
  const out = new Float64Array(x.size);
  for (let i = 0; i < x.size; i++) {
    const up = x.data.slice();
    up[i] += eps;
    const down = x.data.slice();
    down[i] -= eps;
    out[i] = (f(tensor(up, x.shape)) - f(tensor(down, x.shape))) / (2 * eps);
  }
  return tensor(out, x.shape);
}

/** a ≈ b entrywise, relative to the larger magnitude. */
function close(a: Tensor, b: Tensor, tol: number) {
  expect(a.shape).toEqual(b.shape);
  const scale = Math.max(1e-8, ...Array.from(b.data, Math.abs), ...Array.from(a.data, Math.abs));
  for (const [i, v] of a.data.entries()) expect(Math.abs(v - b.data[i]!) / scale).toBeLessThan(tol);
}

/** Check a claimed gradient against the engine (to rounding) and finite differences. */
function checkGradient(claimed: Tensor, f: (t: Tensor) => Tensor, at: Tensor) {
  const [engine] = gradient(f, at);
  close(claimed, engine, 1e-12);
  close(
    claimed,
    fd((t) => f(t).item(), at),
    1e-7,
  );
}

const dot = (A: Tensor, B: Tensor) => sum(mul(A, B)).item(); // A • B
// The post's forward pass, (1)–(3), with its own loss formula (3).
const forward = (w1 = W1, c1 = b1, w2 = W2, c2 = b2) => {
  const Z1 = add(matmul(X, w1), matmul(one, c1));
  const A1 = tanh(Z1);
  const Z2 = add(matmul(A1, w2), matmul(one, c2));
  const A2 = sigmoid(Z2);
  return { Z1, A1, Z2, A2 };
};
const postLoss = (A2: Tensor) => mul(mean(add(mul(Y, log(A2)), mul(sub(1, Y), log(sub(1, A2))))), -1);
const L = (w1 = W1, c1 = b1, w2 = W2, c2 = b2) => postLoss(forward(w1, c1, w2, c2).A2);

const { Z1, A1, Z2, A2 } = forward();
// Adjoints, as the post derives them.
const dA2 = tensor(
  Float64Array.from(A2.data, (a, i) => ((1 - Y.data[i]) / (1 - a) - Y.data[i] / a) / m),
  [m, 1],
);
const dZ2 = mul(mul(dA2, A2), sub(1, A2));
const dW2 = matmul(T(A1), dZ2);
const db2 = matmul(T(one), dZ2);
const dA1 = matmul(dZ2, T(W2));
const dZ1 = mul(dA1, sub(1, mul(A1, A1)));
const dW1 = matmul(T(X), dZ1);
const db1 = matmul(T(one), dZ1);

describe('the post “Backprop: a simple case”', () => {
  it('has exactly the labelled formulas this test checks', () => {
    const labels = [...POST.matchAll(/\\label\{([^}]+)\}/g)].map((match) => match[1]);
    expect(labels.sort()).toEqual([...CHECKED].sort());
  });

  it('(1)–(3): the forward pass and the loss, as the engine and the playground compute them', () => {
    const params: Params = { h, W1: W1.data, b1: b1.data, W2: W2.data, b2: b2.data };
    const x = X.data,
      y = Y.data;
    const pass = backprop(params, 'tanh', x, y);
    close(tensor(pass.A2.data, [m, 1]), A2, 1e-14);
    expect(L().item()).toBeCloseTo(modelLoss(params, 'tanh', x, y), 13);
    expect(L().item()).toBeCloseTo(binaryCrossEntropy(A2, Y).item(), 13);
    expect(L().item()).toBeCloseTo(engineGradients(params, 'tanh', x, y).loss, 13);
    // 1 b copies the row b onto every sample: broadcasting.
    close(matmul(one, b1), add(tensor(new Float64Array(m * h), [m, h]), b1), 1e-15);
  });

  it('(4) A • B = Σ Aᵢⱼ Bᵢⱼ = tr(AᵀB)', () => {
    const A = randn([4, 3], r),
      B = randn([4, 3], r);
    let s = 0;
    for (let i = 0; i < 12; i++) s += A.data[i] * B.data[i];
    const AtB = matmul(T(A), B);
    expect(dot(A, B)).toBeCloseTo(s, 13);
    expect(dot(A, B)).toBeCloseTo(AtB.data[0] + AtB.data[4] + AtB.data[8], 13);
  });

  it('(5) dL = G • dW: the engine’s gradient gives every directional derivative', () => {
    const [G] = gradient((w: Tensor) => L(w), W1);
    for (let k = 0; k < 5; k++) {
      const D = randn([n, h], r);
      const eps = 1e-6;
      const numeric = (L(add(W1, mul(D, eps))).item() - L(sub(W1, mul(D, eps))).item()) / (2 * eps);
      expect(dot(G, D)).toBeCloseTo(numeric, 8);
    }
  });

  it('(6) A • (BC) = (ACᵀ) • B = (BᵀA) • C, and they are the adjoints of a product', () => {
    const A = randn([4, 2], r),
      B = randn([4, 3], r),
      C = randn([3, 2], r);
    const lhs = dot(A, matmul(B, C));
    expect(dot(matmul(A, T(C)), B)).toBeCloseTo(lhs, 12);
    expect(dot(matmul(T(B), A), C)).toBeCloseTo(lhs, 12);
    checkGradient(matmul(A, T(C)), (b) => sum(mul(A, matmul(b, C))), B);
    checkGradient(matmul(T(B), A), (c) => sum(mul(A, matmul(B, c))), C);
  });

  it('(7) A • (B ⊙ C) = (A ⊙ B) • C', () => {
    const A = randn([3, 3], r),
      B = randn([3, 3], r),
      C = randn([3, 3], r);
    expect(dot(mul(A, B), C)).toBeCloseTo(dot(A, mul(B, C)), 13);
    checkGradient(mul(A, B), (c) => sum(mul(A, mul(B, c))), C);
  });

  it('(8) Ā2 = ((1 − Y)/(1 − A2) − Y/A2) / m', () => {
    checkGradient(dA2, (a2) => postLoss(a2), A2);
  });

  it('(9) Z̄2 = Ā2 ⊙ A2 ⊙ (1 − A2) = (A2 − Y) / m; the flipped σ′ gives its negative', () => {
    close(dZ2, mul(sub(A2, Y), 1 / m), 1e-13);
    checkGradient(dZ2, (z2) => postLoss(sigmoid(z2)), Z2);
    const flipped = mul(mul(dA2, A2), sub(A2, 1)); // σ(z)(σ(z) − 1)
    close(flipped, mul(sub(Y, A2), 1 / m), 1e-13);
    const [engine] = gradient((z2: Tensor) => postLoss(sigmoid(z2)), Z2);
    const relErr = Math.max(
      ...Array.from(flipped.data, (v, i) => Math.abs(v - engine.data[i]) / Math.max(Math.abs(v), Math.abs(engine.data[i]))),
    );
    expect(relErr).toBeCloseTo(2, 12); // "a relative error of 2"
  });

  it('(10) dL = (Z̄2 W2ᵀ) • dA1 + (A1ᵀ Z̄2) • dW2 + (1ᵀ Z̄2) • db2, in every direction', () => {
    const head = (a1: Tensor, w2: Tensor, c2: Tensor) => postLoss(sigmoid(add(matmul(a1, w2), matmul(one, c2)))).item();
    for (let k = 0; k < 5; k++) {
      const dA = randn([m, h], r),
        dW = randn([h, 1], r),
        db = randn([1, 1], r);
      const eps = 1e-6;
      const step = (s: number) => head(add(A1, mul(dA, s)), add(W2, mul(dW, s)), add(b2, mul(db, s)));
      const numeric = (step(eps) - step(-eps)) / (2 * eps);
      const claimed = dot(matmul(dZ2, T(W2)), dA) + dot(matmul(T(A1), dZ2), dW) + dot(matmul(T(one), dZ2), db);
      expect(claimed).toBeCloseTo(numeric, 8);
    }
  });

  it('(11) W̄2 = A1ᵀ Z̄2, b̄2 = 1ᵀ Z̄2, Ā1 = Z̄2 W2ᵀ', () => {
    checkGradient(dW2, (w2) => L(W1, b1, w2), W2);
    checkGradient(db2, (c2) => L(W1, b1, W2, c2), b2);
    checkGradient(dA1, (a1) => postLoss(sigmoid(add(matmul(a1, W2), matmul(one, b2)))), A1);
  });

  it('(12) Z̄1 = Ā1 ⊙ (1 − A1 ⊙ A1)', () => {
    checkGradient(dZ1, (z1) => postLoss(sigmoid(add(matmul(tanh(z1), W2), matmul(one, b2)))), Z1);
  });

  it('(13) W̄1 = Xᵀ Z̄1, b̄1 = 1ᵀ Z̄1 — and the table, the playground’s formulas and its engine agree', () => {
    checkGradient(dW1, (w1) => L(w1), W1);
    checkGradient(db1, (c1) => L(W1, c1), b1);
    const params: Params = { h, W1: W1.data, b1: b1.data, W2: W2.data, b2: b2.data };
    const pass = backprop(params, 'tanh', X.data, Y.data);
    close(tensor(pass.dW1.data, [n, h]), dW1, 1e-13);
    close(tensor(pass.db1.data, [1, h]), db1, 1e-13);
    close(tensor(pass.dW2.data, [h, 1]), dW2, 1e-13);
    close(tensor(pass.db2.data, [1, 1]), db2, 1e-13);
    const engine = engineGradients(params, 'tanh', X.data, Y.data).grads;
    close(tensor(engine.W1, [n, h]), dW1, 1e-12);
    close(tensor(engine.b2, [1, 1]), db2, 1e-12);
  });

  it('the code listing: gradient(loss, W1, b1, W2, b2) gives the same four matrices', () => {
    // The listing, with types: the same lines as in the post.
    const loss = (W1: Tensor, b1: Tensor, W2: Tensor, b2: Tensor) => {
      const A1 = tanh(add(matmul(X, W1), b1));
      const A2 = sigmoid(add(matmul(A1, W2), b2));
      return binaryCrossEntropy(A2, Y);
    };
    for (const line of [
      'const A1 = tanh(add(matmul(X, W1), b1));',
      'const A2 = sigmoid(add(matmul(A1, W2), b2));',
      'return binaryCrossEntropy(A2, Y);',
      'const [dW1, db1, dW2, db2] = gradient(loss, W1, b1, W2, b2);',
    ]) {
      expect(POST).toContain(line);
    }
    const [gW1, gb1, gW2, gb2] = gradient(loss, W1, b1, W2, b2);
    close(gW1, dW1, 1e-12);
    close(gb1, db1, 1e-12);
    close(gW2, dW2, 1e-12);
    close(gb2, db2, 1e-12);
  });

  it('(14) central differences: error falls like ε², then rounding takes over', () => {
    const [exact] = gradient((w: Tensor) => L(w), W1);
    const f = (w: Tensor) => L(w).item();
    const err = (eps: number) => Math.max(...Array.from(fd(f, W1, eps).data, (v, i) => Math.abs(v - exact.data[i])));
    const e2 = err(1e-2),
      e3 = err(1e-3);
    expect(e2 / e3).toBeGreaterThan(50); // ×10 smaller ε, ~×100 smaller error
    expect(e2 / e3).toBeLessThan(200);
    expect(err(1e-5)).toBeLessThan(1e-9);
  });
});
