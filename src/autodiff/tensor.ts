// The Tensor type, shapes and broadcasting helpers. No differentiation here: the tape
// fields are plain slots that engine.ts fills in (their types, Op and Tape, are declared at
// the end of this file so that it imports nothing), so creating a tensor costs one object
// and one Float64Array and nothing else.

/** A thrown error that names the op it came from (`err.op`), so tools can point at it. */
export class AutodiffError extends Error {
  readonly op: string;
  constructor(op: string, message: string) {
    super(`${op}: ${message}`);
    this.name = 'AutodiffError';
    this.op = op;
  }
}

export type Shape = number[];
/** A number or arbitrarily nested arrays of numbers, as accepted by `tensor`. */
export type NestedArray = number | NestedArray[];
/** Anything an op accepts: a tensor, a number (a broadcast scalar) or nested arrays. */
export type TensorLike = Tensor | number | NestedArray;

export class Tensor {
  readonly shape: Shape;
  /** Row-major values. The array is shared by `reshape`; treat it as read-only unless you own the tensor (optimisers update parameters in place). */
  readonly data: Float64Array;
  readonly size: number;
  // Tape slots, owned by engine.ts. A tensor is recorded on at most one tape (and so belongs
  // to the tapes enclosing it); to any later, unrelated computation it is a constant.
  _tape: Tape | null = null;
  _op: Op | null = null;
  _in: Tensor[] | null = null;
  _saved: unknown = null;
  _grad: Tensor | null = null;
  _tan: Tensor | null = null;
  // Which jvp the tangent belongs to: one left on a value that escaped an earlier jvp must
  // not leak into a later one (perturbation confusion).
  _tanGen = 0;
  _id = -1;

  constructor(shape: Shape, data: Float64Array) {
    this.shape = shape;
    this.data = data;
    this.size = data.length;
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** The value of a one-element tensor. `tensor([[2]]).item()` → 2 */
  item(): number {
    if (this.size !== 1) {
      throw new AutodiffError(
        'item',
        `needs a one-element tensor, got shape ${fmtShape(this.shape)} (${this.size} elements). Index or reduce it first, e.g. sum(t).item().`,
      );
    }
    return this.data[0];
  }

  /** Nested arrays of numbers (a number for shape []). */
  toArray(): NestedArray {
    return toNested(this.data, this.shape, 0, 0);
  }

  /** NumPy-style rendering: `[[1. 2.]\n [3. 4.]]`. */
  toString(): string {
    return formatTensor(this);
  }

  /** `JSON.stringify(t)` gives the nested arrays, not the internals. */
  toJSON(): NestedArray {
    return this.toArray();
  }

  // JavaScript cannot overload operators, so `3 * x` or `Math.sin(x)` on a Tensor would
  // quietly turn it into a number the tape never sees, and the gradient would come out 0.
  // Refuse the numeric conversion instead; string conversion (`${x}`) still prints.
  [Symbol.toPrimitive](hint: string): string {
    if (hint === 'string') return formatTensor(this);
    throw new AutodiffError(
      'Tensor',
      `a tensor of shape ${fmtShape(this.shape)} was used with a JavaScript operator or Math function (+, *, Math.exp, …), which autodiff cannot see. Use the engine's ops instead — add, mul, div, exp, … — e.g. add(mul(3, x), 1) for 3 * x + 1; for the number inside a one-element tensor use x.item().`,
    );
  }

  // console.log in Node (live cells, scripts) prints the values, not the tape slots.
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    const body = formatTensor(this);
    return `Tensor ${fmtShape(this.shape)}${body.includes('\n') ? '\n' : ' '}${body}`;
  }
}

export const fmtShape = (s: Shape): string => `[${s.join(', ')}]`;

export const sizeOf = (shape: Shape): number => {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
};

export const sameShape = (a: Shape, b: Shape): boolean => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

function checkShape(op: string, shape: Shape): Shape {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new AutodiffError(op, `shape ${fmtShape(shape)} must contain non-negative integers.`);
  }
  return shape.slice();
}

function toNested(data: Float64Array, shape: Shape, dim: number, offset: number): NestedArray {
  if (dim === shape.length) return data[offset] + 0; // −0 reads as 0, as users expect
  const out: NestedArray[] = [];
  const stride = sizeOf(shape.slice(dim + 1));
  for (let i = 0; i < shape[dim]; i++) out.push(toNested(data, shape, dim + 1, offset + i * stride));
  return out;
}

/** Shape of a nested array, with a clear error for ragged input. */
function nestedShape(v: NestedArray): Shape {
  const shape: Shape = [];
  let cur: NestedArray = v;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0];
  }
  return shape;
}

