// Elementwise functions of two tensors with NumPy broadcasting, plus the two shape ops
// broadcasting needs for its gradient: broadcastTo and its adjoint sumTo.
//
// add, sub, mul and div are primitives rather than compositions (sub = a + (−b)) for speed:
// they are the hot path of every training step, and one fused loop beats two passes.
import {
  AutodiffError,
  Tensor,
  asTensor,
  broadcastIndex,
  broadcastShapes,
  fmtShape,
  sameShape,
  sizeOf,
  type Shape,
  type TensorLike,
} from './tensor.ts';
import { needsGrad, record, tangentOf, type Op } from './engine.ts';
import { TIES, getConvention, isDirectional, type ConventionName } from './conventions.ts';

const ADD = 0,
  SUB = 1,
  MUL = 2,
  DIV = 3,
  MAX = 4,
  MIN = 5;
const FN: ((a: number, b: number) => number)[] = [(a, b) => a + b, (a, b) => a - b, (a, b) => a * b, (a, b) => a / b, Math.max, Math.min];

function loop(code: number, x: Float64Array, y: Float64Array, o: Float64Array, ia: Int32Array | null, ib: Int32Array | null): void {
  const n = o.length;
  if (ia === null && ib === null) {
    switch (code) {
      case ADD:
        for (let i = 0; i < n; i++) o[i] = x[i] + y[i];
        return;
      case SUB:
        for (let i = 0; i < n; i++) o[i] = x[i] - y[i];
        return;
      case MUL:
        for (let i = 0; i < n; i++) o[i] = x[i] * y[i];
        return;
      case DIV:
        for (let i = 0; i < n; i++) o[i] = x[i] / y[i];
        return;
      // NaN-propagating like Math.max/min: a NaN x wins by x !== x, a NaN y by failing x > y.
      case MAX:
        for (let i = 0; i < n; i++) {
          const a = x[i],
            b = y[i];
          // biome-ignore lint/suspicious/noSelfCompare: a !== a is the NaN test, inline in the hot loop
          o[i] = a !== a || a > b ? a : b;
        }
        return;
      case MIN:
        for (let i = 0; i < n; i++) {
          const a = x[i],
            b = y[i];
          // biome-ignore lint/suspicious/noSelfCompare: a !== a is the NaN test, inline in the hot loop
          o[i] = a !== a || a < b ? a : b;
        }
        return;
      default: {
        const f = FN[code];
        for (let i = 0; i < n; i++) o[i] = f(x[i], y[i]);
        return;
      }
    }
  }
  const A = ia ?? identity(n),
    B = ib ?? identity(n);
  switch (code) {
    case ADD:
      for (let i = 0; i < n; i++) o[i] = x[A[i]] + y[B[i]];
      return;
    case SUB:
      for (let i = 0; i < n; i++) o[i] = x[A[i]] - y[B[i]];
      return;
    case MUL:
      for (let i = 0; i < n; i++) o[i] = x[A[i]] * y[B[i]];
      return;
    case DIV:
      for (let i = 0; i < n; i++) o[i] = x[A[i]] / y[B[i]];
      return;
    case MAX:
      for (let i = 0; i < n; i++) {
        const a = x[A[i]],
          b = y[B[i]];
        // biome-ignore lint/suspicious/noSelfCompare: a !== a is the NaN test, inline in the hot loop
        o[i] = a !== a || a > b ? a : b;
      }
      return;
    case MIN:
      for (let i = 0; i < n; i++) {
        const a = x[A[i]],
          b = y[B[i]];
        // biome-ignore lint/suspicious/noSelfCompare: a !== a is the NaN test, inline in the hot loop
        o[i] = a !== a || a < b ? a : b;
      }
      return;
    default: {
      const f = FN[code];
      for (let i = 0; i < n; i++) o[i] = f(x[A[i]], y[B[i]]);
    }
  }
}

export const identity = (n: number): Int32Array => broadcastIndex([n], [n]);

const NAMES = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum'];

