// The Babylonian square root run on a dual number: t ← (t + x/t)/2 from t = 1, with x
// carrying tangent 1 (x + 1·ε). Forward mode pushes the ε-part through every iteration, so
// it converges to d√x/dx = 1/(2√x) while t converges to √x — Edelman's example of
// differentiating an algorithm, not a formula. Pure; the engine does the dual arithmetic.
import { type Tensor, add, div, jvp, mul } from '../../autodiff/index.ts';

export interface Iterate {
  /** Iterations done (0 is the start, t = 1). */
  k: number;
  /** The primal part: t after k iterations. */
  t: number;
  /** The ε-part: dt/dx after k iterations. */
  dt: number;
  /** |t − √x| and |dt − 1/(2√x)|. */
  error: number;
  dError: number;
}

/**
 * Every iterate from k = 0 to n, each one engine `jvp` of the first k iterations at x with tangent 1.
 * @example iterates(2, 1)[1] // { k: 1, t: 1.5, dt: 0.5, … }
 */
export function iterates(x: number, n: number): Iterate[] {
  const root = Math.sqrt(x);
  const slope = 1 / (2 * root);
  const out: Iterate[] = [];
  for (let k = 0; k <= n; k++) {
    const { value, tangent } = jvp((v: Tensor) => babylonian(v, k), [x], [1]);
    const t = value.item();
    const dt = tangent.item();
    out.push({ k, t, dt, error: Math.abs(t - root), dError: Math.abs(dt - slope) });
  }
  return out;
}

/**
 * k iterations of t ← (t + x/t)/2, written with engine ops so forward mode can run it on
 * x + 1·ε. The start t = 1 is a constant; it is written 0·x + 1 only so that k = 0 also
 * returns a tensor that depends on x (with ε-part 0).
 */
export function babylonian(x: Tensor, k: number): Tensor {
  let t = add(mul(x, 0), 1);
  for (let i = 0; i < k; i++) t = mul(0.5, add(t, div(x, t)));
  return t;
}
