// Backprop for the shallow network derived by hand, line for line as the post
// "Backprop: a simple case" writes it. Training never uses this file (the engine does);
// it exists so the gradient check can compare the post's formulas with the engine and
// with finite differences, and so the "one backprop pass" view can show every
// intermediate in the order backprop computes it.
//
// `mistake: true` writes σ′(z) as σ(z)(σ(z) − 1), the classic sign slip.
import { ACTIVATION_FNS, INPUTS, sigmoid, type Params } from './model.ts';
import type { Activation } from './state.ts';

export interface Matrix {
  rows: number;
  cols: number;
  /** row-major */
  data: Float64Array;
}

/** Every quantity of one forward and backward pass, in the order it is computed. */
export interface Pass {
  Z1: Matrix;
  A1: Matrix;
  Z2: Matrix;
  A2: Matrix;
  L: number;
  dA2: Matrix;
  dZ2: Matrix;
  dW2: Matrix;
  db2: Matrix;
  dA1: Matrix;
  dZ1: Matrix;
  dW1: Matrix;
  db1: Matrix;
}

export const PASS_ORDER = ['Z1', 'A1', 'Z2', 'A2', 'dA2', 'dZ2', 'dW2', 'db2', 'dA1', 'dZ1', 'dW1', 'db1'] as const;
export type PassName = (typeof PASS_ORDER)[number];

/**
 * How the hidden activation and its derivative are written, the derivative in terms of what
 * backprop has at hand (A1 where the post uses it: 1 − A1 ⊙ A1 for tanh). [·] is 1 where the
 * condition holds and 0 elsewhere. At the kinks, the engine's (PyTorch's) conventions:
 * relu′(0) = 0, leaky-relu′(0) = 0.01, min(z, 0)′ = ½ at 0.
 */
const HIDDEN: Record<Activation, { A1: string; gPrime: string; factor: (z: number, a: number) => number }> = {
  tanh: { A1: 'tanh(Z1)', gPrime: '(1 − A1 ⊙ A1)', factor: (_z, a) => 1 - a * a },
  relu: { A1: 'max(Z1, 0)', gPrime: '[Z1 > 0]', factor: (z) => (z > 0 ? 1 : 0) },
  sigmoid: { A1: 'σ(Z1)', gPrime: 'A1 ⊙ (1 − A1)', factor: (_z, a) => a * (1 - a) },
  'leaky-relu': { A1: 'max(Z1, 0.01 Z1)', gPrime: '(0.01 + 0.99 [Z1 > 0])', factor: (z) => (z > 0 ? 1 : 0.01) },
  // min(z, 0)′ at z = 0 is ½: the engine splits a tie evenly (PyTorch's rule for minimum).
  min: { A1: 'min(Z1, 0)', gPrime: '([Z1 < 0] + ½ [Z1 = 0])', factor: (z) => (z < 0 ? 1 : z === 0 ? 0.5 : 0) },
};

/**
 * How each step of the pass is written (plain text, for the pass view): the post's formulas,
 * with the chosen activation's g and g′ spelled out, and the sign mistake when it is on.
 * These strings and `backprop` below are the same formulas; keep them together.
 * (The pass view sets them with `passFormulaText` in markup.ts, which keeps short groups whole.)
 * @example passFormulas('tanh').dZ1 // 'dA1 ⊙ (1 − A1 ⊙ A1)'
 */
export function passFormulas(activation: Activation, mistake = false): Record<PassName, string> {
  const g = HIDDEN[activation];
  const written: Record<PassName, string> = {
    Z1: 'X W1 + 1 b1',
    A1: g.A1,
    Z2: 'A1 W2 + 1 b2',
    A2: 'σ(Z2)',
    dA2: '((1 − Y) / (1 − A2) − Y / A2) / m',
    dZ2: mistake ? 'dA2 ⊙ A2 ⊙ (A2 − 1)  ✗ sign' : 'dA2 ⊙ A2 ⊙ (1 − A2)',
    dW2: 'A1ᵀ dZ2',
    db2: '1ᵀ dZ2',
    dA1: 'dZ2 W2ᵀ',
    dZ1: `dA1 ⊙ ${g.gPrime}`,
    dW1: 'Xᵀ dZ1',
    db1: '1ᵀ dZ1',
  };
  return written;
}