function flatten(v: NestedArray, shape: Shape): Float64Array {
  const out = new Float64Array(sizeOf(shape));
  let k = 0;
  // An explicit stack rather than recursion: deep nesting is unusual but cheap to support.
  const stack: [NestedArray, number][] = [[v, 0]];
  while (stack.length) {
    const [node, dim] = stack.pop()!;
    if (dim === shape.length) {
      if (typeof node !== 'number')
        throw new AutodiffError(
          'tensor',
          `ragged nested array: expected a number at depth ${dim}, found ${Array.isArray(node) ? 'an array' : typeof node}. Every row must have the same length (shape ${fmtShape(shape)}).`,
        );
      out[k++] = node;
      continue;
    }
    if (!Array.isArray(node) || node.length !== shape[dim]) {
      throw new AutodiffError(
        'tensor',
        `ragged nested array: expected ${shape[dim]} elements at depth ${dim}, found ${Array.isArray(node) ? node.length : typeof node}. Every row must have the same length (shape ${fmtShape(shape)}).`,
      );
    }
    for (let i = node.length - 1; i >= 0; i--) stack.push([node[i], dim + 1]);
  }
  return out;
}

/**
 * A tensor from a number, nested arrays, or flat values plus a shape.
 * `tensor([[1, 2], [3, 4]])`, `tensor(3)` (shape []), `tensor([1, 2, 3, 4], [2, 2])`.
 */
export function tensor(value: TensorLike | Float64Array | readonly number[], shape?: Shape): Tensor {
  if (value instanceof Tensor) return shape ? reshapeData(value, shape) : value;
  if (shape !== undefined) {
    const s = checkShape('tensor', shape);
    const data =
      value instanceof Float64Array
        ? value
        : typeof value === 'number'
          ? new Float64Array(sizeOf(s)).fill(value)
          : flatten(value as NestedArray, nestedShape(value as NestedArray));
    if (data.length !== sizeOf(s))
      throw new AutodiffError('tensor', `${data.length} values cannot fill shape ${fmtShape(s)} (${sizeOf(s)} elements).`);
    return new Tensor(s, data);
  }
  if (value instanceof Float64Array) return new Tensor([value.length], value);
  if (typeof value === 'number') return new Tensor([], Float64Array.of(value));
  const s = nestedShape(value as NestedArray);
  return new Tensor(s, flatten(value as NestedArray, s));
}

function reshapeData(t: Tensor, shape: Shape): Tensor {
  if (sizeOf(shape) !== t.size) throw new AutodiffError('tensor', `cannot view ${t.size} values as shape ${fmtShape(shape)}.`);
  return new Tensor(shape.slice(), t.data);
}

/** Converts numbers and nested arrays to tensors; tensors pass through untouched. */
export const asTensor = (x: TensorLike): Tensor => (x instanceof Tensor ? x : tensor(x));

/** `zeros([2, 3])` */
export const zeros = (shape: Shape): Tensor => new Tensor(checkShape('zeros', shape), new Float64Array(sizeOf(shape)));
/** `ones([2, 3])` */
export const ones = (shape: Shape): Tensor => full(shape, 1);
/** `full([2], 7)` → [7. 7.] */
export const full = (shape: Shape, value: number): Tensor =>
  new Tensor(checkShape('full', shape), new Float64Array(sizeOf(shape)).fill(value));

/** The n×n identity. `eye(3)` */
export function eye(n: number): Tensor {
  const t = zeros([n, n]);
  for (let i = 0; i < n; i++) t.data[i * n + i] = 1;
  return t;
}

/** Like NumPy: `arange(4)` → [0 1 2 3], `arange(1, 2, 0.25)` → [1 1.25 1.5 1.75]. */
export function arange(start: number, stop?: number, step = 1): Tensor {
  if (stop === undefined) [start, stop] = [0, start];
  if (step === 0) throw new AutodiffError('arange', 'step must not be 0.');
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = start + i * step;
  return new Tensor([n], d);
}

// ---------- broadcasting (NumPy rules: align trailing dimensions; 1 stretches) ----------

