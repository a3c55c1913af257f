// Matrix products and the two small dense-matrix functions (det, inv).
//
// The product is one primitive `mm(a, b, ta, tb)` = op(a)·op(b) with op = optional transpose,
// so the backward pass (g·Bᵀ, Aᵀ·g) reads the operands in place instead of materialising a
// transposed copy. Loop orders keep the innermost loop walking contiguous memory.
import { AutodiffError, Tensor, asTensor, fmtShape, type TensorLike } from './tensor.ts';
import { needsGrad, record, type Op } from './engine.ts';
import { add, broadcastTo, mul, sub, sumTo } from './binary.ts';
import { reshape, transpose } from './shape.ts';
import { sum } from './reduce.ts';
import { mmKernel } from './matmul-kernels.ts';

interface MmFlags {
  ta: boolean;
  tb: boolean;
}

/** op(a)·op(b) for 2-D a, b, where op transposes when the flag is set. */
export function mm(a: Tensor, b: Tensor, ta = false, tb = false): Tensor {
  const [ar, ac] = a.shape,
    [br, bc] = b.shape;
  const m = ta ? ac : ar,
    k = ta ? ar : ac;
  const kb = tb ? bc : br,
    n = tb ? br : bc;
  if (k !== kb) {
    const sa = fmtShape(ta ? [ac, ar] : a.shape),
      sb = fmtShape(tb ? [bc, br] : b.shape);
    const hint = !ta && !tb && ac === bc ? ` The last dimensions match, so perhaps you meant matmul(a, transpose(b)) → [${m}, ${br}].` : '';
    throw new AutodiffError(
      'matmul',
      `inner dimensions differ: ${sa} @ ${sb} (${k} ≠ ${kb}). The second operand must have ${k} rows, e.g. shape [${k}, ${n}]; or the first must have ${kb} columns, e.g. [${m}, ${kb}].${hint}`,
    );
  }
  return record(MM, new Tensor([m, n], mmKernel(a.data, b.data, m, k, n, ta, tb)), [a, b], { ta, tb });
}

const MM: Op = {
  name: 'matmul',
  // With Â = op(A), B̂ = op(B): dÂ = g·B̂ᵀ and dB̂ = Âᵀ·g, transposed back when A or B was.
  backward: (g, _o, [a, b], { ta, tb }: MmFlags) => [
    needsGrad(a) ? (ta ? mm(b, g, tb, true) : mm(g, b, false, !tb)) : null,
    needsGrad(b) ? (tb ? mm(g, a, true, ta) : mm(a, g, !ta, false)) : null,
  ],
  jvp: ([ta_, tb_], _o, [a, b], { ta, tb }: MmFlags) => {
    const x = ta_ && mm(ta_, b, ta, tb);
    const y = tb_ && mm(a, tb_, ta, tb);
    return x === null ? y : y === null ? x : add(x, y);
  },
};

/**
 * X·W + b in one pass (PyTorch's addmm): X (m, k), W (k, n), b (n) or (1, n) added to
 * every row. A primitive for speed — it is the dense layer's whole linear part, and fusing
 * the bias saves an (m, n) temporary and a pass per layer per step.
 * `affine(X, W, b)` equals `add(matmul(X, W), b)`.
 */
