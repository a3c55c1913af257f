// gradient/valueAndGradient kinds, vjp, jvp, jacobian, hessian, hvp — against finite
// differences and closed forms.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  Tensor,
  add,
  dense,
  chain,
  det,
  exp,
  gradient,
  softmaxCrossEntropy,
  reshape,
  index,
  slice,
  norm,
  logsumexp,
  hessian,
  hvp,
  jacobian,
  jvp,
  matmul,
  mul,
  pow,
  randn,
  rng,
  sin,
  softmax,
  sum,
  tanh,
  tensor,
  valueAndGradient,
  vjp,
  gradientsOf,
  sgd,
  momentum,
  adam,
  mse,
  sigmoid,
  binaryCrossEntropy,
  log,
} from '../../src/autodiff/index.ts';
import { expectClose, finiteDifference } from './oracles.ts';

describe('gradient returns one gradient per argument, of the same kind and shape', () => {
  it('number → number, nested array → nested array, Tensor → Tensor', () => {
    const [a, b, c] = gradient((x, y, z) => sum(mul(mul(x, y), z)), 2, [[1, 2]], tensor([3, 4]));
    expect(a).toBe(11); // ∂/∂x Σ x·y·z = Σ y·z = 1·3 + 2·4
    expect(b).toEqual([[6, 8]]);
    expect(c).toBeInstanceOf(Tensor);
    expect((c as Tensor).toArray()).toEqual([2, 4]);
  });
  it('arrays and objects of tensors keep their structure (pytrees)', () => {
    const params = { W: tensor([[1, 2]]), b: tensor([0.5]) };
    const [g] = gradient((p) => sum(add(matmul(tensor([[3]]), p.W), p.b)), params);
    expect(g.W.toArray()).toEqual([[3, 3]]);
    expect(g.b.toArray()).toEqual([2]);
    const [h] = gradient((ps) => mul(ps[0], ps[1]), [tensor(2), tensor(5)]);
    expect(h.map((t) => t.item())).toEqual([5, 2]);
  });
  it('an argument f ignores gets a zero gradient of its shape', () => {
    expect(gradient((x, _y) => mul(x, 2), 1, [1, 2])).toEqual([2, [0, 0]]);
  });
  it('valueAndGradient returns { value, gradients }', () => {
    expect(valueAndGradient((x, y) => add(mul(x, y), mul(y, y)), 1, 2)).toEqual({ value: 6, gradients: [2, 5] });
  });
});

describe('forward and reverse mode agree with finite differences', () => {
  const f = (x: Tensor) => mul(sin(x), sum(exp(mul(x, 0.3))));
  it('jvp = J·v and vjp = uᵀ·J', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const r = rng(seed);
        const x = randn([4], r),
          v = randn([4], r),
          u = randn([4], r);
        const J = jacobian(f, x);
        const Jv = matmul(J, v),
          uJ = matmul(u, J);
        expectClose(jvp(f, [x], [v]).tangent, Jv, 1e-10, 'jvp');
        expectClose(vjp(f, x).pullback(u)[0], uJ, 1e-10, 'vjp');
        const fd = finiteDifference((y) => sum(mul(f(y), u)), [x])[0];
        expectClose(uJ, fd, 1e-6, 'finite differences');
      }),
      { numRuns: 10 },
    );
  });
  it('jacobian picks forward or reverse by shape and both give the same matrix', () => {
    const x = tensor([0.3, -0.2, 0.5]);
    const wide = (x: Tensor) => softmax(x); // 3 → 3: forward
    const narrow = (x: Tensor) => sum(mul(x, x), 0, true); // 3 → 1: reverse
    const s = softmax(x).data;
    const expected = Array.from({ length: 9 }, (_, k) => {
      const i = Math.floor(k / 3),
        j = k % 3;
      return s[i] * ((i === j ? 1 : 0) - s[j]);
    });
    expectClose(jacobian(wide, x), tensor(expected, [3, 3]), 1e-12, 'softmax jacobian');
    expect(jacobian(narrow, x).shape).toEqual([1, 3]);
    expectClose(jacobian(narrow, x), tensor([[0.6, -0.4, 1]]), 1e-12, 'reverse jacobian');
  });
  it('jvp returns value and tangent', () => {
    const { value, tangent } = jvp((x) => mul(x, x), [3], [1]);
    expect([value.item(), tangent.item()]).toEqual([9, 6]);
  });
});

