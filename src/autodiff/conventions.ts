// What the derivative is at a kink, where the function has no derivative, only one-sided
// slopes. Frameworks disagree, so the choice is a named preset, and every kink says what
// each preset picks and where that was read (see src/autodiff/README.md, "Kinks").
//
// Sources (read, not guessed; "file: rule → value at the kink"). The README's table lists
// every entry with the same sources, and tests/autodiff/conventions.test.ts pins each one.
//
// PyTorch
// - tools/autograd/derivatives.yaml: maximum/minimum `at::where(self == other, grad / 2, grad)`
//   → ½ each on a tie; `max(Tensor self)` (no dim) and `amax` → evenly_distribute_backward /
//   scale_grad_by_count → ties split evenly; `max.dim` → value_selecting_reduction_backward →
//   the whole gradient to the returned index, the first maximum (torch.max docs: "the indices of
//   the first maximal value are returned"; "only propagate to the indexed element"); relu → threshold_backward (grad where result > 0)
//   → 0; abs → `grad * self.sgn()` → 0; clamp → clamp_backward keeps grad where min ≤ x ≤ max
//   → 1 at a bound; sign, floor, ceil, round → `zeros_like(grad)` → 0 everywhere.
// - aten/src/ATen/native/cpu/Activation.cpp: leaky_relu_backward `a > 0 ? grad : grad * negval`
//   → slope at 0; hardtanh_backward `(self <= min || self >= max) ? 0 : grad` → 0 at ±1;
//   relu6 is `hardtanh(self, 0, 6)` (Activation.cpp) → 0 at 0 and 6.
// - torch/csrc/autograd/FunctionsManual.cpp: pow_backward (number exponent) `exponent == 0 →
//   zeros`, else `grad * exponent * self.pow(exponent - 1)`; pow_backward_self (tensor exponent)
//   `where(exponent == 0, 0, …)`; pow_backward_exponent `where(self == 0 & exponent >= 0, 0,
//   result * self.log())` → ∂p at x = 0 is 0 for p ≥ 0, −∞ for p < 0, NaN for x < 0;
//   linalg_vector_norm_backward for ord 2: `self * (grad / norm).masked_fill_(norm == 0, 0)` → 0.
// JAX
// - jax/_src/lax/lax.py: `_abs_jvp_rule` select(x >= 0, g, -g) → |x|′(0) = 1; max_p/min_p JVP
//   `_balanced_eq` → ½ each on a tie; `_reduce_chooser_jvp_rule` divides by the number of
//   maxima → even split; sign_p, floor_p, ceil_p, round_p `ad.defjvp_zero` → 0 everywhere;
//   clamp_p JVP: operand gets g only where min < x < max → 0 at a bound (lax.clamp);
//   `_integer_pow_jvp` (jnp.power / `**` with an integer constant): 0 for y == 0, else
//   y·x^(y−1); `_pow_jvp_lhs` (lax.pow, float exponent): y·x^(y−1) with no guard → 0·0⁻¹ = NaN
//   at x = 0, p = 0; `_pow_jvp_rhs`: `log(_replace_zero(x)) * ans` → 0 at x = 0 unless the
//   power is infinite (p < 0: 0·∞ = NaN), NaN for x < 0; sqrt_p JVP g·0.5/ans → ∞ at 0.
// - jax/_src/numpy/lax_numpy.py `clip`: `maximum(min, arr)` then `minimum(max, arr)` → ½ at a
//   bound. jax/_src/numpy/ufuncs.py `power`: a concrete integer exponent → lax.integer_pow.
// - jax/_src/numpy/linalg.py `norm` (ord None): sqrt(sum(x·conj x)) → at 0, sqrt′ = ∞ times
//   2x = 0 → NaN.
// - jax/_src/nn/functions.py: relu custom JVP → 0 (PR #2342); leaky_relu `where(x >= 0, x,
//   negative_slope * x)` → 1 at 0; hard_tanh `where(x > 1, 1, where(x < -1, -1, x))` → 1 at
//   ±1; relu6 custom JVP `select((x > 0) & (x < 6), g, 0)` → 0 at 0 and 6.
// Flux / Zygote (ChainRules.jl, NNlib.jl)
// - ChainRules src/rulesets/Base/fastmath_able.jl: `@scalar_rule max(x, y) @setup(gt = x > y)
//   (gt, !gt)` → a tie goes to the second argument (min: to the first); `@scalar_rule
//   abs(x::Real) sign(x)` → 0; sign → zero for real x; `_pow_grad_x`: x ≠ 0 or p < 0 → p·y/x,
//   p == 1 → 1, p == 0 or p > 1 → 0, else ∞; `_pow_grad_p`: x ≠ 0 → y·log|x| (real part of
//   the complex log, finite for x < 0), x == 0 → 0 if p > 0, else NaN.
// - ChainRules src/rulesets/Base/base.jl: `@scalar_rule round(x) zero(x)`, floor, ceil → 0;
//   clamp `(!(islow | ishigh), islow, ishigh)` with strict comparisons → 1 at a bound;
//   `maximum` via `findmax` → the whole gradient to the first maximum.
// - ChainRules src/rulesets/LinearAlgebra/norm.jl: `_norm2_back` = x·(Δy·pinv(y)), pinv(0) = 0
//   → 0 at the zero vector.
// - NNlib src/activations.jl UNARY_ACTS: `(:relu, :(Ω > 0))` → 0; `(:leakyrelu, :(ifelse(Ω > 0,
//   1, a)))` → slope at 0; `(:hardtanh, :((Ω>-1) & (Ω<1)))` → 0 at ±1; `(:relu6, :((Ω>0) &
//   (Ω<6)))` → 0 at 0 and 6.
// - ChainRules `rrule(::typeof(ifelse), c, a::Number, b::Number)`: `ifelse(c, Δ, zero(Δ))` →
//   the branch not chosen gets a zero cotangent (as PyTorch's `where(condition, grad, 0)` in
//   derivatives.yaml and JAX's select_n transpose do), so where(x > 0, log(x), 0) at 0 gives
//   log′(0)·0 = ∞·0 = NaN in all three; the double-where fix feeds log a safe value instead
//   (JAX FAQ, "Gradients contain NaN where using where"; PyTorch issue #10729). Zygote
//   differentiates control flow, so `x > 0 ? log(x) : 0` never runs log at 0.
// - ForwardDiff.jl src/dual.jl: `abs(d::Dual) = signbit(value(d)) ? -d : d` → +1 at +0.0
//   (what `abs(x, { pick: 'right' })` gives; Zygote's rule above gives 0).

