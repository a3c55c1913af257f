// Ops that move values without changing them: reshape, transpose, slice (and its adjoint,
// which scatters into zeros), concat, stack. All linear, so each tangent rule is the op itself.
import { AutodiffError, Tensor, asTensor, fmtShape, sizeOf, stridedOffsets, type Shape, type TensorLike } from './tensor.ts';
import { record, type Op } from './engine.ts';

const normAxis = (op: string, axis: number, ndim: number): number => {
  const a = axis < 0 ? axis + ndim : axis;
  if (!Number.isInteger(a) || a < 0 || a >= ndim)
    throw new AutodiffError(
      op,
      `axis ${axis} is out of range for a tensor with ${ndim} dimension${ndim === 1 ? '' : 's'} (use 0…${ndim - 1}, or −1 for the last).`,
    );
  return a;
};
export { normAxis };

/** Same values, new shape (one dimension may be −1). Shares the data, like a NumPy view. `reshape(arange(6), [2, 3])` */
export function reshape(xl: TensorLike, shape: Shape): Tensor {
  const x = asTensor(xl);
  const s = shape.slice();
  const free = s.indexOf(-1);
  if (free >= 0) s[free] = x.size / sizeOf(s.filter((_, i) => i !== free));
  if (sizeOf(s) !== x.size || !s.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new AutodiffError(
      'reshape',
      `cannot reshape ${fmtShape(x.shape)} (${x.size} elements) into ${fmtShape(shape)}: the sizes must multiply to ${x.size}.`,
    );
  }
  return record(RESHAPE, new Tensor(s, x.data), [x]);
}

const RESHAPE: Op = {
  name: 'reshape',
  backward: (g, _o, [x]) => [reshape(g, x.shape)],
  jvp: ([t], o) => t && reshape(t, o.shape),
};

/** Permutes axes; by default reverses them (the matrix transpose for 2-D). `transpose(A)`, `transpose(x, [0, 2, 1])` */
export function transpose(xl: TensorLike, perm?: number[]): Tensor {
  const x = asTensor(xl);
  const nd = x.shape.length;
  const p = perm ? perm.map((a) => normAxis('transpose', a, nd)) : x.shape.map((_, i) => nd - 1 - i);
  if (p.length !== nd || new Set(p).size !== nd)
    throw new AutodiffError('transpose', `perm ${fmtShape(perm ?? [])} must list each of the ${nd} axes of ${fmtShape(x.shape)} once.`);
  const shape = p.map((a) => x.shape[a]);
  const o = new Float64Array(x.size);
  const d = x.data;
  if (nd === 2) {
    const [r, c] = x.shape;
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) o[j * r + i] = d[i * c + j];
  } else {
    const strides = stridesOf(x.shape);
    const from = stridedOffsets(
      shape,
      p.map((a) => strides[a]),
    );
    for (let k = 0; k < o.length; k++) o[k] = d[from[k]];
  }
  return record(TRANSPOSE, new Tensor(shape, o), [x], p);
}

const TRANSPOSE: Op = {
  name: 'transpose',
  backward: (g, _o, _in, p: number[]) => [transpose(g, inverse(p))],
  jvp: ([t], _o, _in, p: number[]) => t && transpose(t, p),
};

const inverse = (p: number[]): number[] => {
  const q = new Array<number>(p.length);
  p.forEach((a, i) => {
    q[a] = i;
  });
  return q;
};

function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** One entry per leading dimension: an index (drops the dimension), a [start, end) range (negative counts from the end; end optional), or null for all. */
export type SliceSpec = number | [number, number?] | null;

interface Region {
  starts: number[];
  sizes: number[];
  outShape: Shape;
  inShape: Shape;
}

function region(x: Tensor, specs: SliceSpec[]): Region {
  const nd = x.shape.length;
  if (specs.length > nd)
    throw new AutodiffError(
      'slice',
      `${specs.length} indices given for a tensor of shape ${fmtShape(x.shape)} (${nd} dimension${nd === 1 ? '' : 's'}).`,
    );
  const starts: number[] = [],
    sizes: number[] = [],
    outShape: Shape = [];
  for (let a = 0; a < nd; a++) {
    const n = x.shape[a];
    const s = a < specs.length ? specs[a] : null;
    if (typeof s === 'number') {
      const i = s < 0 ? s + n : s;
      if (!Number.isInteger(i) || i < 0 || i >= n)
        throw new AutodiffError(
          'slice',
          `index ${s} is out of bounds for dimension ${a} of size ${n} (shape ${fmtShape(x.shape)}); valid indices are ${-n}…${n - 1}.`,
        );
      starts.push(i);
      sizes.push(1);
    } else {
      const [lo, hi] = s ?? [0, n];
      const a0 = Math.min(n, Math.max(0, lo < 0 ? lo + n : lo));
      const hiv = hi === undefined ? n : hi;
      const a1 = Math.min(n, Math.max(a0, hiv < 0 ? hiv + n : hiv));
      starts.push(a0);
      sizes.push(a1 - a0);
      outShape.push(a1 - a0);
    }
  }
  return { starts, sizes, outShape, inShape: x.shape };
}