export function affine(xl: TensorLike, wl: TensorLike, bl: TensorLike): Tensor {
  const x = asTensor(xl),
    w = asTensor(wl),
    b = asTensor(bl);
  if (x.shape.length !== 2 || w.shape.length !== 2)
    throw new AutodiffError('affine', `needs a 2-D input and a 2-D weight matrix, got ${fmtShape(x.shape)} and ${fmtShape(w.shape)}.`);
  const [m, k] = x.shape,
    [kw, n] = w.shape;
  if (k !== kw)
    throw new AutodiffError(
      'affine',
      `inner dimensions differ: X ${fmtShape(x.shape)} @ W ${fmtShape(w.shape)} (${k} ≠ ${kw}). W needs ${k} rows, e.g. shape [${k}, ${n}].`,
    );
  if (b.size !== n || (b.shape.length === 2 && b.shape[0] !== 1) || b.shape.length > 2) {
    throw new AutodiffError(
      'affine',
      `bias of shape ${fmtShape(b.shape)} does not fit an output of shape [${m}, ${n}]; it needs shape [1, ${n}] or [${n}].`,
    );
  }
  // Start from the bias rows and accumulate the product onto them: no second pass.
  const C = new Float64Array(m * n);
  const bd = b.data;
  for (let i = 0; i < m; i++) for (let j = 0, ci = i * n; j < n; j++) C[ci + j] = bd[j];
  mmKernel(x.data, w.data, m, k, n, false, false, C);
  return record(AFFINE, new Tensor([m, n], C), [x, w, b]);
}

const AFFINE: Op = {
  name: 'affine',
  backward: (g, _o, [x, w, b]) => [
    needsGrad(x) ? mm(g, w, false, true) : null,
    needsGrad(w) ? mm(x, g, true, false) : null,
    needsGrad(b) ? sumTo(g, b.shape) : null,
  ],
  jvp: ([tx, tw, tb], o, [x, w]) => {
    let t: Tensor | null = null;
    if (tx !== null) t = mm(tx, w);
    if (tw !== null) t = t === null ? mm(x, tw) : add(t, mm(x, tw));
    if (tb !== null) t = t === null ? broadcastTo(tb, o.shape) : add(t, tb);
    return t;
  },
};

/**
 * Matrix product with NumPy's 1-D rules: (m,k)@(k,n) → (m,n); (k)@(k,n) → (n);
 * (m,k)@(k) → (m); (k)@(k) → a scalar. `matmul(X, W)`
 */
export function matmul(al: TensorLike, bl: TensorLike): Tensor {
  const a = asTensor(al),
    b = asTensor(bl);
  if (a.shape.length === 0 || b.shape.length === 0 || a.shape.length > 2 || b.shape.length > 2) {
    throw new AutodiffError(
      'matmul',
      `expects 1-D or 2-D operands, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}. Use mul for elementwise or scalar products; for a batch, loop over it or reshape to 2-D.`,
    );
  }
  const a2 = a.shape.length === 1 ? reshape(a, [1, a.shape[0]]) : a;
  const b2 = b.shape.length === 1 ? reshape(b, [b.shape[0], 1]) : b;
  const c = mm(a2, b2);
  if (a.shape.length === 2 && b.shape.length === 2) return c;
  const shape = [...(a.shape.length === 2 ? [a.shape[0]] : []), ...(b.shape.length === 2 ? [b.shape[1]] : [])];
  return reshape(c, shape);
}

/** Inner product of two vectors. `dot([1, 2], [3, 4])` → 11 */
export function dot(al: TensorLike, bl: TensorLike): Tensor {
  const a = asTensor(al),
    b = asTensor(bl);
  if (a.shape.length !== 1 || b.shape.length !== 1 || a.size !== b.size) {
    throw new AutodiffError(
      'dot',
      `needs two vectors of equal length, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}. For matrices use matmul; for elementwise products mul.`,
    );
  }
  return sum(mul(a, b));
}

/** Outer product: (n) × (m) → (n, m). */
export function outer(al: TensorLike, bl: TensorLike): Tensor {
  const a = asTensor(al),
    b = asTensor(bl);
  if (a.shape.length !== 1 || b.shape.length !== 1)
    throw new AutodiffError('outer', `needs two vectors, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}; reshape to 1-D first.`);
  return mm(reshape(a, [a.size, 1]), reshape(b, [1, b.size]));
}

function square(op: string, a: Tensor): number {
  if (a.shape.length !== 2 || a.shape[0] !== a.shape[1])
    throw new AutodiffError(op, `needs a square matrix, got shape ${fmtShape(a.shape)}.`);
  return a.shape[0];
}