export function broadcastShapes(op: string, a: Shape, b: Shape): Shape {
  if (sameShape(a, b)) return a;
  const n = Math.max(a.length, b.length);
  const out: Shape = new Array(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      // Suggest shapes that broadcast against the first operand: its trailing parts.
      const fits = a
        .map((_, k) => fmtShape(a.slice(k)))
        .reverse()
        .slice(0, 3);
      throw new AutodiffError(
        op,
        `shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast together: dimension ${i - n} is ${da} vs ${db}. Broadcasting aligns trailing dimensions, and each pair must be equal or one of them 1. A second operand that would fit: ${fits.join(', ')} or a scalar.`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

const indexCache = new Map<string, Int32Array>();

/**
 * For each flat index of `to`, the flat index of the element of `from` it reads when
 * `from` is broadcast to `to`. Cached: a training loop asks for the same few maps each
 * step, and a lookup is cheaper than strided index arithmetic in every kernel.
 */
export function broadcastIndex(from: Shape, to: Shape): Int32Array {
  const key = `${from.join(',')}|${to.join(',')}`;
  let m = indexCache.get(key);
  if (m) return m;
  const n = to.length;
  const strides = new Array<number>(n).fill(0);
  let s = 1;
  for (let i = from.length - 1; i >= 0; i--) {
    const j = n - from.length + i;
    strides[j] = from[i] === 1 ? 0 : s;
    s *= from[i];
  }
  m = stridedOffsets(to, strides);
  if (indexCache.size > 256) indexCache.clear();
  indexCache.set(key, m);
  return m;
}

/**
 * Walks `shape` in row-major order and lists, for each position, the offset
 * Σ idxᵢ·stridesᵢ in some other layout — the one loop behind broadcasting (stride 0 on a
 * repeated axis) and transposing (permuted strides). An odometer, not a division per entry.
 * `stridedOffsets([2, 2], [1, 2])` → [0, 2, 1, 3]
 */
export function stridedOffsets(shape: Shape, strides: readonly number[]): Int32Array {
  const n = shape.length;
  const out = new Int32Array(sizeOf(shape));
  const idx = new Array<number>(n).fill(0);
  let off = 0;
  for (let k = 0; k < out.length; k++) {
    out[k] = off;
    for (let d = n - 1; d >= 0; d--) {
      idx[d]++;
      off += strides[d];
      if (idx[d] < shape[d]) break;
      off -= strides[d] * shape[d];
      idx[d] = 0;
    }
  }
  return out;
}

// ---------- printing ----------

function fmtNum(v: number, decimals: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (decimals === 0) return `${v.toFixed(0)}.`;
  return v.toFixed(decimals).replace(/0+$/, '');
}

// NumPy's scientific form: every entry with the same mantissa digits (the fewest that show
// each value to 4 decimals) and a two-digit exponent: [ 1.5e+10 -2.0e+00].
function expDigits(d: Float64Array): number {
  let k = 0;
  for (const v of d) {
    if (!Number.isFinite(v)) continue;
    const m = v.toExponential(4).split('e')[0].replace(/0+$/, '');
    k = Math.max(k, m.length - m.indexOf('.') - 1);
  }
  return k;
}

function fmtExp(v: number, digits: number): string {
  const [m, e] = v.toExponential(digits).split('e');
  return `${digits === 0 ? `${m}.` : m}e${e[0] === '-' ? '-' : '+'}${e.replace(/^[+-]/, '').padStart(2, '0')}`;
}

function formatTensor(t: Tensor): string {
  if (t.shape.length === 0) return fmtNum(t.data[0], decimalsFor(t.data));
  const summarise = t.size > 1000;
  const dec = decimalsFor(t.data);
  const useExp = t.data.some((v) => v !== 0 && Number.isFinite(v) && (Math.abs(v) >= 1e8 || Math.abs(v) < 1e-4));
  const ed = useExp ? expDigits(t.data) : 0;
  const strs = Array.from(t.data, (v) => (useExp && Number.isFinite(v) ? fmtExp(v, ed) : fmtNum(v, dec)));
  // Align on the decimal point, as NumPy does: [1.   1.25 1.5  1.75].
  const parts = strs.map((s) => (!s.includes('.') ? [s, ''] : [s.slice(0, s.indexOf('.')), s.slice(s.indexOf('.'))]));
  const wl = Math.max(...parts.map((p) => p[0].length)),
    wr = Math.max(...parts.map((p) => p[1].length));
  const aligned = parts.map(([l, r]) => l.padStart(wl) + r.padEnd(wr));
  const rec = (dim: number, off: number, indent: string): string => {
    const n = t.shape[dim];
    const stride = sizeOf(t.shape.slice(dim + 1));
    const items: string[] = [];
    const keep = summarise && n > 6 ? [0, 1, 2, -1, n - 3, n - 2, n - 1] : Array.from({ length: n }, (_, i) => i);
    for (const i of keep) {
      if (i === -1) {
        items.push('...');
        continue;
      }
      items.push(dim === t.shape.length - 1 ? aligned[off + i] : rec(dim + 1, off + i * stride, `${indent} `));
    }
    const sep = dim === t.shape.length - 1 ? ' ' : `${'\n'.repeat(t.shape.length - dim - 1) + indent} `;
    return `[${items.join(sep)}]`;
  };
  return rec(0, 0, '');
}

function decimalsFor(d: Float64Array): number {
  let dec = 0;
  for (const v of d) {
    if (!Number.isFinite(v) || Number.isInteger(v)) continue;
    const s = v.toFixed(4).replace(/0+$/, '');
    dec = Math.max(dec, s.length - s.indexOf('.') - 1);
  }
  return dec;
}

export interface Op {
  readonly name: string;
  /** Adjoints of the inputs given the adjoint `g` of the output; null where none is needed. */
  backward(g: Tensor, out: Tensor, inputs: Tensor[], saved: unknown): (Tensor | null)[];
  /** Tangent of the output given the tangents of the inputs (null means zero). */
  jvp(tangents: (Tensor | null)[], out: Tensor, inputs: Tensor[], saved: unknown): Tensor | null;
}

export class Tape {
  /** Every node recorded while this tape or a tape nested in it was recording, in order. */
  readonly nodes: Tensor[] = [];
  /** The tape that was recording when this one started (nested gradients), if any. */
  readonly parent: Tape | null;
  /** When tracing, constants become nodes too, so the widget can draw the whole graph. */
  recordAll = false;
  /** Tracing: the leaf standing in for each constant (a view, so the constant itself is never touched). */
  readonly constants = new Map<Tensor, Tensor>();
  constructor(parent: Tape | null) {
    this.parent = parent;
  }
}
