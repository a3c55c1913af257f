// The tape: accumulation, reuse, depth, and the trace the graph widget animates.
import { describe, expect, it } from 'vitest';
import {
  type Tensor,
  add,
  gradient,
  gradientsOf,
  mul,
  sin,
  sum,
  tanh,
  tensor,
  trace,
  valueAndGradient,
  vjp,
} from '../../src/autodiff/index.ts';

describe('gradients accumulate', () => {
  it('a value used twice gets both contributions: d(x·x)/dx = 2x', () => {
    expect(gradient((x) => mul(x, x), 3)).toEqual([6]);
    expect(gradient((x) => add(mul(x, x), mul(x, sin(0))), 5)).toEqual([10]);
  });
  it('the same tensor passed as two arguments gets one gradient per argument', () => {
    const x = tensor(2);
    expect(gradient((a, b) => mul(a, b), x, x)).toEqual([tensor(2), tensor(2)]);
  });
});

describe('reusing a finished tape never doubles a gradient', () => {
  it('calling a pullback twice returns the same gradients', () => {
    const { pullback } = vjp((x) => mul(x, x), [1, 2]);
    const first = pullback([1, 1]);
    expect(pullback([1, 1])).toEqual(first);
    expect(first).toEqual([[2, 4]]);
  });
  it('a tensor from a finished computation is a constant to the next one', () => {
    let leaked: Tensor | null = null;
    gradient((x) => (leaked = mul(x, 3)), 1);
    expect(gradient((y) => mul(y, leaked!), 2)).toEqual([3]);
  });
  it('training steps on the same parameters do not accumulate across steps', () => {
    const w = tensor([1, 2]);
    const step = () => gradientsOf([w], () => sum(mul(w, w))).gradients[0].toArray();
    expect(step()).toEqual([2, 4]);
    expect(step()).toEqual([2, 4]);
    expect(w._tape).toBe(null);
  });
});

describe('deep graphs', () => {
  it('100 000 chained ops do not overflow the stack', () => {
    const { value, gradients } = valueAndGradient((x) => {
      let y = x;
      for (let i = 0; i < 100_000; i++) y = add(y, 1e-5);
      return mul(y, y);
    }, 1);
    expect(value).toBeCloseTo(4, 9);
    expect(gradients[0]).toBeCloseTo(4, 9);
  });
});

describe('trace: the tape as data, in evaluation and reverse order', () => {
  it('records ops, inputs, values and adjoints', () => {
    const t = trace((x, y) => mul(add(x, y), tanh(y)), 1, 2);
    expect(t.forward.map((n) => [n.id, n.op, n.inputs])).toEqual([
      [0, 'input', []],
      [1, 'input', []],
      [2, 'add', [0, 1]],
      [3, 'tanh', [1]],
      [4, 'mul', [2, 3]],
    ]);
    const th = Math.tanh(2);
    expect(t.forward.map((n) => n.value.item())).toEqual([1, 2, 3, th, 3 * th]);
    // Adjoints: ∂/∂mul = 1, ∂/∂add = tanh 2, ∂/∂tanh = 3, ∂/∂y = tanh 2 + 3(1 − tanh²2).
    expect(t.forward.map((n) => n.adjoint!.item())).toEqual([th, th + 3 * (1 - th * th), th, 3, 1]);
    expect(t.backward.map((n) => n.id)).toEqual([4, 3, 2, 1, 0]);
    expect(t.forward[0].arg).toBe(0);
    expect(t.gradients).toEqual([th, th + 3 * (1 - th * th)]);
  });
  it('includes constants as nodes, so the widget can draw them', () => {
    const t = trace((x) => mul(x, 3), 2);
    expect(t.forward.map((n) => n.op)).toEqual(['input', 'const', 'mul']);
    expect(t.forward[1].value.item()).toBe(3);
  });
  it('values are snapshots, unaffected by later in-place updates', () => {
    const w = tensor([1]);
    const t = trace((x) => mul(x, w), 2);
    w.data[0] = 100;
    expect(t.forward[1].value.item()).toBe(1);
  });
});

describe('returned gradients never share storage', () => {
  it('add hands g to both inputs, but the two gradients are separate arrays', () => {
    const [ga, gb] = gradient((a, b) => sum(add(a, b)), tensor([1, 2]), tensor([3, 4]));
    expect(ga.data).not.toBe(gb.data);
    ga.data[0] = 99;
    expect(gb.toArray()).toEqual([1, 1]);
  });
  it('gradientsOf unhooks parameters even when f throws', () => {
    const w = tensor([1]);
    expect(() =>
      gradientsOf([w], () => {
        mul(w, 2);
        throw new Error('inside f');
      }),
    ).toThrow('inside f');
    expect(w._tape).toBe(null);
    expect(gradientsOf([w], () => sum(mul(w, 3))).gradients[0].toArray()).toEqual([3]);
  });
});

describe('later computations never disturb an earlier tape', () => {
  it('tracing with a leaked intermediate as a constant leaves its old pullback intact', () => {
    let h: Tensor | null = null;
    const { pullback } = vjp((x) => (h = mul(x, x)), [3]);
    trace((y) => mul(y, h!), 2);
    gradientsOf([h!], () => sum(mul(h!, 2)));
    expect(pullback([1])).toEqual([[6]]);
  });
  it('a constant used twice in a trace is one node', () => {
    const c = tensor(3);
    const t = trace((x) => add(mul(x, c), c), 1);
    expect(t.forward.filter((n) => n.op === 'const').length).toBe(1);
    expect(t.forward.find((n) => n.op === 'const')!.adjoint!.item()).toBe(2);
  });
});