function binary(code: number, al: TensorLike, bl: TensorLike): Tensor {
  const a = asTensor(al),
    b = asTensor(bl);
  const shape = broadcastShapes(NAMES[code], a.shape, b.shape);
  const n = sizeOf(shape);
  const o = new Float64Array(n);
  loop(code, a.data, b.data, o, a.size === n ? null : broadcastIndex(a.shape, shape), b.size === n ? null : broadcastIndex(b.shape, shape));
  const out = new Tensor(shape, o);
  // maximum/minimum remember the convention in force now; their weights are computed only
  // if a rule needs them, so a forward pass alone costs one loop.
  return record(OPS[code], out, [a, b], code === MAX || code === MIN ? getConvention() : null);
}

// Which argument receives the gradient of maximum/minimum: 1 where it wins, 0 where it
// loses, and the convention's share on a tie (PyTorch/JAX ½ each; ChainRules all to one).
interface TieWeights {
  wa: Tensor;
  wb: Tensor;
  tie: Uint8Array;
}

function tieWeights(code: number, a: Tensor, b: Tensor, shape: Shape, convention: ConventionName): TieWeights {
  const n = sizeOf(shape);
  const A = a.size === n ? identity(n) : broadcastIndex(a.shape, shape);
  const B = b.size === n ? identity(n) : broadcastIndex(b.shape, shape);
  const [sa, sb] = (code === MAX ? TIES.maximum : TIES.minimum)[convention];
  const wa = new Float64Array(n),
    wb = new Float64Array(n),
    tie = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x = a.data[A[i]],
      y = b.data[B[i]];
    if (x === y) {
      wa[i] = sa;
      wb[i] = sb;
      tie[i] = 1;
    } else if (x > y === (code === MAX)) wa[i] = 1;
    else wb[i] = 1;
  }
  return { wa: new Tensor(shape, wa), wb: new Tensor(shape, wb), tie };
}

/** Adjoint of broadcasting: sums `g` down to `shape`; a no-op when the shapes agree. */
export function unbroadcast(g: Tensor | null, t: Tensor): Tensor | null {
  if (g === null || !needsGrad(t)) return null;
  return sumTo(g, t.shape);
}

/** Tangent of a broadcast input, expanded to the output shape (null stays null). */
export const expand = (t: Tensor | null, shape: Shape): Tensor | null =>
  t === null || sameShape(t.shape, shape) ? t : broadcastTo(t, shape);

export const plus = (a: Tensor | null, b: Tensor | null): Tensor | null => (a === null ? b : b === null ? a : add(a, b));

const OPS: Op[] = [
  {
    name: 'add',
    backward: (g, _o, [a, b]) => [unbroadcast(g, a), unbroadcast(g, b)],
    jvp: ([ta, tb], o) => expand(plus(ta, tb), o.shape),
  },
  {
    name: 'sub',
    backward: (g, _o, [a, b]) => [unbroadcast(g, a), needsGrad(b) ? unbroadcast(mul(g, -1), b) : null],
    jvp: ([ta, tb], o) => expand(tb === null ? ta : ta === null ? mul(tb, -1) : sub(ta, tb), o.shape),
  },
  {
    name: 'mul',
    backward: (g, _o, [a, b]) => [needsGrad(a) ? unbroadcast(mul(g, b), a) : null, needsGrad(b) ? unbroadcast(mul(g, a), b) : null],
    jvp: ([ta, tb], o, [a, b]) => expand(plus(ta && mul(ta, b), tb && mul(a, tb)), o.shape),
  },
  {
    name: 'div',
    // d(a/b) = da/b − (a/b)·db/b
    backward: (g, o, [a, b]) => [
      needsGrad(a) ? unbroadcast(div(g, b), a) : null,
      needsGrad(b) ? unbroadcast(mul(mul(g, div(o, b)), -1), b) : null,
    ],
    jvp: ([ta, tb], o, [, b]) => expand(plus(ta && div(ta, b), tb && mul(mul(tb, div(o, b)), -1)), o.shape),
  },
  minmaxOp('maximum'),
  minmaxOp('minimum'),
];