describe('second order: hessian and hvp (forward-over-reverse)', () => {
  it('hessian of Σ x³ is diag(6x)', () => {
    expect(hessian((x) => sum(pow(x, 3)), [1, 2]).toArray()).toEqual([
      [6, 0],
      [0, 12],
    ]);
  });
  it('hessian of a quadratic form xᵀAx is A + Aᵀ', () => {
    const A = tensor([
      [1, 2],
      [0, 3],
    ]);
    expect(hessian((x) => matmul(x, matmul(A, x)), [0.4, -1]).toArray()).toEqual([
      [2, 2],
      [2, 6],
    ]);
  });
  it('hvp matches finite differences of the gradient through tanh, exp, det, a network', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const r = rng(seed);
        const X = randn([5, 3], r);
        const f = (w: Tensor) =>
          add(
            sum(tanh(matmul(X, w))),
            add(
              sum(exp(mul(w, 0.2))),
              det(
                add(
                  tensor([
                    [2, 0, 0],
                    [0, 2, 0],
                    [0, 0, 2],
                  ]),
                  mul(w, tensor([[1], [0], [0]])),
                ),
              ),
            ),
          );
        const w = randn([3, 1], r),
          v = randn([3, 1], r);
        const h = 1e-5;
        const g = (y: Tensor) => gradient(f, y)[0];
        const fd = new Tensor(
          w.shape,
          g(add(w, mul(v, h))).data.map((a, i) => (a - g(add(w, mul(v, -h))).data[i]) / (2 * h)),
        );
        expectClose(hvp(f, w, v), fd, 1e-6, 'hvp');
      }),
      { numRuns: 8 },
    );
  });
});

