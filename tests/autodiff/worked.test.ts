// The worked examples of issue 3, with exact expected values.
import { describe, expect, it } from 'vitest';
import { add, det, eye, gradient, matmul, mul, pow, sub, sum, tensor, valueAndGradient } from '../../src/autodiff/index.ts';

describe('worked examples', () => {
  it('f(x) = 3x² + 2x + 1 at x = 3 → 20', () => {
    expect(gradient((x) => add(add(mul(3, mul(x, x)), mul(2, x)), 1), 3)).toEqual([20]);
    expect(valueAndGradient((x) => add(add(mul(3, pow(x, 2)), mul(2, x)), 1), 3)).toEqual({ value: 34, gradients: [20] });
  });

  it('f(x, y, z) = xy + z² at (1, 2, 3) → (2, 1, 6)', () => {
    expect(gradient((x, y, z) => add(mul(x, y), mul(z, z)), 1, 2, 3)).toEqual([2, 1, 6]);
  });

  it('f(x, y) = ‖x − y‖² at x = [2, 1], y = [2, 0] → ([0, 2], [0, −2])', () => {
    expect(gradient((x, y) => sum(pow(sub(x, y), 2)), [2, 1], [2, 0])).toEqual([
      [0, 2],
      [0, -2],
    ]);
  });

  it('f(x, y) = xᵀAy at x = [1, 2, 3], y = [4, 5, 6] → (Ay, Aᵀx) = ([10, 5, 6], [1, 2, 4])', () => {
    const A = tensor([
      [1, 0, 1],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(gradient((x, y) => matmul(x, matmul(A, y)), [1, 2, 3], [4, 5, 6])).toEqual([
      [10, 5, 6],
      [1, 2, 4],
    ]);
  });

  it('∇det at the 3×3 identity is the identity', () => {
    const [g] = gradient(det, eye(3));
    expect(g.toArray()).toEqual(eye(3).toArray());
  });

  it('∇det of a singular matrix is its cofactor matrix (no division by det = 0)', () => {
    // A = [[1, 2], [2, 4]]: cofactors [[4, −2], [−2, 1]].
    expect(
      gradient(det, [
        [1, 2],
        [2, 4],
      ]),
    ).toEqual([
      [
        [4, -2],
        [-2, 1],
      ],
    ]);
  });
});
