// The convention table: what each framework returns at each kink, pinned one entry per
// test, each named with the source it was read from (file and rule; the same sources are
// quoted in src/autodiff/conventions.ts and tabled in src/autodiff/README.md). The expected
// values come from those rules, not from this engine. Every entry is checked in reverse mode
// (gradient) and in forward mode (one jvp per input entry), which must agree.
import { describe, expect, it } from 'vitest';
import {
  CONVENTION_NAMES,
  Tensor,
  abs,
  ceil,
  clamp,
  floor,
  gradient,
  greater,
  hardtanh,
  jvp,
  leakyRelu,
  log,
  max,
  maximum,
  min,
  minimum,
  mul,
  norm,
  pow,
  relu,
  relu6,
  round,
  sign,
  sum,
  tensor,
  where,
  withConvention,
  vjp,
  type ConventionName,
} from '../../src/autodiff/index.ts';

type Value = number | number[] | number[][];
interface Entry {
  /** The case, as a reader would say it. */
  name: string;
  /** A scalar function of the arguments, and the arguments. */
  f: (...xs: Tensor[]) => Tensor;
  args: Value[];
  /**
   * For a sum of an elementwise function: that function. Forward mode then pushes a tangent
   * of ones through it and reads each entry, since a unit tangent through the sum would mix
   * in 0·∞ = NaN from the other entries (as in any framework).
   */
  elementwise?: (...xs: Tensor[]) => Tensor;
  /** One gradient per argument, per framework, and where each was read. */
  expected: Record<ConventionName, Value[]>;
  source: Record<ConventionName, string>;
}

const all = <T>(v: T): Record<ConventionName, T> => ({ pytorch: v, jax: v, flux: v });
const P_EXPONENTS = [2, 1, 0.5, 0, -1];
const zeros5 = [0, 0, 0, 0, 0];
const NaN_ = Number.NaN;
const Inf = Number.POSITIVE_INFINITY;