function minmaxOp(name: 'maximum' | 'minimum'): Op {
  const code = name === 'maximum' ? MAX : MIN;
  return {
    name,
    backward: (g, o, [a, b], conv: ConventionName) => {
      const s = tieWeights(code, a, b, o.shape, conv);
      return [needsGrad(a) ? unbroadcast(mul(g, s.wa), a) : null, needsGrad(b) ? unbroadcast(mul(g, s.wb), b) : null];
    },
    jvp: ([ta, tb], o, [a, b], conv: ConventionName) => {
      const s = tieWeights(code, a, b, o.shape, conv);
      const t = plus(ta && mul(ta, s.wa), tb && mul(tb, s.wb));
      if (t === null || !isDirectional()) return t;
      // One-sided: at a tie, max(a, b) moves like the larger of the two tangents.
      const A = expand(ta, o.shape),
        B = expand(tb, o.shape);
      const d = t.data.slice();
      for (let i = 0; i < d.length; i++) {
        if (!s.tie[i]) continue;
        const u = A ? A.data[i] : 0,
          v = B ? B.data[i] : 0;
        d[i] = name === 'maximum' ? Math.max(u, v) : Math.min(u, v);
      }
      return new Tensor(o.shape, d);
    },
  };
}

/** a + b, broadcasting. `add(x, 1)`, `add(Z, b)` with Z (m, n) and b (1, n). */
export const add = (a: TensorLike, b: TensorLike): Tensor => binary(ADD, a, b);
/** a − b, broadcasting. */
export const sub = (a: TensorLike, b: TensorLike): Tensor => binary(SUB, a, b);
/** Elementwise a · b, broadcasting (matrix product: `matmul`). */
export const mul = (a: TensorLike, b: TensorLike): Tensor => binary(MUL, a, b);
/** Elementwise a / b, broadcasting. */
export const div = (a: TensorLike, b: TensorLike): Tensor => binary(DIV, a, b);
/** Elementwise maximum; ties split per convention (PyTorch/JAX ½ each, Flux all to b). */
export const maximum = (a: TensorLike, b: TensorLike): Tensor => binary(MAX, a, b);
/** Elementwise minimum; ties split per convention (PyTorch/JAX ½ each, Flux all to a). */
export const minimum = (a: TensorLike, b: TensorLike): Tensor => binary(MIN, a, b);

/** Picks a where cond ≠ 0, else b (broadcasting all three). No gradient flows into cond. */
export function where(cond: TensorLike, al: TensorLike, bl: TensorLike): Tensor {
  const c = asTensor(cond),
    a = asTensor(al),
    b = asTensor(bl);
  const shape = broadcastShapes('where', broadcastShapes('where', c.shape, a.shape), b.shape);
  const n = sizeOf(shape);
  const C = c.size === n ? identity(n) : broadcastIndex(c.shape, shape);
  const A = a.size === n ? identity(n) : broadcastIndex(a.shape, shape);
  const B = b.size === n ? identity(n) : broadcastIndex(b.shape, shape);
  const o = new Float64Array(n),
    m = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const pick = c.data[C[i]] !== 0;
    m[i] = pick ? 1 : 0;
    o[i] = pick ? a.data[A[i]] : b.data[B[i]];
  }
  const mask = new Tensor(shape, m);
  return record(WHERE, new Tensor(shape, o), [a, b], mask);
}

const WHERE: Op = {
  name: 'where',
  backward: (g, _o, [a, b], m: Tensor) => [
    needsGrad(a) ? unbroadcast(mul(g, m), a) : null,
    needsGrad(b) ? unbroadcast(sub(g, mul(g, m)), b) : null,
  ],
  jvp: ([ta, tb], o, _in, m: Tensor) => expand(plus(ta && mul(ta, m), tb && sub(tb, mul(tb, m))), o.shape),
};

