// The practical limit for one gradient step of the shallow net: every pass fused by hand
// over preallocated Float64Arrays, no graph, no allocation per step. The engine's target is
// to stay within 1.5× of this; tests/autodiff also use it as an oracle for the backprop
// formulas.
//
// Net (rows are samples): Z1 = X·W1 + b1, A1 = tanh(Z1), Z2 = A1·W2 + b2, A2 = σ(Z2),
// L = −(1/m) Σ [y log A2 + (1−y) log(1−A2)].
// Backprop: dZ2 = (A2 − y)/m, dW2 = A1ᵀ·dZ2, db2 = Σ_rows dZ2, dZ1 = (dZ2·W2ᵀ) ⊙ (1 − A1²),
// dW1 = Xᵀ·dZ1, db1 = Σ_rows dZ1.

export interface ShallowParams {
  W1: Float64Array;
  b1: Float64Array;
  W2: Float64Array;
  b2: Float64Array;
}
export interface ShallowGrads extends ShallowParams {
  loss: number;
}

export function handwrittenStep(X: Float64Array, y: Float64Array, m: number, n: number, h: number): (p: ShallowParams) => ShallowGrads {
  const A1 = new Float64Array(m * h);
  const dZ1 = new Float64Array(m * h);
  const A2 = new Float64Array(m);
  const g: ShallowGrads = {
    W1: new Float64Array(n * h),
    b1: new Float64Array(h),
    W2: new Float64Array(h),
    b2: new Float64Array(1),
    loss: 0,
  };
  return ({ W1, b1, W2, b2 }) => {
    const { W1: dW1, b1: db1, W2: dW2 } = g;
    dW1.fill(0);
    db1.fill(0);
    dW2.fill(0);
    let loss = 0,
      db2 = 0;
    for (let i = 0; i < m; i++) {
      // forward for row i
      const xi = i * n,
        ai = i * h;
      let z2 = b2[0];
      for (let j = 0; j < h; j++) {
        let z = b1[j];
        for (let k = 0; k < n; k++) z += X[xi + k] * W1[k * h + j];
        const a = Math.tanh(z);
        A1[ai + j] = a;
        z2 += a * W2[j];
      }
      const p = z2 >= 0 ? 1 / (1 + Math.exp(-z2)) : Math.exp(z2) / (1 + Math.exp(z2));
      A2[i] = p;
      loss -= y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p);
      // backward for row i
      const dz2 = (p - y[i]) / m;
      db2 += dz2;
      for (let j = 0; j < h; j++) {
        const a = A1[ai + j];
        dW2[j] += a * dz2;
        const dz1 = dz2 * W2[j] * (1 - a * a);
        dZ1[ai + j] = dz1;
        db1[j] += dz1;
        for (let k = 0; k < n; k++) dW1[k * h + j] += X[xi + k] * dz1;
      }
    }
    g.b2[0] = db2;
    g.loss = loss / m;
    return g;
  };
}