const TABLE: Entry[] = [
  // ── already covered before: relu, abs, leaky relu, ties, clamp ──
  {
    name: "relu'(0)",
    f: relu,
    args: [0],
    expected: all([0]),
    source: {
      pytorch: 'derivatives.yaml relu → threshold_backward (grad where result > 0)',
      jax: 'jax/_src/nn/functions.py relu custom JVP (PR #2342)',
      flux: 'NNlib activations.jl UNARY_ACTS (:relu, :(Ω > 0))',
    },
  },
  {
    name: "abs'(0)",
    f: abs,
    args: [0],
    expected: { pytorch: [0], jax: [1], flux: [0] },
    source: {
      pytorch: 'derivatives.yaml abs: grad * self.sgn()',
      jax: 'lax.py _abs_jvp_rule: select(x >= 0, g, -g)',
      flux: 'ChainRules fastmath_able.jl @scalar_rule abs(x::Real) sign(x)',
    },
  },
  {
    name: "leakyRelu'(0), slope 0.1",
    f: (x) => leakyRelu(x, 0.1),
    args: [0],
    expected: { pytorch: [0.1], jax: [1], flux: [0.1] },
    source: {
      pytorch: 'Activation.cpp leaky_relu_backward: a > 0 ? grad : grad * negval',
      jax: 'jax/_src/nn/functions.py leaky_relu: where(x >= 0, x, negative_slope * x)',
      flux: 'NNlib UNARY_ACTS (:leakyrelu, :(ifelse(Ω > 0, 1, a)))',
    },
  },
  {
    name: 'maximum(a, b) at a = b',
    f: maximum,
    args: [2, 2],
    expected: { pytorch: [0.5, 0.5], jax: [0.5, 0.5], flux: [0, 1] },
    source: {
      pytorch: 'derivatives.yaml maximum: at::where(self == other, grad / 2, grad)',
      jax: 'lax.py max_p JVP: _balanced_eq',
      flux: 'ChainRules fastmath_able.jl @scalar_rule max(x, y) @setup(gt = x > y) (gt, !gt)',
    },
  },
  {
    name: 'minimum(a, b) at a = b',
    f: minimum,
    args: [2, 2],
    expected: { pytorch: [0.5, 0.5], jax: [0.5, 0.5], flux: [1, 0] },
    source: {
      pytorch: 'derivatives.yaml minimum: at::where(self == other, grad / 2, grad)',
      jax: 'lax.py min_p JVP: _balanced_eq',
      flux: 'ChainRules fastmath_able.jl @scalar_rule min(x, y) @setup(gt = x > y) (!gt, gt)',
    },
  },
  {
    name: 'max([1, 3, 3, 2]) (reduction, a tie)',
    f: (x) => max(x),
    args: [[1, 3, 3, 2]],
    expected: { pytorch: [[0, 0.5, 0.5, 0]], jax: [[0, 0.5, 0.5, 0]], flux: [[0, 1, 0, 0]] },
    source: {
      pytorch: 'derivatives.yaml max(Tensor self): evenly_distribute_backward',
      jax: 'lax.py _reduce_chooser_jvp_rule (divides by the number of maxima)',
      flux: 'ChainRules base.jl maximum → findmax (first maximum)',
    },
  },
  {
    name: 'max([[3, 3], [1, 5]], axis 1)',
    f: (x) => sum(max(x, 1)),
    args: [
      [
        [3, 3],
        [1, 5],
      ],
    ],
    expected: {
      pytorch: [
        [
          [0.5, 0.5],
          [0, 1],
        ],
      ],
      jax: [
        [
          [0.5, 0.5],
          [0, 1],
        ],
      ],
      flux: [
        [
          [1, 0],
          [0, 1],
        ],
      ],
    },
    source: {
      pytorch: 'derivatives.yaml amax: scale_grad_by_count (split evenly)',
      jax: 'lax.py _reduce_chooser_jvp_rule',
      flux: 'ChainRules maximum(x; dims) → findmax',
    },
  },
  {
    name: 'min([2, 1, 1])',
    f: (x) => min(x),
    args: [[2, 1, 1]],
    expected: { pytorch: [[0, 0.5, 0.5]], jax: [[0, 0.5, 0.5]], flux: [[0, 1, 0]] },
    source: {
      pytorch: 'derivatives.yaml min(Tensor self): evenly_distribute_backward',
      jax: 'lax.py _reduce_chooser_jvp_rule',
      flux: 'ChainRules minimum → findmin (first minimum)',
    },
  },
  {
    name: "clamp'(x, −1, 1) at x = −1 and 1",
    f: (x) => sum(clamp(x, -1, 1)),
    args: [[-1, 1]],
    expected: { pytorch: [[1, 1]], jax: [[0.5, 0.5]], flux: [[1, 1]] },
    source: {
      pytorch: 'derivatives.yaml clamp → clamp_backward (grad where min ≤ x ≤ max)',
      jax: 'lax_numpy.py clip: minimum(max, maximum(min, x)) → _balanced_eq ½',
      flux: 'ChainRules base.jl clamp: (!(islow | ishigh), islow, ishigh), strict',
    },
  },
  // ── hardtanh, relu6 ──
  {
    name: "hardtanh'(x) at x = −1 and 1",
    f: (x) => sum(hardtanh(x)),
    args: [[-1, 1]],
    expected: { pytorch: [[0, 0]], jax: [[1, 1]], flux: [[0, 0]] },
    source: {
      pytorch: 'Activation.cpp hardtanh_backward: (self <= min || self >= max) ? 0 : grad',
      jax: 'jax/_src/nn/functions.py hard_tanh: where(x > 1, 1, where(x < -1, -1, x))',
      flux: 'NNlib UNARY_ACTS (:hardtanh, :((Ω>-1) & (Ω<1)))',
    },
  },
  {
    name: "relu6'(x) at x = 0 and 6",
    f: (x) => sum(relu6(x)),
    args: [[0, 6]],
    expected: all([[0, 0]]),
    source: {
      pytorch: 'Activation.cpp relu6 = hardtanh(self, 0, 6) → hardtanh_backward',
      jax: 'jax/_src/nn/functions.py relu6 custom JVP: select((x > 0) & (x < 6), g, 0)',
      flux: 'NNlib UNARY_ACTS (:relu6, :((Ω>0) & (Ω<6)))',
    },
  },
  // ── step functions: 0 everywhere, jumps included ──
  {
    name: "sign'(x) at −2, 0 (the jump), 3",
    f: (x) => sum(sign(x)),
    args: [[-2, 0, 3]],
    expected: all([[0, 0, 0]]),
    source: {
      pytorch: 'derivatives.yaml sign: zeros_like(grad)',
      jax: 'lax.py ad.defjvp_zero(sign_p)',
      flux: 'ChainRules fastmath_able.jl sign rule: zero for real x',
    },
  },
  {
    name: "floor'(x) at −1.5, 0, 1 (jumps), 2.7",
    f: (x) => sum(floor(x)),
    args: [[-1.5, 0, 1, 2.7]],
    expected: all([[0, 0, 0, 0]]),
    source: {
      pytorch: 'derivatives.yaml floor: zeros_like(grad)',
      jax: 'lax.py ad.defjvp_zero(floor_p)',
      flux: 'ChainRules base.jl @scalar_rule floor(x) zero(x)',
    },
  },
  {
    name: "ceil'(x) at −1.5, 0, 1 (jumps), 2.7",
    f: (x) => sum(ceil(x)),
    args: [[-1.5, 0, 1, 2.7]],
    expected: all([[0, 0, 0, 0]]),
    source: {
      pytorch: 'derivatives.yaml ceil: zeros_like(grad)',
      jax: 'lax.py ad.defjvp_zero(ceil_p)',
      flux: 'ChainRules base.jl @scalar_rule ceil(x) zero(x)',
    },
  },
  {
    name: "round'(x) at 0.5, 1.5, 2.5 (jumps), 0.3",
    f: (x) => sum(round(x)),
    args: [[0.5, 1.5, 2.5, 0.3]],
    expected: all([[0, 0, 0, 0]]),
    source: {
      pytorch: 'derivatives.yaml round: zeros_like(grad)',
      jax: 'lax.py ad.defjvp_zero(round_p)',
      flux: 'ChainRules base.jl @scalar_rule round(x) zero(x)',
    },
  },
  // ── pow at x = 0, exponents 2, 1, 0.5, 0, −1 ──
  ...P_EXPONENTS.map(
    (p): Entry => ({
      name: `∂(x^${p})/∂x at x = 0, number exponent`,
      f: (x) => pow(x, p),
      args: [0],
      expected: all([{ 2: 0, 1: 1, 0.5: Inf, 0: 0, [-1]: -Inf }[p] as number]),
      source: {
        pytorch: 'FunctionsManual.cpp pow_backward: exponent == 0 → zeros, else exponent * self.pow(exponent - 1)',
        jax: 'lax.py _integer_pow_jvp (0 for y == 0), _pow_jvp_lhs for 0.5',
        flux: 'ChainRules fastmath_able.jl _pow_grad_x',
      },
    }),
  ),
  {
    name: '∂(x^p)/∂x and ∂(x^p)/∂p at x = 0, tensor exponent p = [2, 1, 0.5, 0, −1]',
    f: (x, p) => sum(pow(x, p)),
    elementwise: pow,
    args: [zeros5, P_EXPONENTS],
    expected: {
      pytorch: [
        [0, 1, Inf, 0, -Inf],
        [0, 0, 0, 0, -Inf],
      ],
      jax: [
        [0, 1, Inf, NaN_, -Inf],
        [0, 0, 0, 0, NaN_],
      ],
      flux: [
        [0, 1, Inf, 0, -Inf],
        [0, 0, 0, NaN_, NaN_],
      ],
    },
    source: {
      pytorch:
        'FunctionsManual.cpp pow_backward_self: where(exponent == 0, 0, …); pow_backward_exponent: where(self == 0 & exponent >= 0, 0, result * self.log())',
      jax: 'lax.py _pow_jvp_lhs (float y): y * pow(x, y - 1), no guard; _pow_jvp_rhs: log(_replace_zero(x)) * ans',
      flux: 'ChainRules fastmath_able.jl _pow_grad_x; _pow_grad_p: x == 0 → 0 if p > 0 else NaN',
    },
  },
  {
    name: '∂(x^p)/∂p at a negative base, x = −2, p = 2',
    f: (x, p) => pow(x, p),
    args: [-2, 2],
    expected: { pytorch: [-4, NaN_], jax: [-4, NaN_], flux: [-4, 4 * Math.log(2)] },
    source: {
      pytorch: 'FunctionsManual.cpp pow_backward_exponent: result * self.log() (log of a negative is NaN)',
      jax: 'lax.py _pow_jvp_rhs: log(x) * ans (NaN)',
      flux: 'ChainRules fastmath_able.jl _pow_grad_p: y * real(log(complex(x))) = y·log|x|',
    },
  },
  // ── the 2-norm at the zero vector ──
  {
    name: '‖x‖ at x = 0',
    f: (x) => norm(x),
    args: [[0, 0]],
    expected: { pytorch: [[0, 0]], jax: [[NaN_, NaN_]], flux: [[0, 0]] },
    source: {
      pytorch: 'FunctionsManual.cpp linalg_vector_norm_backward: (grad / norm).masked_fill_(norm == 0, 0)',
      jax: 'jax/_src/numpy/linalg.py norm: sqrt(sum(x * conj(x))) → sqrt_p JVP g·0.5/0 = ∞, times 2x = 0 → NaN',
      flux: 'ChainRules LinearAlgebra/norm.jl _norm2_back: x .* (Δy * pinv(y)), pinv(0) = 0',
    },
  },
  // ── where: routing, the NaN leak, the double-where fix ──
  {
    name: 'where(x > 0, x, 2x) at x = [−1, 2] (routing)',
    f: (x) => sum(where(greater(x, 0), x, mul(x, 2))),
    args: [[-1, 2]],
    expected: all([[2, 1]]),
    source: {
      pytorch: 'derivatives.yaml where: self → where(condition, grad, 0), other → where(condition, 0, grad)',
      jax: 'lax.py select_n transpose: the cotangent goes to the selected case, zeros to the others',
      flux: 'ChainRules rrule(ifelse, c, a::Number, b::Number): ifelse(c, Δ, zero(Δ))',
    },
  },
  {
    name: 'where(x > 0, log(x), 0) at x = 0 (the unselected branch leaks NaN)',
    f: (x) => where(greater(x, 0), log(x), 0),
    args: [0],
    expected: all([NaN_]),
    source: {
      pytorch: 'derivatives.yaml where sends 0 to log; log: grad / self = 0/0 = NaN (issue #10729)',
      jax: 'lax.py log_p JVP div(g, x): 0/0 = NaN (JAX FAQ: Gradients contain NaN where using where)',
      flux: 'ChainRules rrule(ifelse) sends zero(Δ) to log; @scalar_rule log(x) inv(x): 0·∞ = NaN',
    },
  },
  {
    name: 'where(x > 0, log(where(x > 0, x, 1)), 0) at x = 0 (the double-where fix)',
    f: (x) => where(greater(x, 0), log(where(greater(x, 0), x, 1)), 0),
    args: [0],
    expected: all([0]),
    source: {
      pytorch: 'the inner where feeds log a 1, so its rule gives 0/1 = 0',
      jax: 'JAX FAQ, "Gradients contain NaN where using where": the double-where trick',
      flux: 'same rules: log′(1)·0 = 0',
    },
  },
];

