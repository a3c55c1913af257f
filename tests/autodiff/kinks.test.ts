// Derivatives at kinks, exactly, per convention preset. The expected values come from the
// frameworks' own rules (sources in src/autodiff/conventions.ts), not from this engine.
import { describe, expect, it } from 'vitest';
import {
  CONVENTION_NAMES,
  abs,
  clamp,
  elementwise,
  getConvention,
  gradient,
  jvp,
  leakyRelu,
  max,
  maximum,
  min,
  minimum,
  relu,
  setConvention,
  subdifferential,
  sum,
  withConvention,
  choose,
  add,
  stack,
  neg,
  tanh,
  vjp,
  norm,
  tensor,
  type ConventionName,
} from '../../src/autodiff/index.ts';

const expected: Record<string, Record<ConventionName, unknown>> = {
  "relu'(0)": { pytorch: 0, jax: 0, flux: 0 },
  "abs'(0)": { pytorch: 0, jax: 1, flux: 0 },
  "leakyRelu'(0), slope 0.1": { pytorch: 0.1, jax: 1, flux: 0.1 },
  'maximum(a, b) at a = b → (∂a, ∂b)': { pytorch: [0.5, 0.5], jax: [0.5, 0.5], flux: [0, 1] },
  'minimum(a, b) at a = b → (∂a, ∂b)': { pytorch: [0.5, 0.5], jax: [0.5, 0.5], flux: [1, 0] },
  'max([1, 3, 3, 2])': { pytorch: [0, 0.5, 0.5, 0], jax: [0, 0.5, 0.5, 0], flux: [0, 1, 0, 0] },
  'max([[3, 3], [1, 5]], axis 1)': {
    pytorch: [
      [0.5, 0.5],
      [0, 1],
    ],
    jax: [
      [0.5, 0.5],
      [0, 1],
    ],
    flux: [
      [1, 0],
      [0, 1],
    ],
  },
  'min([2, 1, 1])': { pytorch: [0, 0.5, 0.5], jax: [0, 0.5, 0.5], flux: [0, 1, 0] },
  "clamp'(x, -1, 1) at x = -1, 1": { pytorch: [1, 1], jax: [0.5, 0.5], flux: [1, 1] },
};

const compute: Record<string, () => unknown> = {
  "relu'(0)": () => gradient(relu, 0)[0],
  "abs'(0)": () => gradient(abs, 0)[0],
  "leakyRelu'(0), slope 0.1": () => gradient((x) => leakyRelu(x, 0.1), 0)[0],
  'maximum(a, b) at a = b → (∂a, ∂b)': () => gradient(maximum, 2, 2),
  'minimum(a, b) at a = b → (∂a, ∂b)': () => gradient(minimum, 2, 2),
  'max([1, 3, 3, 2])': () => gradient((x) => max(x), [1, 3, 3, 2])[0],
  'max([[3, 3], [1, 5]], axis 1)': () =>
    gradient(
      (x) => sum(max(x, 1)),
      [
        [3, 3],
        [1, 5],
      ],
    )[0],
  'min([2, 1, 1])': () => gradient((x) => min(x), [2, 1, 1])[0],
  "clamp'(x, -1, 1) at x = -1, 1": () => gradient((x) => sum(clamp(x, -1, 1)), [-1, 1])[0],
};

describe.each(CONVENTION_NAMES.map((c) => [c]))('kinks under the %s preset', (conv) => {
  for (const [name, values] of Object.entries(expected)) {
    it(`${name} = ${JSON.stringify(values[conv])}`, () => {
      expect(withConvention(conv, compute[name])).toEqual(values[conv]);
    });
  }
  it('forward mode picks the same value as reverse mode', () => {
    withConvention(conv, () => {
      expect(jvp(abs, [0], [1]).tangent.item()).toBe(expected["abs'(0)"][conv]);
      expect(jvp((x) => leakyRelu(x, 0.1), [0], [1]).tangent.item()).toBe(expected["leakyRelu'(0), slope 0.1"][conv]);
      expect(jvp((x) => sum(clamp(x, -1, 1)), [[-1, 1]], [[1, 1]]).tangent.item()).toBe(
        (expected["clamp'(x, -1, 1) at x = -1, 1"][conv] as number[])[0] * 2,
      );
    });
  });
});

