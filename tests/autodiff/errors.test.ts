// Error messages say what, where, expected, actual and how to fix; pinned here so a
// refactor cannot quietly make them vaguer.
import { describe, expect, it } from 'vitest';
import * as A from '../../src/autodiff/index.ts';
import { AutodiffError } from '../../src/autodiff/index.ts';

const messageOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AutodiffError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
};

describe('shape errors name the op, both shapes, and what would fit', () => {
  it('broadcasting', () => {
    expect(messageOf(() => A.add(A.zeros([2, 3]), A.zeros([4])))).toBe(
      'add: shapes [2, 3] and [4] cannot be broadcast together: dimension -1 is 3 vs 4. Broadcasting aligns trailing dimensions, and each pair must be equal or one of them 1. A second operand that would fit: [3], [2, 3] or a scalar.',
    );
  });
  it('matmul', () => {
    expect(messageOf(() => A.matmul(A.zeros([2, 3]), A.zeros([4, 5])))).toBe(
      'matmul: inner dimensions differ: [2, 3] @ [4, 5] (3 ≠ 4). The second operand must have 3 rows, e.g. shape [3, 5]; or the first must have 4 columns, e.g. [2, 4].',
    );
    expect(messageOf(() => A.matmul(A.zeros([2, 3]), A.zeros([4, 3])))).toContain('perhaps you meant matmul(a, transpose(b)) → [2, 4].');
  });
  it('pow with a tensor exponent, and the new kinked ops', () => {
    expect(messageOf(() => A.pow(A.ones([2, 3]), A.ones([2])))).toMatch(/^pow: shapes \[2, 3\] and \[2\] cannot be broadcast together/);
    expect(messageOf(() => A.hardtanh(A.zeros([2]), 1, -1))).toBe('hardtanh: needs lo ≤ hi, got lo = 1 and hi = -1.');
    // A typo in an option would otherwise give NaN gradients; it fails at the call instead.
    expect(messageOf(() => A.abs(0, { pick: 'rigth' as A.Pick }))).toBe(
      "abs: unknown pick 'rigth'. Use one of 'left', 'right', 'mid', 'min', 'max', 'zero'.",
    );
    expect(messageOf(() => A.max([1, 2], 0, false, { ties: 'firts' as A.Ties }))).toBe(
      "max: unknown ties 'firts'. Use one of 'split', 'first'.",
    );
    expect(messageOf(() => A.clamp(A.zeros([2]), A.zeros([2]), 1, { pick: 'min' }))).toBe(
      'clamp: the pick option needs number bounds (got a tensor lo); with tensor bounds the convention decides.',
    );
  });
  it('a dense layer says which input shape it needs', () => {
    expect(messageOf(() => A.dense(2, 3, 'tanh', A.rng(1)).forward(A.zeros([5, 3])))).toBe(
      'dense: input of shape [5, 3] does not fit a layer with 2 inputs; it needs shape [samples, 2] (one row per sample).',
    );
  });
  it('reshape, slice, ragged input, item', () => {
    expect(messageOf(() => A.reshape(A.zeros([2, 3]), [4, 2]))).toBe(
      'reshape: cannot reshape [2, 3] (6 elements) into [4, 2]: the sizes must multiply to 6.',
    );
    expect(messageOf(() => A.slice(A.zeros([2, 3]), 5))).toBe(
      'slice: index 5 is out of bounds for dimension 0 of size 2 (shape [2, 3]); valid indices are -2…1.',
    );
    expect(messageOf(() => A.tensor([[1, 2], [3]]))).toBe(
      'tensor: ragged nested array: expected 2 elements at depth 1, found 1. Every row must have the same length (shape [2, 2]).',
    );
    expect(messageOf(() => A.zeros([2]).item())).toBe(
      'item: needs a one-element tensor, got shape [2] (2 elements). Index or reduce it first, e.g. sum(t).item().',
    );
  });
  it('err.op names the op for tools', () => {
    try {
      A.mul(A.zeros([2]), A.zeros([3]));
    } catch (e) {
      expect((e as AutodiffError).op).toBe('mul');
    }
  });
});

