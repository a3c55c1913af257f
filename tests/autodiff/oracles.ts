// Oracles the engine is checked against: central finite differences, and the dot-product
// identity that ties forward mode to reverse mode (⟨∇L, v⟩ = jvp of L along v).
import { expect } from 'vitest';
import { Tensor, gradient, jvp, mul, randn, sum, type Rng } from '../../src/autodiff/index.ts';

export const plain = (t: Tensor): Tensor => new Tensor(t.shape.slice(), t.data.slice());

/** Central difference of a scalar function of tensors w.r.t. every entry of every input. */
export function finiteDifference(L: (...xs: Tensor[]) => Tensor, xs: Tensor[], h = 1e-6): Tensor[] {
  return xs.map(
    (x, k) =>
      new Tensor(
        x.shape,
        Float64Array.from(x.data, (_, i) => {
          const at = (d: number) => {
            const ys = xs.map(plain);
            ys[k].data[i] += d;
            return L(...ys).item();
          };
          return (at(h) - at(-h)) / (2 * h);
        }),
      ),
  );
}

export function expectClose(actual: Tensor | number, expected: Tensor | number, tol: number, what = ''): void {
  const a = typeof actual === 'number' ? [actual] : Array.from(actual.data);
  const e = typeof expected === 'number' ? [expected] : Array.from(expected.data);
  expect(a.length, what).toBe(e.length);
  a.forEach((v, i) => {
    const err = Math.abs(v - e[i]) / (1 + Math.abs(e[i]));
    if (!(err <= tol)) expect.fail(`${what} entry ${i}: ${v} vs expected ${e[i]} (relative error ${err.toExponential(2)} > ${tol})`);
  });
}

/**
 * Checks op `fn` at `xs`: contracts its output with random weights to a scalar L, then
 * compares reverse mode with finite differences and with forward mode.
 */
export function checkGradients(fn: (...xs: Tensor[]) => Tensor, xs: Tensor[], r: Rng, tolFd = 2e-6): void {
  const W = randn(fn(...xs).shape, r);
  const L = (...ys: Tensor[]) => sum(mul(fn(...ys), W));
  const grads = gradient(L, ...xs) as Tensor[];
  const fd = finiteDifference(L, xs);
  grads.forEach((g, k) => {
    expect(g.shape, `gradient ${k} shape`).toEqual(xs[k].shape);
    expectClose(g, fd[k], tolFd, `reverse vs finite differences, input ${k}`);
  });
  const vs = xs.map((x) => randn(x.shape, r));
  const forward = jvp(L, xs, vs).tangent.item();
  const dot = grads.reduce((s, g, k) => s + g.data.reduce((t, v, i) => t + v * vs[k].data[i], 0), 0);
  expectClose(forward, dot, 1e-9, 'forward (jvp) vs reverse (⟨∇L, v⟩)');
}

/** Values in ±[lo, hi]: away from 0 so kinks at 0 are never straddled by a finite difference. */
export function awayFromZero(shape: number[], r: Rng, lo = 0.2, hi = 2): Tensor {
  const t = new Tensor(shape, new Float64Array(shape.reduce((a, b) => a * b, 1)));
  for (let i = 0; i < t.size; i++) t.data[i] = (r.uniform() < 0.5 ? -1 : 1) * (lo + (hi - lo) * r.uniform());
  return t;
}

export function positive(shape: number[], r: Rng, lo = 0.5, hi = 2): Tensor {
  const t = awayFromZero(shape, r, lo, hi);
  for (let i = 0; i < t.size; i++) t.data[i] = Math.abs(t.data[i]);
  return t;
}