describe('conventions', () => {
  it('PyTorch is the default, and withConvention restores the previous one even on error', () => {
    expect(getConvention()).toBe('pytorch');
    expect(() =>
      withConvention('jax', () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(getConvention()).toBe('pytorch');
  });

  it('the convention in force when a value is computed is the one its gradient uses', () => {
    const { pullback } = withConvention('flux', () => vjp(maximum, 2, 2));
    expect(pullback(1)).toEqual([0, 1]);
    const { pullback: abs0 } = withConvention('jax', () => vjp(abs, 0));
    expect(abs0(1)).toEqual([1]);
    const { pullback: max0 } = withConvention('flux', () => vjp((x) => max(x), [3, 3]));
    expect(max0(1)).toEqual([[1, 0]]);
  });

  it('maximum and minimum propagate NaN like Math.max/min', () => {
    expect(maximum([NaN, 1], [1, NaN]).toArray()).toEqual([NaN, NaN]);
    expect(minimum([NaN, 1], [1, NaN]).toArray()).toEqual([NaN, NaN]);
  });

  it('setConvention switches globally; unknown names are rejected with the valid ones listed', () => {
    setConvention('flux');
    expect(gradient(maximum, 1, 1)).toEqual([0, 1]);
    setConvention('pytorch');
    expect(() => withConvention('tf' as ConventionName, () => 0)).toThrow(
      "withConvention: unknown convention 'tf'. Use one of 'pytorch', 'jax', 'flux'.",
    );
  });

  it('the records expose each kink as data: location, one-sided slopes, and each preset’s pick', () => {
    const k = elementwise.abs.kink!;
    expect(k.at(0, 0)).toEqual([0]);
    expect(k.set(0, 0, 0)).toEqual([-1, 1]);
    expect(CONVENTION_NAMES.map((c) => choose(k.pick[c], k.set(0, 0, 0)))).toEqual([0, 1, 0]);
    expect(elementwise.clamp.kink!.at(-1, 2)).toEqual([-1, 2]);
  });
});

describe('subdifferential: the whole interval of slopes at a kink', () => {
  it.each([
    ['relu at 0', relu, 0, [0, 1]],
    ['abs at 0', abs, 0, [-1, 1]],
    ['leakyRelu(·, 0.1) at 0', (x: any) => leakyRelu(x, 0.1), 0, [0.1, 1]],
    ['maximum(x, 0) at 0', (x: any) => maximum(x, 0), 0, [0, 1]],
    ['minimum(x, 0) at 0', (x: any) => minimum(x, 0), 0, [0, 1]],
    ['clamp(x, 0, 1) at 1', (x: any) => clamp(x, 0, 1), 1, [0, 1]],
    ['|x| + relu(x) at 0 (composition: slopes −1 and 2)', (x: any) => add(abs(x), relu(x)), 0, [-1, 2]],
    ['max(stack([x, −x])) at 0 (a reduction tie: |x|)', (x: any) => max(stack([x, neg(x)])), 0, [-1, 1]],
    ['tanh at 0 (smooth: a single point)', tanh, 0, [1, 1]],
  ])('%s', (_name, f, x, interval) => {
    expect(subdifferential(f, x).interval).toEqual(interval);
  });

  it('the convention does not change the interval, only the single value gradient picks', () => {
    for (const c of CONVENTION_NAMES) expect(withConvention(c, () => subdifferential(abs, 0).interval)).toEqual([-1, 1]);
  });
});

describe('norm at zero', () => {
  it('has gradient 0 (PyTorch norm_backward: masked_fill_(norm == 0, 0)), overall and per axis', () => {
    expect(gradient((x) => norm(x), [0, 0])).toEqual([[0, 0]]);
    expect(
      gradient(
        (x) => sum(norm(x, 1)),
        [
          [0, 0],
          [3, 4],
        ],
      ),
    ).toEqual([
      [
        [0, 0],
        [0.6, 0.8],
      ],
    ]);
    expect(jvp((x) => norm(x), [[0, 0]], [[1, 1]]).tangent.item()).toBe(0);
  });
});

describe('clamp with tensor bounds', () => {
  const lo = [-1, 0, 0.5],
    hi = [1, 1, 2];
  it('clamps elementwise with broadcasting', () => {
    expect(clamp([-2, 0.5, 3], lo, hi).toArray()).toEqual([-1, 0.5, 2]);
    expect(clamp([[-2, 5]], tensor([[0], [1]]), null).toArray()).toEqual([
      [0, 5],
      [1, 5],
    ]);
  });
  it('gradients: x inside (bounds included, PyTorch/Flux) or ½ at a bound (JAX); bounds where they win', () => {
    const x = [-1, 0.5, 3]; // at lo, inside, above hi
    const f = (x: any, lo: any, hi: any) => sum(clamp(x, lo, hi));
    expect(gradient(f, x, lo, hi)).toEqual([
      [1, 1, 0],
      [0, 0, 0],
      [0, 0, 1],
    ]);
    expect(withConvention('flux', () => gradient(f, x, lo, hi))).toEqual([
      [1, 1, 0],
      [0, 0, 0],
      [0, 0, 1],
    ]);
    expect(withConvention('jax', () => gradient(f, x, lo, hi))).toEqual([
      [0.5, 1, 0],
      [0.5, 0, 0],
      [0, 0, 1],
    ]);
  });
});