import { AutodiffError } from './tensor.ts';

export type ConventionName = 'pytorch' | 'jax' | 'flux';
export const CONVENTION_NAMES: readonly ConventionName[] = ['pytorch', 'jax', 'flux'];

/**
 * Which value of the subdifferential interval [left slope, right slope] a preset picks:
 * one of the one-sided slopes, their midpoint, the smaller/larger of the two, or 0 (what
 * every framework returns at a jump, and PyTorch/Zygote at |x|'s kink).
 */
export type Pick = 'left' | 'right' | 'mid' | 'min' | 'max' | 'zero';
export const PICKS: readonly Pick[] = ['left', 'right', 'mid', 'min', 'max', 'zero'];

/** Throws a located error for a `pick` or `ties` option that is not one of the names (a typo would otherwise give NaN). */
export function checkOption<T extends string>(op: string, option: string, value: T, allowed: readonly T[]): T {
  if (!allowed.includes(value))
    throw new AutodiffError(op, `unknown ${option} '${value}'. Use one of ${allowed.map((a) => `'${a}'`).join(', ')}.`);
  return value;
}

export interface Kink {
  /** The kink locations, given the op's parameters (relu: [0]; clamp: [lo, hi]). */
  at(p: number, q: number): number[];
  /** Kinks repeat with this period from the one location in `at` (floor: 0 + k·1 for every integer k); absent: only `at`. */
  readonly period?: number;
  /** True where the function jumps (sign, floor, ceil, round): a one-sided slope is then +∞. */
  readonly jump?: boolean;
  /** One-sided slopes [left, right] at the kink `x`. */
  set(x: number, p: number, q: number): [number, number];
  pick: Record<ConventionName, Pick>;
}

/** Is `x` one of the kink's locations (periodic ones included)? */
export function atKink(k: Kink, x: number, p: number, q: number): boolean {
  const at = k.at(p, q);
  if (k.period === undefined) return at.includes(x);
  for (const a of at) if (Number.isInteger((x - a) / k.period)) return true;
  return false;
}

export function choose(pick: Pick, [l, r]: [number, number]): number {
  switch (pick) {
    case 'left':
      return l;
    case 'right':
      return r;
    case 'mid':
      return (l + r) / 2;
    case 'min':
      return Math.min(l, r);
    case 'max':
      return Math.max(l, r);
    case 'zero':
      return 0;
  }
}