const matrix = (rows: number, cols: number): Matrix => ({ rows, cols, data: new Float64Array(rows * cols) });

/** C = A·B, or Aᵀ·B / A·Bᵀ with the flags; plain triple loops (m ≤ 1000, h ≤ 16). */
function matmul(a: Matrix, b: Matrix, transA = false, transB = false): Matrix {
  const n = transA ? a.cols : a.rows;
  const k = transA ? a.rows : a.cols;
  const p = transB ? b.rows : b.cols;
  const out = matrix(n, p);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) {
        const av = transA ? a.data[t * a.cols + i] : a.data[i * a.cols + t];
        const bv = transB ? b.data[j * b.cols + t] : b.data[t * b.cols + j];
        s += av * bv;
      }
      out.data[i * p + j] = s;
    }
  return out;
}

function map(a: Matrix, f: (v: number, i: number) => number): Matrix {
  const out = matrix(a.rows, a.cols);
  for (let i = 0; i < a.data.length; i++) out.data[i] = f(a.data[i], i);
  return out;
}

/** Z + 1 b: add the row vector b to every row. */
function addRow(z: Matrix, b: Float64Array): Matrix {
  return map(z, (v, i) => v + b[i % z.cols]);
}

/** 1ᵀ D: the column sums, a (1, cols) row. */
function columnSums(d: Matrix): Matrix {
  const out = matrix(1, d.cols);
  for (let i = 0; i < d.rows; i++) for (let j = 0; j < d.cols; j++) out.data[j] += d.data[i * d.cols + j];
  return out;
}

/**
 * One pass of the post's formulas on the batch X (m, 2), Y (m).
 * @example backprop(params, 'tanh', x, y).dW1 // Matrix (2, h), equal to the engine's ∂L/∂W1
 */
export function backprop(p: Params, activation: Activation, x: Float64Array, y: Float64Array, mistake = false): Pass {
  const g = ACTIVATION_FNS[activation].f;
  const gPrime = HIDDEN[activation].factor;
  const m = y.length;
  const h = p.h;
  const X: Matrix = { rows: m, cols: INPUTS, data: x };
  const W1: Matrix = { rows: INPUTS, cols: h, data: p.W1 };
  const W2: Matrix = { rows: h, cols: 1, data: p.W2 };

  // Forward: (1) and (2) of the post.
  const Z1 = addRow(matmul(X, W1), p.b1);
  const A1 = map(Z1, g);
  const Z2 = addRow(matmul(A1, W2), p.b2);
  const A2 = map(Z2, sigmoid);
  let total = 0;
  for (let i = 0; i < m; i++) total += y[i] * Math.log(A2.data[i]) + (1 - y[i]) * Math.log(1 - A2.data[i]);
  const L = -total / m;

  // Backward: each line is one read-off of the post, in its order.
  const dA2 = map(A2, (a, i) => ((1 - y[i]) / (1 - a) - y[i] / a) / m);
  const sigmoidPrime = (a: number) => (mistake ? a * (a - 1) : a * (1 - a));
  const dZ2 = map(dA2, (d, i) => d * sigmoidPrime(A2.data[i]));
  const dW2 = matmul(A1, dZ2, true);
  const db2 = columnSums(dZ2);
  const dA1 = matmul(dZ2, W2, false, true);
  // g′ as passFormulas writes it: for tanh 1 − A1 ⊙ A1, exactly the post's (12).
  const dZ1 = map(dA1, (d, i) => d * gPrime(Z1.data[i], A1.data[i]));
  const dW1 = matmul(X, dZ1, true);
  const db1 = columnSums(dZ1);
  return { Z1, A1, Z2, A2, L, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 };
}

/** The four gradients of a pass, keyed like the parameters. */
export function passGradients(pass: Pass) {
  return { W1: pass.dW1.data, b1: pass.db1.data, W2: pass.dW2.data, b2: pass.db2.data };
}
