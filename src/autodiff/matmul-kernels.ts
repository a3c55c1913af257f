// The loops behind every matrix product (matmul, affine, and their backward rules).

// C (m×n) += op(A)·op(B), with the loop order chosen by shape so the innermost loop is long
// and contiguous: the shallow net multiplies (400×2)·(2×16) and (400×16)·(16×1), where a
// fixed i-p-j order would spend its time on inner loops of length 1. Small, separate
// functions also stay monomorphic for V8.
export function mmKernel(
  A: Float64Array,
  B: Float64Array,
  m: number,
  k: number,
  n: number,
  ta: boolean,
  tb: boolean,
  C = new Float64Array(m * n),
): Float64Array {
  if (!ta && !tb) return n >= 4 ? nnRows(A, B, C, m, k, n) : nnDots(A, B, C, m, k, n);
  if (ta && !tb) return n >= m ? tnRows(A, B, C, m, k, n) : tnCols(A, B, C, m, k, n);
  if (!ta && tb) return k >= 8 ? ntDots(A, B, C, m, k, n) : ntRows(A, B, C, m, k, n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = C[i * n + j];
      for (let p = 0; p < k; p++) s += A[p * m + i] * B[j * k + p];
      C[i * n + j] = s;
    }
  }
  return C;
}

// C[i,:] += A[i,p]·B[p,:]
function nnRows(A: Float64Array, B: Float64Array, C: Float64Array, m: number, k: number, n: number): Float64Array {
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    for (let p = 0; p < k; p++) {
      const a = A[i * k + p];
      const bp = p * n;
      for (let j = 0; j < n; j++) C[ci + j] += a * B[bp + j];
    }
  }
  return C;
}

// C[i,j] += A[i,:]·B[:,j] (few columns: B's column is short and stays in cache)
function nnDots(A: Float64Array, B: Float64Array, C: Float64Array, m: number, k: number, n: number): Float64Array {
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    for (let j = 0; j < n; j++) {
      let s = C[i * n + j];
      for (let p = 0; p < k; p++) s += A[ai + p] * B[p * n + j];
      C[i * n + j] = s;
    }
  }
  return C;
}

// A stored k×m. C[i,:] += A[p,i]·B[p,:], p outermost: A and B read row by row.
function tnRows(A: Float64Array, B: Float64Array, C: Float64Array, m: number, k: number, n: number): Float64Array {
  for (let p = 0; p < k; p++) {
    const ap = p * m,
      bp = p * n;
    for (let i = 0; i < m; i++) {
      const a = A[ap + i];
      const ci = i * n;
      for (let j = 0; j < n; j++) C[ci + j] += a * B[bp + j];
    }
  }
  return C;
}

// A stored k×m, few output columns: C[:,j] += A[p,:]·B[p,j], the inner loop along A's row.
function tnCols(A: Float64Array, B: Float64Array, C: Float64Array, m: number, k: number, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    for (let p = 0; p < k; p++) {
      const b = B[p * n + j];
      const ap = p * m;
      for (let i = 0; i < m; i++) C[i * n + j] += A[ap + i] * b;
    }
  }
  return C;
}

// B stored n×k. C[i,j] += A[i,:]·B[j,:], two contiguous rows.
function ntDots(A: Float64Array, B: Float64Array, C: Float64Array, m: number, k: number, n: number): Float64Array {
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    for (let j = 0; j < n; j++) {
      const bj = j * k;
      let s = C[i * n + j];
      for (let p = 0; p < k; p++) s += A[ai + p] * B[bj + p];
      C[i * n + j] = s;
    }
  }
  return C;
}

// B stored n×k with short rows (k small, e.g. g·W2ᵀ with k = 1): C[i,:] += A[i,p]·B[:,p].
function ntRows(A: Float64Array, B: Float64Array, C: Float64Array, m: number, k: number, n: number): Float64Array {
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    for (let p = 0; p < k; p++) {
      const a = A[i * k + p];
      for (let j = 0; j < n; j++) C[ci + j] += a * B[j * k + p];
    }
  }
  return C;
}