describe('nn building blocks', () => {
  it('dense computes act(XW + b) with W (n, h), b (1, h)', () => {
    const layer = dense(2, 3, 'tanh', rng(1));
    expect(layer.W.shape).toEqual([2, 3]);
    expect(layer.b.shape).toEqual([1, 3]);
    const X = tensor([
      [1, 2],
      [3, 4],
    ]);
    expectClose(layer.forward(X), tanh(add(matmul(X, layer.W), layer.b)), 1e-15, 'forward');
  });
  it('a chain trained with each optimiser lowers the loss on XOR-like data', () => {
    const X = tensor([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    const y = tensor([[0], [1], [1], [0]]);
    for (const [name, opt, steps] of [
      ['sgd', sgd({ lr: 1 }), 400],
      ['momentum', momentum({ lr: 0.3 }), 300],
      ['adam', adam({ lr: 0.05 }), 300],
    ] as const) {
      const model = chain(dense(2, 8, 'tanh', rng(3)), dense(8, 1, 'sigmoid', rng(4)));
      const params = model.parameters();
      const loss = () => binaryCrossEntropy(model.forward(X), y);
      const first = loss().item();
      for (let i = 0; i < steps; i++) opt.step(params, gradientsOf(params, loss).gradients);
      expect(loss().item(), name).toBeLessThan(first / 4);
    }
  });
  it('optimiser updates follow their formulas', () => {
    const p = tensor([1]),
      g = tensor([0.5]);
    sgd({ lr: 0.1 }).step([p], [g]);
    expect(p.item()).toBeCloseTo(0.95, 15);
    const q = tensor([1]),
      mo = momentum({ lr: 0.1, beta: 0.9 });
    mo.step([q], [g]);
    mo.step([q], [g]); // v = 0.5, then 0.95
    expect(q.item()).toBeCloseTo(1 - 0.05 - 0.095, 15);
    const a = tensor([1]),
      ad = adam({ lr: 0.1 });
    ad.step([a], [g]); // the first bias-corrected Adam step is lr·sign(g) (up to ε)
    expect(a.item()).toBeCloseTo(0.9, 6);
  });
  it('mse and a linear model: gradient = 2/m Xᵀ(Xw − y)', () => {
    const X = tensor([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
      y = tensor([[1], [0], [2]]),
      w = tensor([[0.1], [-0.2]]);
    const [g] = gradient((w) => mse(matmul(X, w), y), w);
    const r = Array.from(matmul(X, w).data, (v, i) => v - y.data[i]);
    const expected = [0, 1].map((j) => (2 / 3) * r.reduce((s, ri, i) => s + X.data[i * 2 + j] * ri, 0));
    expectClose(g, tensor(expected, [2, 1]), 1e-14, 'mse gradient');
  });
  it('sigmoid stays finite for large |x|, log of it is −|x| there', () => {
    expect(sigmoid([-1000, 1000]).toArray()).toEqual([0, 1]);
    expect(log(sigmoid(-30)).item()).toBeCloseTo(-30, 9);
  });
});

describe('softmaxCrossEntropy', () => {
  it('class indices and one-hot rows give the same loss and gradient (softmax − one-hot)/m', () => {
    const z = tensor([
      [1, 2, 0.5],
      [0.1, -1, 2],
    ]);
    const [gi] = gradient((z) => softmaxCrossEntropy(z, [1, 2]), z);
    const [go] = gradient(
      (z) =>
        softmaxCrossEntropy(z, [
          [0, 1, 0],
          [0, 0, 1],
        ]),
      z,
    );
    expectClose(gi, go, 1e-15, 'indices vs one-hot');
    const s = softmax(z).data;
    const expected = Array.from(s, (v, k) => (v - ([1, 5].includes(k) ? 1 : 0)) / 2);
    expectClose(gi, tensor(expected, [2, 3]), 1e-14, 'closed form');
  });
});

describe('forward mode keeps tangents apart', () => {
  it('a value that escaped one jvp is a constant in the next (no perturbation confusion)', () => {
    let h: Tensor | null = null;
    jvp((x) => (h = mul(x, 2)), [1], [1]);
    expect(jvp((y) => mul(y, h!), [3], [1]).tangent.item()).toBe(2);
  });
});

describe('gradients of gradients (reverse over reverse), to any order', () => {
  it('d²/dx² x³ = 6x and d³/dx³ x⁴ = 24x', () => {
    expect(gradient((x) => gradient((y) => mul(y, mul(y, y)), x)[0], 2)).toEqual([12]);
    expect(gradient((x) => gradient((y) => gradient((z) => pow(z, 4), y)[0], x)[0], 2)).toEqual([48]);
    expect(gradient((x) => gradient((y) => sin(y), x)[0], 1)).toEqual([-Math.sin(1)]);
  });
  it('the Hessian row by row equals hessian (forward over reverse) through a small network', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const r = rng(seed);
        const X = randn([6, 3], r),
          y = tensor([[1], [0], [1], [1], [0], [0]]);
        const W2 = randn([4, 1], r);
        const f = (w: Tensor) =>
          add(binaryCrossEntropy(sigmoid(matmul(tanh(matmul(X, reshape(w, [3, 4]))), W2)), y), add(norm(w), logsumexp(mul(w, 0.5))));
        const w = randn([12], r);
        const H = hessian(f, w);
        for (const i of [0, 5, 11]) {
          const row = gradient((v) => index(gradient(f, v)[0], i), w)[0];
          expectClose(row, slice(H, i), 1e-9, `row ${i}`);
        }
      }),
      { numRuns: 4 },
    );
  });
  it('a gradient penalty d/dw ‖∇ₓ f(x, w)‖² matches finite differences', () => {
    const x0 = tensor([0.3, -0.2, 0.5]);
    const penalty = (w: Tensor) => {
      const [gx] = gradient((x) => sum(mul(tanh(mul(x, w)), exp(x))), x0);
      return sum(mul(gx, gx));
    };
    const w = tensor([0.7, 1.1, -0.4]);
    expectClose(gradient(penalty, w)[0], finiteDifference(penalty, [w])[0], 1e-7, 'penalty gradient');
  });
  it('a pullback used inside a gradient is differentiated too', () => {
    const g = gradient((x) => vjp((y) => mul(y, mul(y, y)), x).pullback(1)[0], tensor(2))[0];
    expect(g.item()).toBe(12);
  });
});

describe('nesting sees through shared adjoints', () => {
  it('inner gradients that share one adjoint object are still differentiated by the outer gradient', () => {
    // inner f = Σ (a + b)·w: both gradients are w; the outer sums them → d/dw Σ 2w·w = 4w
    const [g] = gradient(
      (w) => {
        const [ga, gb] = gradient((a, b) => sum(mul(add(a, b), w)), tensor([1, 2]), tensor([3, 4]));
        return sum(mul(add(ga, gb), w));
      },
      tensor([0.5, -1]),
    );
    expect(g.toArray()).toEqual([2, -4]);
  });
});
