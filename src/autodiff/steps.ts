// Step functions: piecewise constant, so their derivative is 0 wherever it exists, and at a
// jump the one-sided slopes are 0 on the flat side and +∞ on the side the step comes from.
// Every framework returns 0 everywhere, jumps included (derivatives.yaml `zeros_like(grad)`,
// lax `ad.defjvp_zero`, ChainRules `zero(x)`), so each kink picks 'zero'; the records still
// carry the true one-sided slopes for `subdifferential` and the kink widget.
import type { TensorLike, Tensor } from './tensor.ts';
import { applyElementwise, type Elementwise } from './elementwise.ts';
import type { Kink } from './conventions.ts';

const ZERO = { pytorch: 'zero', jax: 'zero', flux: 'zero' } as const;
const step = (name: string, f: (x: number) => number, kink: Kink): Elementwise => ({ name, f, df: () => 0, d2f: () => 0, kink });

/** Rounds half to even, like NumPy, PyTorch, JAX (round_p TO_NEAREST_EVEN) and Julia: 0.5 → 0, 1.5 → 2, −2.5 → −2. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  // Math.round sends every half up; a half whose upward neighbour is odd goes down instead.
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

// sign jumps from −1 to 1 through 0: from either side the slope is +∞.
export const SIGN = step('sign', (x) => (x > 0 ? 1 : x < 0 ? -1 : x), {
  at: () => [0],
  jump: true,
  set: () => [Infinity, Infinity],
  pick: ZERO,
});
// floor is continuous from the right: flat to the right of an integer, a jump from the left.
export const FLOOR = step('floor', Math.floor, { at: () => [0], period: 1, jump: true, set: () => [Infinity, 0], pick: ZERO });
// ceil is continuous from the left.
export const CEIL = step('ceil', Math.ceil, { at: () => [0], period: 1, jump: true, set: () => [0, Infinity], pick: ZERO });
// round jumps at every half; the value there is the even neighbour, which fixes the flat side.
export const ROUND = step('round', roundHalfEven, {
  at: () => [0.5],
  period: 1,
  jump: true,
  set: (x) => (roundHalfEven(x) < x ? [0, Infinity] : [Infinity, 0]),
  pick: ZERO,
});

/** −1, 0 or 1 (NaN stays NaN); its derivative is 0 in every preset. */
export const sign = (x: TensorLike): Tensor => applyElementwise(SIGN, x);
/** Largest integer ≤ x; derivative 0 everywhere, jumps included. */
export const floor = (x: TensorLike): Tensor => applyElementwise(FLOOR, x);
/** Smallest integer ≥ x; derivative 0 everywhere, jumps included. */
export const ceil = (x: TensorLike): Tensor => applyElementwise(CEIL, x);
/** Nearest integer, halves to even (`round([0.5, 1.5, 2.5])` → [0 2 2]); derivative 0 everywhere. */
export const round = (x: TensorLike): Tensor => applyElementwise(ROUND, x);