// Comparisons give 0/1 masks for `where`. They are not recorded: a step function has zero
// derivative wherever it has one, so nothing flows back through a mask.
// In directional mode (`subdifferential`) a tie a = b is broken by the tangents, as the
// comparison of a + εȧ with b + εḃ for a small ε > 0: where(x > 0, x, 0) at 0 then takes
// the branch x > 0 in the direction +1 and the other one in the direction −1.
function compare(name: string, al: TensorLike, bl: TensorLike, f: (a: number, b: number) => boolean): Tensor {
  const a = asTensor(al),
    b = asTensor(bl);
  const shape = broadcastShapes(name, a.shape, b.shape);
  const n = sizeOf(shape);
  const A = a.size === n ? identity(n) : broadcastIndex(a.shape, shape);
  const B = b.size === n ? identity(n) : broadcastIndex(b.shape, shape);
  const o = new Float64Array(n);
  const ta = isDirectional() ? tangentOf(a) : null;
  const tb = isDirectional() ? tangentOf(b) : null;
  for (let i = 0; i < n; i++) {
    const x = a.data[A[i]],
      y = b.data[B[i]];
    o[i] = (x === y && (ta || tb) ? f(ta ? ta.data[A[i]] : 0, tb ? tb.data[B[i]] : 0) : f(x, y)) ? 1 : 0;
  }
  return new Tensor(shape, o);
}

/** 1 where a > b, else 0. `where(greater(x, 0), x, 0)` is relu written by hand. */
export const greater = (a: TensorLike, b: TensorLike): Tensor => compare('greater', a, b, (x, y) => x > y);
/** 1 where a < b, else 0. */
export const less = (a: TensorLike, b: TensorLike): Tensor => compare('less', a, b, (x, y) => x < y);
/** 1 where a = b, else 0. */
export const equal = (a: TensorLike, b: TensorLike): Tensor => compare('equal', a, b, (x, y) => x === y);

/** Repeats `x` along broadcast dimensions to `shape`. `broadcastTo([1, 2], [3, 2])` */
export function broadcastTo(xl: TensorLike, shape: Shape): Tensor {
  const x = asTensor(xl);
  const target = broadcastShapes('broadcastTo', x.shape, shape);
  if (!sameShape(target, shape))
    throw new AutodiffError(
      'broadcastTo',
      `cannot broadcast ${fmtShape(x.shape)} to ${fmtShape(shape)}: the result would be ${fmtShape(target)}.`,
    );
  if (sameShape(x.shape, shape)) return x;
  const m = broadcastIndex(x.shape, shape);
  const o = new Float64Array(m.length);
  const d = x.data;
  for (let i = 0; i < o.length; i++) o[i] = d[m[i]];
  return record(BROADCAST, new Tensor(shape.slice(), o), [x]);
}

const BROADCAST: Op = {
  name: 'broadcastTo',
  backward: (g, _o, [x]) => [sumTo(g, x.shape)],
  jvp: ([t], o) => t && broadcastTo(t, o.shape),
};

/** Sums `x` over the dimensions that broadcasting would stretch to reach x's shape from `shape`. `sumTo(ones([4, 3]), [1, 3])` → [[4 4 4]] */
export function sumTo(xl: TensorLike, shape: Shape): Tensor {
  const x = asTensor(xl);
  if (sameShape(x.shape, shape)) return x;
  const full = broadcastShapes('sumTo', shape, x.shape);
  if (!sameShape(full, x.shape))
    throw new AutodiffError(
      'sumTo',
      `cannot sum ${fmtShape(x.shape)} down to ${fmtShape(shape)}: ${fmtShape(shape)} does not broadcast to ${fmtShape(x.shape)}.`,
    );
  const m = broadcastIndex(shape, x.shape);
  const o = new Float64Array(sizeOf(shape));
  const d = x.data;
  for (let i = 0; i < d.length; i++) o[m[i]] += d[i];
  return record(SUM_TO, new Tensor(shape.slice(), o), [x]);
}

const SUM_TO: Op = {
  name: 'sumTo',
  backward: (g, _o, [x]) => [broadcastTo(g, x.shape)],
  jvp: ([t], o) => t && sumTo(t, o.shape),
};