/** How ties are split between arguments of maximum/minimum and inside max reductions. */
export const TIES = {
  // Share of the gradient going to [first, second] argument of maximum(a, b) at a == b.
  maximum: { pytorch: [0.5, 0.5], jax: [0.5, 0.5], flux: [0, 1] },
  minimum: { pytorch: [0.5, 0.5], jax: [0.5, 0.5], flux: [1, 0] },
  // Max reduction: 'split' evenly among all maxima, or 'first' maximum takes all.
  max: { pytorch: 'split', jax: 'split', flux: 'first' },
} as const satisfies {
  maximum: Record<ConventionName, readonly [number, number]>;
  minimum: Record<ConventionName, readonly [number, number]>;
  max: Record<ConventionName, 'split' | 'first'>;
};

/** How a max reduction shares the gradient among tied maxima. */
export type Ties = 'split' | 'first';

/**
 * Powers where they are not smooth (x ≤ 0). For x > 0 every framework uses the calculus
 * rules p·x^(p−1) and x^p·log x; these are what each returns elsewhere, element by element
 * (y = x^p). `dx` is for a tensor exponent; with a number exponent all three agree (0 for
 * p = 0, else p·x^(p−1)), which is the POW_CONST record.
 */
export const POW: {
  dx: Record<ConventionName, (x: number, p: number, y: number) => number>;
  dp: Record<ConventionName, (x: number, p: number, y: number) => number>;
} = {
  dx: {
    // pow_backward_self: where(exponent == 0, 0, exponent * self.pow(exponent - 1))
    pytorch: (x, p) => (p === 0 ? 0 : p * x ** (p - 1)),
    // _pow_jvp_lhs with a float exponent: no guard, so 0·0⁻¹ = NaN at x = 0, p = 0
    jax: (x, p) => p * x ** (p - 1),
    // _pow_grad_x: p == 0 → 0 (and p·y/x elsewhere, the same number)
    flux: (x, p) => (p === 0 ? 0 : p * x ** (p - 1)),
  },
  dp: {
    // pow_backward_exponent: 0 where x == 0 and p ≥ 0, else result·log(x) (−∞ at x = 0, p < 0; NaN for x < 0)
    pytorch: (x, p, y) => (x === 0 && p >= 0 ? 0 : y * Math.log(x)),
    // _pow_jvp_rhs: log(x == 0 ? 1 : x)·y (0·∞ = NaN at x = 0, p < 0; NaN for x < 0)
    jax: (x, _p, y) => Math.log(x === 0 ? 1 : x) * y,
    // _pow_grad_p: y·log|x| for x ≠ 0; at x = 0, 0 if p > 0 else NaN
    flux: (x, p, y) => (x !== 0 ? y * Math.log(Math.abs(x)) : p > 0 ? 0 : Number.NaN),
  },
};

/** Gradient of the 2-norm at the zero vector: PyTorch and ChainRules mask it to 0; JAX's sqrt(sum(x²)) gives 0·∞ = NaN. */
export const NORM_AT_ZERO: Record<ConventionName, number> = { pytorch: 0, jax: Number.NaN, flux: 0 };

let current: ConventionName = 'pytorch';
// When set, forward mode returns one-sided directional derivatives at kinks (used by
// `subdifferential`); reverse mode never sees it.
let directional = false;

export const getConvention = (): ConventionName => current;

function check(name: string): ConventionName {
  if (!(CONVENTION_NAMES as readonly string[]).includes(name)) {
    throw new Error(`withConvention: unknown convention '${name}'. Use one of ${CONVENTION_NAMES.map((n) => `'${n}'`).join(', ')}.`);
  }
  return name as ConventionName;
}

/** Sets the kink convention globally (default 'pytorch'). Prefer `withConvention` for a scoped change. */
export function setConvention(name: ConventionName): void {
  current = check(name);
}

/** Runs `f` under a kink convention: `withConvention('jax', () => gradient(x => abs(x), 0))` → 1 */
export function withConvention<R>(name: ConventionName, f: () => R): R {
  const prev = current;
  current = check(name);
  try {
    return f();
  } finally {
    current = prev;
  }
}

export const isDirectional = (): boolean => directional;

export function withDirectional<R>(f: () => R): R {
  const prev = directional;
  directional = true;
  try {
    return f();
  } finally {
    directional = prev;
  }
}
