// What the derivative is at a kink, where the function has no derivative, only one-sided
// slopes. Frameworks disagree, so the choice is a named preset, and every kink says what
// each preset picks and where that was read (see src/autodiff/README.md, "Kinks").
//
// Sources (read, not guessed):
// - PyTorch: tools/autograd/derivatives.yaml — maximum/minimum: `at::where(self == other,
//   grad / 2, grad)`; `max(Tensor self)`: `evenly_distribute_backward`; relu → threshold_backward
//   (grad where result > 0); abs → `grad * self.sgn()` (sgn(0) = 0); clamp → clamp_backward
//   keeps grad where min ≤ x ≤ max.
// - JAX: jax/_src/lax/lax.py `_abs_jvp_rule`: select(x >= 0, g, -g) → |x|'(0) = 1;
//   max_p JVP uses `_balanced_eq` → ties ½/½ (kept on purpose, PR #2342); jax.nn.relu has
//   a custom JVP with relu'(0) = 0 (PR #2342, test added in #25392); reduce_max's
//   `_reduce_chooser_jvp_rule` divides by the number of maxima → even split; jnp.clip is
//   `minimum(max, maximum(min, x))` → ½ at a bound.
// - Flux/Zygote (ChainRules.jl): `@scalar_rule max(x, y) @setup(gt = x > y) (gt, !gt)` → a
//   tie goes to the second argument (min: to the first); `@scalar_rule abs(x::Real) sign(x)`
//   → 0; clamp: `(!(islow | ishigh), islow, ishigh)` with strict comparisons → 1 at a bound;
//   `maximum` uses `findmax` → the whole gradient to the first maximum; NNlib's activation
//   rules (UNARY_ACTS) are `(:relu, :(Ω > 0))` and `(:leakyrelu, :(ifelse(Ω > 0, 1, a)))`
//   → the left slope at 0.
// - PyTorch leaky_relu_backward (ActivationLeakyReluKernel): `a > 0 ? grad : grad * negval`;
//   jax.nn.leaky_relu: `jnp.where(x >= 0, x, negative_slope * x)`.

export type ConventionName = 'pytorch' | 'jax' | 'flux';
export const CONVENTION_NAMES: readonly ConventionName[] = ['pytorch', 'jax', 'flux'];

/**
 * Which value of the subdifferential interval [left slope, right slope] a preset picks:
 * one of the one-sided slopes, their midpoint, or the smaller/larger of the two.
 */
export type Pick = 'left' | 'right' | 'mid' | 'min' | 'max' | 'zero';

export interface Kink {
  /** The kink locations, given the op's parameters (relu: [0]; clamp: [lo, hi]). */
  at(p: number, q: number): number[];
  /** One-sided slopes [left, right] at the kink `x`. */
  set(x: number, p: number, q: number): [number, number];
  pick: Record<ConventionName, Pick>;
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
