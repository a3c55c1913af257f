// Kinks as data and as intervals: the convention machinery, the kink records, and
// `subdifferential`. The per-framework values at each kink, with their sources, are pinned
// in conventions.test.ts.
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
  type Tensor,
  where,
  greater,
  less,
  mul,
  hardtanh,
  relu6,
  sign,
  floor,
  ceil,
  round,
  atKink,
  TIES,
  NORM_AT_ZERO,
  type Kink,
  type ConventionName,
} from '../../src/autodiff/index.ts';

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

  it('step functions describe their jumps: a period for the repeating ones, and the even neighbour fixing round', () => {
    expect(elementwise.floor.kink).toMatchObject({ period: 1, jump: true });
    expect(elementwise.sign.kink!.period).toBeUndefined();
    expect([0, 3, -2, 0.5].map((x) => atKink(elementwise.floor.kink!, x, 0, 0))).toEqual([true, true, true, false]);
    expect([0.5, -1.5, 2, 0.25].map((x) => atKink(elementwise.round.kink!, x, 0, 0))).toEqual([true, true, false, false]);
    expect(elementwise.round.kink!.set(2.5, 0, 0)).toEqual([0, Infinity]);
    expect(elementwise.hardtanh.kink!.at(-1, 1)).toEqual([-1, 1]);
    expect(CONVENTION_NAMES.map((c) => elementwise.hardtanh.kink!.pick[c])).toEqual(['min', 'max', 'min']);
  });

  it('the README’s reason for the PyTorch default holds: at every kink of a continuous record its pick lies between the one-sided slopes', () => {
    const params: Record<string, [number, number]> = { leakyRelu: [0.1, 0], clamp: [-1, 2], hardtanh: [-1, 1] };
    let checked = 0;
    for (const [name, rec] of Object.entries(elementwise)) {
      const k = (rec as { kink?: Kink }).kink;
      if (k === undefined || k.jump) continue;
      const [p, q] = params[name] ?? [0, 0];
      for (const x of k.at(p, q)) {
        const s = k.set(x, p, q);
        const v = choose(k.pick.pytorch, s);
        expect(v, `${name} at ${x}`).toBeGreaterThanOrEqual(Math.min(...s));
        expect(v, `${name} at ${x}`).toBeLessThanOrEqual(Math.max(...s));
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(9);
    expect(TIES.maximum.pytorch.every((w) => w >= 0 && w <= 1)).toBe(true);
    expect(NORM_AT_ZERO.pytorch).toBe(0);
  });

  it('round goes half to even, like NumPy, PyTorch, JAX and Julia', () => {
    expect(round([0.5, 1.5, 2.5, -2.5, -1.5, 2.4, 2.6]).toArray()).toEqual([0, 2, 2, -2, -2, 2, 3]);
    expect(sign([-3, 0, 2, Number.NaN]).toArray()).toEqual([-1, 0, 1, Number.NaN]);
    expect(floor([-1.5, 1.5]).toArray()).toEqual([-2, 1]);
    expect(ceil([-1.5, 1.5]).toArray()).toEqual([-1, 2]);
  });

  it('hardtanh and relu6 compute clamps', () => {
    expect(hardtanh([-3, -0.5, 2]).toArray()).toEqual([-1, -0.5, 1]);
    expect(hardtanh([-3, 0.2, 2], -2, 0.5).toArray()).toEqual([-2, 0.2, 0.5]);
    expect(relu6([-1, 3, 7]).toArray()).toEqual([0, 3, 6]);
  });
});