// LU with partial pivoting; returns the determinant (0 for an exactly singular matrix).
function detValue(d: Float64Array, n: number): number {
  const a = d.slice();
  let det = 1;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]) > Math.abs(a[p * n + c])) p = r;
    if (a[p * n + c] === 0) return 0;
    if (p !== c) {
      for (let j = 0; j < n; j++) [a[c * n + j], a[p * n + j]] = [a[p * n + j], a[c * n + j]];
      det = -det;
    }
    const piv = a[c * n + c];
    det *= piv;
    for (let r = c + 1; r < n; r++) {
      const f = a[r * n + c] / piv;
      if (f !== 0) for (let j = c; j < n; j++) a[r * n + j] -= f * a[c * n + j];
    }
  }
  return det;
}

// Gauss–Jordan with partial pivoting; null if singular.
function invValue(d: Float64Array, n: number): Float64Array | null {
  const a = d.slice();
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]) > Math.abs(a[p * n + c])) p = r;
    if (a[p * n + c] === 0) return null;
    for (let j = 0; j < n; j++) {
      [a[c * n + j], a[p * n + j]] = [a[p * n + j], a[c * n + j]];
      [inv[c * n + j], inv[p * n + j]] = [inv[p * n + j], inv[c * n + j]];
    }
    const piv = a[c * n + c];
    for (let j = 0; j < n; j++) {
      a[c * n + j] /= piv;
      inv[c * n + j] /= piv;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r * n + c];
      if (f === 0) continue;
      for (let j = 0; j < n; j++) {
        a[r * n + j] -= f * a[c * n + j];
        inv[r * n + j] -= f * inv[c * n + j];
      }
    }
  }
  return inv;
}

/** Determinant (LU). Its gradient is det(A)·A⁻ᵀ, the cofactor matrix; at the identity, the identity. */
export function det(al: TensorLike): Tensor {
  const a = asTensor(al);
  const n = square('det', a);
  return record(DET, new Tensor([], Float64Array.of(detValue(a.data, n))), [a]);
}

// For a singular A the formula det·A⁻ᵀ breaks down, but the gradient (the cofactor matrix)
// still exists; compute it entry by entry from minors (fine for the small matrices det is for).
function cofactors(a: Tensor): Tensor {
  const n = a.shape[0];
  const c = new Float64Array(n * n);
  const minor = new Float64Array((n - 1) * (n - 1));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let k = 0;
      for (let r = 0; r < n; r++) for (let s = 0; s < n; s++) if (r !== i && s !== j) minor[k++] = a.data[r * n + s];
      c[i * n + j] = ((i + j) % 2 ? -1 : 1) * (n === 1 ? 1 : detValue(minor, n - 1));
    }
  }
  return new Tensor(a.shape, c);
}

const DET: Op = {
  name: 'det',
  backward: (g, o, [a]) => [o.data[0] === 0 ? mul(g, cofactors(a)) : mul(mul(g, o), transpose(inv(a)))],
  jvp: ([t], o, [a]) => (t === null ? null : o.data[0] === 0 ? sum(mul(t, cofactors(a))) : mul(o, sum(mul(transpose(inv(a)), t)))),
};

/** Matrix inverse (Gauss–Jordan). Throws, naming the op, for a singular matrix. */
export function inv(al: TensorLike): Tensor {
  const a = asTensor(al);
  const n = square('inv', a);
  const r = invValue(a.data, n);
  if (r === null)
    throw new AutodiffError(
      'inv',
      `matrix of shape ${fmtShape(a.shape)} is singular (determinant 0), so it has no inverse. Check for dependent rows, or regularise: inv(add(A, mul(eye(${n}), 1e-6))).`,
    );
  return record(INV, new Tensor([n, n], r), [a]);
}

const INV: Op = {
  name: 'inv',
  // d(A⁻¹) = −A⁻¹·dA·A⁻¹, so the adjoint is −A⁻ᵀ·g·A⁻ᵀ.
  backward: (g, y) => [mul(mm(mm(y, g, true, false), y, false, true), -1)],
  jvp: ([t], y) => t && sub(0, mm(mm(y, t), y)),
};