describe('API misuse says how to do it right', () => {
  it('gradient of a non-scalar says so and how to seed it', () => {
    expect(messageOf(() => A.gradient((x) => A.mul(x, 2), [1, 2, 3]))).toBe(
      'gradient: f returned a tensor of shape [3], but a gradient needs a scalar (one-element) output. Reduce it (sum(y), mean(y)), or use vjp(f, ...args).pullback(seed) with a seed of shape [3], or jacobian(f, x) for every partial derivative.',
    );
  });
  it('a cotangent of the wrong shape', () => {
    expect(messageOf(() => A.vjp((x) => A.mul(x, 2), [1, 2]).pullback([1]))).toBe(
      "vjp: cotangent has shape [1] but f's output has shape [2]; they must match.",
    );
  });
  it('reverse-over-forward says what to do instead', () => {
    expect(messageOf(() => A.gradient((x) => A.jvp((y) => A.mul(y, y), [x], [1]).tangent, A.tensor(3)))).toBe(
      'jvp: called on a value that an enclosing gradient is tracking. Reverse-over-forward is not supported; differentiate a gradient instead (gradient of gradient, hvp, hessian).',
    );
  });
  it('implicit parameters of an enclosing gradient point to explicit arguments', () => {
    expect(messageOf(() => A.gradient((w) => A.gradientsOf([w], () => A.sum(A.mul(w, w))).gradients[0], A.tensor([1])))).toBe(
      'gradientsOf: cannot take implicit-parameter gradients of tensors that an enclosing gradient is tracking (the parameters themselves would become leaves of both). Pass them as explicit arguments: gradient((W, b) => …, W, b) nests.',
    );
  });
  it('an argument that cannot be differentiated', () => {
    expect(messageOf(() => A.gradient((_x: unknown) => 0, 'a' as never))).toBe(
      'gradient: cannot differentiate with respect to string. Arguments must be numbers, nested arrays of numbers, Tensors, or plain arrays/objects of those; pass anything else through a closure.',
    );
  });
  it('a singular matrix', () => {
    expect(
      messageOf(() =>
        A.inv([
          [1, 2],
          [2, 4],
        ]),
      ),
    ).toBe(
      'inv: matrix of shape [2, 2] is singular (determinant 0), so it has no inverse. Check for dependent rows, or regularise: inv(add(A, mul(eye(2), 1e-6))).',
    );
  });
});

describe('debug mode names the first op that produced NaN or ±Inf', () => {
  it('in the forward pass', () => {
    expect(messageOf(() => A.withDebug(() => A.gradient((x) => A.sum(A.exp(A.log(x))), [1, 0])))).toBe(
      'log: forward pass produced -Infinity at flat index 1 of shape [2] from finite inputs — the first non-finite value in this computation. log is -Inf at 0 and NaN below; add a small epsilon or use a stable form (e.g. binaryCrossEntropyWithLogits).',
    );
  });
  it('in the backward pass', () => {
    expect(messageOf(() => A.withDebug(() => A.gradient((x) => A.sum(A.mul(A.sqrt(x), 2)), [1, 0])))).toBe(
      "sqrt: backward pass produced Infinity at flat index 1 of shape [2] in the adjoint of input 0 (node #1), from a finite output adjoint — the first non-finite gradient. sqrt's derivative is infinite at 0; add a small epsilon inside.",
    );
  });
  it('non-finite data is reported as coming from outside', () => {
    expect(messageOf(() => A.withDebug(() => A.mul([1, 2], NaN)))).toBe(
      'mul: input 1 already contains NaN at flat index 0 of shape [], and no op produced it: it came from outside (your data or a constant). Check the values you pass in.',
    );
  });
  it('is off by default, and withDebug restores the previous setting', () => {
    expect(A.getDebug()).toBe(false);
    expect(A.log(0).item()).toBe(-Infinity);
    expect(() => A.withDebug(() => A.log(0))).toThrow(AutodiffError);
    expect(A.getDebug()).toBe(false);
  });
});

describe('compositions that would silently give a wrong derivative throw instead', () => {
  it('a jvp whose function closes over a tracked value', () => {
    expect(messageOf(() => A.gradient((w) => A.jvp((x) => A.mul(x, w), [1], [1]).tangent, A.tensor(2)))).toContain(
      'Reverse-over-forward is not supported',
    );
  });
  it('a jacobian inside a gradient', () => {
    expect(messageOf(() => A.gradient((w) => A.sum(A.jacobian((x) => A.mul(x, w), [1, 2])), A.tensor(2)))).toBe(
      'jacobian: called inside a gradient that tracks its input or output; the assembled matrix would be a constant to that gradient. Differentiate gradient(…) or vjp(…).pullback(…) directly instead.',
    );
  });
});

describe('JavaScript operators on tensors', () => {
  it('refuse the numeric conversion, so a gradient cannot silently come out 0', () => {
    const message = messageOf(() => A.gradient((x: A.Tensor) => A.tensor(3 * (x as unknown as number)), 3));
    expect(message).toMatch(/^Tensor: a tensor of shape \[\] was used with a JavaScript operator/);
    expect(message).toContain('add(mul(3, x), 1)');
    expect(() => Math.exp(A.tensor([1, 2]) as unknown as number)).toThrow(/shape \[2\]/);
  });
  it('still print through string conversion', () => {
    expect(`${A.tensor([1, 2])}`).toBe('[1. 2.]');
  });
});