const toTensor = (v: Value): Tensor => tensor(v);
// JSON would print NaN and ±∞ as null.
const show = (v: unknown): string => (Array.isArray(v) ? `[${v.map(show).join(', ')}]` : String(v));
const plainOf = (g: unknown): Value => (g instanceof Tensor ? (g.toArray() as Value) : (g as Value));

describe.each(CONVENTION_NAMES.map((c) => [c]))('the %s preset returns what its framework returns', (conv) => {
  for (const e of TABLE) {
    it(`${e.name} = ${show(e.expected[conv])} — ${e.source[conv]}`, () => {
      const reverse = withConvention(conv, () => gradient(e.f, ...e.args.map(toTensor))).map(plainOf);
      expect(reverse).toEqual(e.expected[conv]);
      // Forward mode: one jvp per input entry, along that entry's unit direction, the other
      // arguments held constant (a zero tangent would turn a NaN partial into 0·NaN = NaN).
      const xs = e.args.map(toTensor);
      const forward = xs.map((x, k) => {
        if (e.elementwise !== undefined) {
          const fe = e.elementwise;
          const fk = (xk: Tensor) => fe(...xs.map((y, j) => (j === k ? xk : y)));
          const ones = new Tensor(x.shape, new Float64Array(x.size).fill(1));
          return withConvention(conv, () => jvp(fk, [x], [ones]).tangent.toArray() as Value);
        }
        const d = x.data.map((_, i) =>
          withConvention(conv, () => {
            const t = new Tensor(x.shape, new Float64Array(x.size));
            t.data[i] = 1;
            const fk = (xk: Tensor) => e.f(...xs.map((y, j) => (j === k ? xk : y)));
            return jvp(fk, [x], [t]).tangent.item();
          }),
        );
        return new Tensor(x.shape, d).toArray() as Value;
      });
      expect(forward).toEqual(e.expected[conv]);
    });
  }
});

