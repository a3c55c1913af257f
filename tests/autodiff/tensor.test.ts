// Tensors, creation, printing, broadcasting and the seeded generator.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  Tensor,
  add,
  arange,
  broadcastShapes,
  eye,
  full,
  ones,
  rand,
  randn,
  rng,
  tensor,
  transpose,
  zeros,
} from '../../src/autodiff/index.ts';
import { stridedOffsets } from '../../src/autodiff/tensor.ts';

describe('creation', () => {
  it('from numbers, nested arrays, flat values with a shape', () => {
    expect(tensor(3).shape).toEqual([]);
    expect(
      tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]).shape,
    ).toEqual([2, 3]);
    expect(Array.from(tensor([1, 2, 3, 4], [2, 2]).data)).toEqual([1, 2, 3, 4]);
    expect(tensor([1, 2, 3, 4], [2, 2]).toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(tensor([[[1], [2]]]).toArray()).toEqual([[[1], [2]]]);
  });
  it('zeros, ones, full, eye, arange', () => {
    expect(zeros([2, 2]).toArray()).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(ones([3]).toArray()).toEqual([1, 1, 1]);
    expect(full([2], 7).toArray()).toEqual([7, 7]);
    expect(eye(2).toArray()).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(arange(4).toArray()).toEqual([0, 1, 2, 3]);
    expect(arange(1, 2, 0.25).toArray()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(arange(3, 0, -1).toArray()).toEqual([3, 2, 1]);
  });
  it('item and size', () => {
    expect(tensor([[5]]).item()).toBe(5);
    expect(zeros([3, 4]).size).toBe(12);
  });
});

describe('toString prints like NumPy', () => {
  it.each([
    [tensor(2.5), '2.5'],
    [tensor([1, 2, 3]), '[1. 2. 3.]'],
    [
      tensor([
        [1, 2.5],
        [3, -4],
      ]),
      '[[ 1.   2.5]\n [ 3.  -4. ]]',
    ],
    [tensor([[[1, 2]], [[3, 4]]]), '[[[1. 2.]]\n\n [[3. 4.]]]'],
    [tensor([0.1, 1e-9]), '[1.e-01 1.e-09]'],
    [tensor([1.5e10, -2]), '[ 1.5e+10 -2.0e+00]'],
    [tensor([0.9999999999999998, 0]), '[1. 0.]'],
    [tensor([NaN, Infinity, -Infinity]), '[ nan  inf -inf]'],
  ])('%s', (t, s) => {
    expect(t.toString()).toBe(s);
  });
  it('summarises large tensors', () => {
    expect(arange(2000).toString()).toBe('[   0.    1.    2. ... 1997. 1998. 1999.]');
  });
});

describe('broadcasting follows NumPy', () => {
  it.each([
    [[2, 3], [3], [2, 3]],
    [
      [2, 1],
      [1, 3],
      [2, 3],
    ],
    [
      [4, 1, 3],
      [2, 1],
      [4, 2, 3],
    ],
    [[], [2, 2], [2, 2]],
    [[5], [1], [5]],
  ])('%j with %j → %j', (a, b, out) => {
    expect(broadcastShapes('add', a, b)).toEqual(out);
  });
  it('row-broadcast add matches a hand loop', () => {
    const Z = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(add(Z, [10, 20, 30]).toArray()).toEqual([
      [11, 22, 33],
      [14, 25, 36],
    ]);
    expect(add([[1], [2]], [10, 20]).toArray()).toEqual([
      [11, 21],
      [12, 22],
    ]);
  });
});

describe('rng: seeded, reproducible, well mixed', () => {
  it('same seed, same stream; different seeds, different streams', () => {
    const a = rng(42),
      b = rng(42),
      c = rng(43);
    const xs = [a.uniform(), a.uniform(), a.normal(), a.int(10)];
    expect([b.uniform(), b.uniform(), b.normal(), b.int(10)]).toEqual(xs);
    expect(c.uniform()).not.toBe(xs[0]);
  });
  it('uniform lies in [0, 1) and int(n) in 0…n−1', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 100 }), (seed, n) => {
        const r = rng(seed);
        for (let i = 0; i < 50; i++) {
          const u = r.uniform();
          expect(u >= 0 && u < 1).toBe(true);
          const k = r.int(n);
          expect(Number.isInteger(k) && k >= 0 && k < n).toBe(true);
        }
      }),
      { numRuns: 30 },
    );
  });
  it('moments of uniform and normal are right (n = 20 000)', () => {
    const r = rng(7);
    const u = rand([20000], r).data,
      z = randn([20000], r).data;
    const mean = (d: Float64Array) => d.reduce((s, v) => s + v, 0) / d.length;
    const v = (d: Float64Array) => mean(d.map((x) => x * x)) - mean(d) ** 2;
    expect(mean(u)).toBeCloseTo(0.5, 2);
    expect(v(u)).toBeCloseTo(1 / 12, 2);
    expect(mean(z)).toBeCloseTo(0, 1);
    expect(v(z)).toBeCloseTo(1, 1);
  });
  it('adjacent seeds are uncorrelated and fork() gives an independent stream', () => {
    const first = Array.from({ length: 2000 }, (_, s) => rng(s).uniform());
    const second = Array.from({ length: 2000 }, (_, s) => rng(s + 1).uniform());
    const m = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    const cov = m(first.map((v, i) => v * second[i])) - m(first) * m(second);
    expect(Math.abs(cov)).toBeLessThan(0.01);
    const r = rng(1);
    const f = r.fork();
    expect(f.uniform()).not.toBe(r.uniform());
  });
  it('a Tensor is a plain object with a shape and a Float64Array', () => {
    const t = randn([2, 3], rng(1));
    expect(t).toBeInstanceOf(Tensor);
    expect(t.data).toBeInstanceOf(Float64Array);
  });
});

describe('Tensor in JSON and the Node console', () => {
  it('JSON.stringify gives nested arrays', () => {
    expect(JSON.stringify({ w: tensor([[1, 2]]) })).toBe('{"w":[[1,2]]}');
  });
  it('util.inspect (console.log) shows shape and values', async () => {
    const { inspect } = await import('node:util');
    expect(inspect(tensor([1, 2]))).toBe('Tensor [2] [1. 2.]');
    expect(inspect(tensor([[1], [2]]))).toBe('Tensor [2, 1]\n[[1.]\n [2.]]');
  });
});

describe('stridedOffsets, the walk behind broadcasting and transposing', () => {
  it('lists the offsets of a transposed and of a broadcast layout', () => {
    expect([...stridedOffsets([2, 2], [1, 2])]).toEqual([0, 2, 1, 3]);
    expect([...stridedOffsets([2, 3], [0, 1])]).toEqual([0, 1, 2, 0, 1, 2]);
  });
  it('gives an n-D transpose its exact values', () => {
    const x = tensor([
      [
        [1, 2],
        [3, 4],
      ],
      [
        [5, 6],
        [7, 8],
      ],
    ]);
    expect(transpose(x, [2, 0, 1]).toArray()).toEqual([
      [
        [1, 3],
        [5, 7],
      ],
      [
        [2, 4],
        [6, 8],
      ],
    ]);
  });
});