// Calls visit(offsetInFull, k) for every element of the region, in row-major order.
function walk(r: Region, visit: (off: number, k: number) => void): void {
  const st = stridesOf(r.inShape);
  const nd = r.sizes.length;
  const total = sizeOf(r.sizes);
  const idx = new Array<number>(nd).fill(0);
  let off = 0;
  for (let a = 0; a < nd; a++) off += r.starts[a] * st[a];
  for (let k = 0; k < total; k++) {
    visit(off, k);
    for (let a = nd - 1; a >= 0; a--) {
      idx[a]++;
      off += st[a];
      if (idx[a] < r.sizes[a]) break;
      off -= st[a] * r.sizes[a];
      idx[a] = 0;
    }
  }
}

/** `slice(A, 0)` first row; `slice(A, null, [1, 3])` columns 1–2; `slice(A, [-2])` last two rows. */
export function slice(xl: TensorLike, ...specs: SliceSpec[]): Tensor {
  const x = asTensor(xl);
  const r = region(x, specs);
  const o = new Float64Array(sizeOf(r.outShape));
  const d = x.data;
  walk(r, (off, k) => (o[k] = d[off]));
  return record(SLICE, new Tensor(r.outShape, o), [x], r);
}

/** Element or sub-tensor at integer indices: `index(A, 1)` is row 1, `index(A, 1, 2)` a scalar. */
export const index = (x: TensorLike, ...indices: number[]): Tensor => slice(x, ...indices);

// The adjoint of slicing: zeros of the full shape with `g` written into the region.
function unslice(g: Tensor, r: Region): Tensor {
  const o = new Float64Array(sizeOf(r.inShape));
  const d = g.data;
  walk(r, (off, k) => (o[off] = d[k]));
  return record(UNSLICE, new Tensor(r.inShape, o), [g], r);
}

const SLICE: Op = {
  name: 'slice',
  backward: (g, _o, _in, r: Region) => [unslice(g, r)],
  jvp: ([t], _o, _in, r: Region) => t && sliceRegion(t, r),
};

const UNSLICE: Op = {
  name: 'unslice',
  backward: (g, _o, _in, r: Region) => [sliceRegion(g, r)],
  jvp: ([t], _o, _in, r: Region) => t && unslice(t, r),
};

function sliceRegion(x: Tensor, r: Region): Tensor {
  const o = new Float64Array(sizeOf(r.outShape));
  const d = x.data;
  walk(r, (off, k) => (o[k] = d[off]));
  return record(SLICE, new Tensor(r.outShape, o), [x], r);
}

/** Joins tensors along an existing axis. `concat([a, b], 0)` */
export function concat(ts: TensorLike[], axis = 0): Tensor {
  if (ts.length === 0) throw new AutodiffError('concat', 'needs at least one tensor.');
  const xs = ts.map(asTensor);
  const nd = xs[0].shape.length;
  if (nd === 0) throw new AutodiffError('concat', 'cannot concatenate scalars (shape []); use stack.');
  const ax = normAxis('concat', axis, nd);
  for (const [i, t] of xs.entries()) {
    if (t.shape.length !== nd || t.shape.some((d, a) => a !== ax && d !== xs[0].shape[a])) {
      throw new AutodiffError(
        'concat',
        `tensor ${i} has shape ${fmtShape(t.shape)} but tensor 0 has ${fmtShape(xs[0].shape)}: all dimensions except axis ${ax} must match.`,
      );
    }
  }
  const shape = xs[0].shape.slice();
  shape[ax] = xs.reduce((s, t) => s + t.shape[ax], 0);
  const outer = sizeOf(shape.slice(0, ax));
  const inner = sizeOf(shape.slice(ax + 1));
  const o = new Float64Array(sizeOf(shape));
  const row = shape[ax] * inner;
  let col = 0;
  for (const t of xs) {
    const w = t.shape[ax] * inner;
    for (let i = 0; i < outer; i++) o.set(t.data.subarray(i * w, (i + 1) * w), i * row + col);
    col += w;
  }
  return record(CONCAT, new Tensor(shape, o), xs, ax);
}

const CONCAT: Op = {
  name: 'concat',
  backward: (g, _o, xs, ax: number) => {
    let at = 0;
    return xs.map((t) => {
      const spec: SliceSpec[] = t.shape.map(() => null);
      spec[ax] = [at, at + t.shape[ax]];
      at += t.shape[ax];
      return slice(g, ...spec);
    });
  },
  jvp: (ts, _o, xs, ax: number) =>
    ts.every((t) => t === null)
      ? null
      : concat(
          ts.map((t, i) => t ?? new Tensor(xs[i].shape, new Float64Array(xs[i].size))),
          ax,
        ),
};

/** Joins tensors of equal shape along a new axis. `stack([a, b])` → shape [2, ...a.shape] */
export function stack(ts: TensorLike[], axis = 0): Tensor {
  if (ts.length === 0) throw new AutodiffError('stack', 'needs at least one tensor.');
  const xs = ts.map(asTensor);
  const s0 = xs[0].shape;
  for (const [i, t] of xs.entries()) {
    if (fmtShape(t.shape) !== fmtShape(s0))
      throw new AutodiffError(
        'stack',
        `tensor ${i} has shape ${fmtShape(t.shape)} but tensor 0 has ${fmtShape(s0)}: stack needs equal shapes (concat joins along an existing axis).`,
      );
  }
  const ax = normAxis('stack', axis, s0.length + 1);
  const expanded = [...s0.slice(0, ax), 1, ...s0.slice(ax)];
  return concat(
    xs.map((t) => reshape(t, expanded)),
    ax,
  );
}