describe('one function, two rules: per-call options', () => {
  it("torch.max(x, dim) sends the gradient to the returned index: max(x, axis, keepdims, { ties: 'first' }) — derivatives.yaml max.dim → value_selecting_reduction_backward", () => {
    const x = [
      [3, 3],
      [1, 5],
    ];
    expect(gradient((t) => sum(max(t, 1, false, { ties: 'first' })), x)[0]).toEqual([
      [1, 0],
      [0, 1],
    ]);
    // …while torch.amax (the default under 'pytorch') splits, and the option also overrides Flux's first-maximum rule.
    expect(gradient((t) => sum(max(t, 1)), x)[0]).toEqual([
      [0.5, 0.5],
      [0, 1],
    ]);
    expect(withConvention('flux', () => gradient((t) => sum(max(t, 1, false, { ties: 'split' })), x)[0])).toEqual([
      [0.5, 0.5],
      [0, 1],
    ]);
    expect(gradient((t) => min(t, undefined, false, { ties: 'first' }), [2, 1, 1])[0]).toEqual([0, 1, 0]);
  });

  it("lax.clamp gives 0 at a bound: clamp(x, lo, hi, { pick: 'min' }) — lax.py clamp_p JVP select(gt(operand, min) & lt(operand, max), g, 0)", () => {
    const f = (x: Tensor) => sum(clamp(x, -1, 1, { pick: 'min' }));
    for (const c of CONVENTION_NAMES) expect(withConvention(c, () => gradient(f, [-1, 0.5, 1])[0])).toEqual([0, 1, 0]);
    // jnp.clip, the 'jax' default, gives ½.
    expect(withConvention('jax', () => gradient((x) => sum(clamp(x, -1, 1)), [-1, 0.5, 1])[0])).toEqual([0.5, 1, 0.5]);
  });

  it("ForwardDiff.jl's abs′(0) = 1 (dual.jl: signbit(value(d)) ? -d : d) vs Zygote's 0: abs(x, { pick: 'right' })", () => {
    expect(withConvention('flux', () => gradient((x) => abs(x, { pick: 'right' }), 0))).toEqual([1]);
    expect(withConvention('flux', () => gradient(abs, 0))).toEqual([0]);
    expect(jvp((x) => abs(x, { pick: 'right' }), [0], [1]).tangent.item()).toBe(1);
  });

  it("leakyRelu takes a pick too: { pick: 'right' } is JAX's 1 under any preset", () => {
    expect(gradient((x) => leakyRelu(x, 0.1, { pick: 'right' }), 0)).toEqual([1]);
    expect(withConvention('jax', () => gradient((x) => leakyRelu(x, 0.1, { pick: 'left' }), 0))).toEqual([0.1]);
  });

  it('an explicit pick is kept by a pullback that runs later, under another convention', () => {
    const { pullback } = withConvention('jax', () => vjp((x: Tensor) => hardtanh(x, -1, 1, { pick: 'min' }), 1));
    expect(withConvention('jax', () => pullback(1))).toEqual([0]);
  });

  it('Zygote differentiates control flow: the branch not taken is never run, so x > 0 ? log(x) : 0 gives 0 at 0 with no where at all', () => {
    const f = (x: Tensor) => (x.item() > 0 ? log(x) : mul(x, 0));
    for (const c of CONVENTION_NAMES) expect(withConvention(c, () => gradient(f, 0))).toEqual([0]);
  });
});