describe('subdifferential: the whole interval of slopes at a kink', () => {
  it.each([
    ['relu at 0', relu, 0, [0, 1]],
    ['abs at 0', abs, 0, [-1, 1]],
    ['leakyRelu(·, 0.1) at 0', (x: Tensor) => leakyRelu(x, 0.1), 0, [0.1, 1]],
    ['maximum(x, 0) at 0', (x: Tensor) => maximum(x, 0), 0, [0, 1]],
    ['minimum(x, 0) at 0', (x: Tensor) => minimum(x, 0), 0, [0, 1]],
    ['clamp(x, 0, 1) at 1', (x: Tensor) => clamp(x, 0, 1), 1, [0, 1]],
    ['|x| + relu(x) at 0 (composition: slopes −1 and 2)', (x: Tensor) => add(abs(x), relu(x)), 0, [-1, 2]],
    ['max(stack([x, −x])) at 0 (a reduction tie: |x|)', (x: Tensor) => max(stack([x, neg(x)])), 0, [-1, 1]],
    ['tanh at 0 (smooth: a single point)', tanh, 0, [1, 1]],
    ['hardtanh at 1', (x: Tensor) => hardtanh(x), 1, [0, 1]],
    ['hardtanh at −1', (x: Tensor) => hardtanh(x), -1, [0, 1]],
    ['relu6 at 6', relu6, 6, [0, 1]],
    ['relu6 at 0', relu6, 0, [0, 1]],
  ])('%s', (_name, f, x, interval) => {
    expect(subdifferential(f, x).interval).toEqual(interval);
  });

  it.each([
    ['sign at 0: a jump up, seen from both sides', sign, 0, Infinity, Infinity],
    ['floor at 1: continuous from the right', floor, 1, Infinity, 0],
    ['floor at −3', floor, -3, Infinity, 0],
    ['ceil at 1: continuous from the left', ceil, 1, 0, Infinity],
    ['round at 0.5 (rounds to 0: flat on the left)', round, 0.5, 0, Infinity],
    ['round at 1.5 (rounds to 2: flat on the right)', round, 1.5, Infinity, 0],
    ['round at −2.5 (rounds to −2: flat on the right)', round, -2.5, Infinity, 0],
    ['floor between jumps', floor, 0.5, 0, 0],
  ])('%s: left %s, right %s', (_name, f, x, left, right) => {
    const s = subdifferential(f, x);
    expect([s.left, s.right]).toEqual([left, right]);
  });

  it('the convention does not change the interval, only the single value gradient picks', () => {
    for (const c of CONVENTION_NAMES) expect(withConvention(c, () => subdifferential(abs, 0).interval)).toEqual([-1, 1]);
  });

  it('a comparison tie is broken by the direction: where(x > 0, x, 0) at 0 has slopes 0 and 1, like relu', () => {
    const byHand = (x: Tensor) => where(greater(x, 0), x, 0);
    expect(subdifferential(byHand, 0)).toEqual({ left: 0, right: 1, interval: [0, 1] });
    expect(subdifferential((x: Tensor) => where(less(x, 0), neg(x), x), 0)).toEqual({ left: -1, right: 1, interval: [-1, 1] });
    // Away from the tie the comparison reads the values alone, as gradient does.
    expect(subdifferential(byHand, 0.5)).toEqual({ left: 1, right: 1, interval: [1, 1] });
    for (const c of CONVENTION_NAMES) expect(withConvention(c, () => gradient(byHand, 0))).toEqual([0]);
  });

  it('the 2-norm at the zero vector moves at the speed of the direction: ‖x·d‖ at 0 has slopes −‖d‖ and ‖d‖', () => {
    const d = tensor([3, 4]);
    const s = subdifferential((x: Tensor) => norm(mul(x, d)), 0);
    expect(s).toEqual({ left: -5, right: 5, interval: [-5, 5] });
    expect(subdifferential((x: Tensor) => norm(mul(x, d)), 2).right).toBeCloseTo(5, 12);
  });
});

describe('norm at zero', () => {
  it('has gradient 0 under PyTorch and Flux (masked_fill_(norm == 0, 0); pinv(0) = 0), overall and per axis', () => {
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
  it('is NaN under JAX only where the norm is 0; the other rows are untouched', () => {
    const g = withConvention('jax', () =>
      gradient(
        (x) => sum(norm(x, 1)),
        [
          [0, 0],
          [3, 4],
        ],
      ),
    );
    expect(g).toEqual([
      [
        [Number.NaN, Number.NaN],
        [0.6, 0.8],
      ],
    ]);
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
    const f = (x: Tensor, lo: Tensor, hi: Tensor) => sum(clamp(x, lo, hi));
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
