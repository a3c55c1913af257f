// The user-facing transformations, modelled on Zygote's `gradient` and JAX's jvp/vjp:
// gradient, valueAndGradient, gradientsOf, vjp, jvp, jacobian, hessian, hvp. The tools for
// looking inside (trace, subdifferential) are in inspect.ts.
import { AutodiffError, Tensor, asTensor, fmtShape, sameShape, type NestedArray, type TensorLike } from './tensor.ts';
import {
  INPUT,
  addLeaf,
  backward,
  forwardActive,
  record,
  setTangent,
  tangentOf,
  trackedNow,
  withForward,
  withTape,
  type Op,
  type Tape,
} from './engine.ts';

// ---------- arguments: numbers, nested arrays, tensors, and arrays/objects of those ----------

/** What `f` receives for an argument of type T: numbers and nested number arrays arrive as Tensors. */
export type ArgOf<T> = T extends number
  ? Tensor
  : T extends Tensor
    ? Tensor
    : T extends readonly NestedArray[]
      ? Tensor
      : T extends readonly (infer U)[]
        ? ArgOf<U>[]
        : { [K in keyof T]: ArgOf<T[K]> };
/** The gradient of an argument of type T has the same kind and shape: number → number, nested array → nested array, Tensor → Tensor, and containers keep their structure. */
export type GradOf<T> = T extends number
  ? number
  : T extends Tensor
    ? Tensor
    : T extends readonly (infer U)[]
      ? GradOf<U>[]
      : { [K in keyof T]: GradOf<T[K]> };
type ArgsOf<A extends unknown[]> = { [K in keyof A]: ArgOf<A[K]> };
type GradsOf<A extends unknown[]> = { [K in keyof A]: GradOf<A[K]> };

type Template =
  | { kind: 'number' | 'array' | 'tensor'; leaf: number }
  | { kind: 'list'; items: Template[] }
  | { kind: 'object'; keys: string[]; items: Template[] };

function isNumericArray(v: unknown[]): boolean {
  let cur: unknown = v;
  while (Array.isArray(cur)) {
    if (cur.length === 0) return true;
    cur = cur[0];
  }
  return typeof cur === 'number';
}

function analyse(op: string, v: unknown, leaves: Tensor[]): Template {
  if (typeof v === 'number') return { kind: 'number', leaf: leaves.push(asTensor(v)) - 1 };
  if (v instanceof Tensor) return { kind: 'tensor', leaf: leaves.push(v) - 1 };
  if (Array.isArray(v)) {
    if (isNumericArray(v)) return { kind: 'array', leaf: leaves.push(asTensor(v as NestedArray)) - 1 };
    return { kind: 'list', items: v.map((x) => analyse(op, x, leaves)) };
  }
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const keys = Object.keys(v);
    return { kind: 'object', keys, items: keys.map((k) => analyse(op, (v as Record<string, unknown>)[k], leaves)) };
  }
  throw new AutodiffError(
    op,
    `cannot differentiate with respect to ${v === null ? 'null' : typeof v === 'object' ? ((v as object).constructor?.name ?? 'an object') : typeof v}. Arguments must be numbers, nested arrays of numbers, Tensors, or plain arrays/objects of those; pass anything else through a closure.`,
  );
}

export function rebuild(t: Template, vals: Tensor[], asGradient: boolean): unknown {
  switch (t.kind) {
    case 'number':
      return asGradient ? vals[t.leaf].data[0] + 0 : vals[t.leaf]; // + 0 turns −0 into 0
    case 'array':
      return asGradient ? vals[t.leaf].toArray() : vals[t.leaf];
    case 'tensor':
      return vals[t.leaf];
    case 'list':
      return t.items.map((x) => rebuild(x, vals, asGradient));
    case 'object':
      return Object.fromEntries(t.keys.map((k, i) => [k, rebuild(t.items[i], vals, asGradient)]));
  }
}

// Identity, recorded on the inner tape when an argument is itself tracked by an enclosing
// gradient: the inner backward pass stops at this leaf (its input belongs to the outer
// tape), while the outer one passes straight through it to the argument.
const ARGUMENT: Op = { name: 'input', backward: (g) => [g], jvp: ([t]) => t };
const COPY: Op = { name: 'copy', backward: (g) => [g], jvp: ([t]) => t };

/** A fresh leaf sharing the data (and, inside jvp, the tangent) of an argument. */
function leafOf(tp: Tape, t: Tensor): Tensor {
  const leaf = new Tensor(t.shape, t.data);
  if (trackedNow(t)) return record(ARGUMENT, leaf, [t]);
  setTangent(leaf, tangentOf(t));
  return addLeaf(tp, leaf, INPUT);
}

function checkNotNested(op: string, leaves: Tensor[]): void {
  if (leaves.some(trackedNow)) {
    throw new AutodiffError(
      op,
      'cannot take implicit-parameter gradients of tensors that an enclosing gradient is tracking (the parameters themselves would become leaves of both). Pass them as explicit arguments: gradient((W, b) => …, W, b) nests.',
    );
  }
}

export function scalarOutput(op: string, out: unknown): Tensor {
  const t = asTensor(out as TensorLike);
  if (t.size !== 1) {
    throw new AutodiffError(
      op,
      `f returned a tensor of shape ${fmtShape(t.shape)}, but a gradient needs a scalar (one-element) output. Reduce it (sum(y), mean(y)), or use vjp(f, ...args).pullback(seed) with a seed of shape ${fmtShape(t.shape)}, or jacobian(f, x) for every partial derivative.`,
    );
  }
  return t;
}

export interface Run {
  tp: Tape;
  out: Tensor;
  leaves: Tensor[];
  template: Template[];
}

// biome-ignore lint/suspicious/noExplicitAny: f is any user function of its arguments; their types were checked at the public entry points
export function run(op: string, f: (...a: any[]) => unknown, args: unknown[], recordAll: boolean): Run {
  const leaves0: Tensor[] = [];
  const template = args.map((a) => analyse(op, a, leaves0));
  const { tp, result } = withTape((tp) => {
    const leaves = leaves0.map((t) => leafOf(tp, t));
    return { leaves, out: f(...template.map((t) => rebuild(t, leaves, false))) };
  }, recordAll);
  if (result.out instanceof Tensor || typeof result.out === 'number' || Array.isArray(result.out)) {
    return { tp, out: asTensor(result.out as TensorLike), leaves: result.leaves, template };
  }
  throw new AutodiffError(op, `f must return a Tensor or a number, got ${result.out === null ? 'null' : typeof result.out}.`);
}

// A rule may hand the same adjoint object to two inputs (add passes g through to both);
// copy repeats so that no two returned gradients share storage.
export function gradsOf(leaves: Tensor[]): Tensor[] {
  const seen = new Set<Tensor>();
  return leaves.map((l) => {
    const g = l._grad;
    if (g === null) return new Tensor(l.shape, new Float64Array(l.size));
    // The copy is an op, so an enclosing gradient or jvp still sees through it.
    if (seen.has(g)) return record(COPY, new Tensor(g.shape, g.data.slice()), [g]);
    seen.add(g);
    return g;
  });
}
export const onesLike = (t: Tensor): Tensor => new Tensor(t.shape, new Float64Array(t.size).fill(1));

/**
 * Value of a scalar function and its gradient with respect to every argument, each of the
 * same kind and shape as the argument.
 * `valueAndGradient((x, y) => add(mul(x, y), mul(y, y)), 1, 2)` → { value: 6, gradients: [2, 5] }
 */
export function valueAndGradient<A extends unknown[]>(
  f: (...args: ArgsOf<A>) => TensorLike,
  ...args: A
): { value: number; gradients: GradsOf<A> } {
  const r = run('gradient', f, args, false);
  const out = scalarOutput('gradient', r.out);
  backward(r.tp, out, onesLike(out));
  const g = gradsOf(r.leaves);
  return { value: out.data[0], gradients: r.template.map((t) => rebuild(t, g, true)) as GradsOf<A> };
}

/** One gradient per argument, like Zygote: `gradient(x => mul(x, x), 3)` → [6] */
export function gradient<A extends unknown[]>(f: (...args: ArgsOf<A>) => TensorLike, ...args: A): GradsOf<A> {
  return valueAndGradient(f, ...args).gradients;
}

/**
 * Gradients with respect to tensors that `f` closes over (Flux's implicit `Params`): the
 * training-loop form. Returns one gradient per tensor in `params`, in order.
 * `gradientsOf(model.parameters(), () => loss(model.forward(X), y))`
 */
export function gradientsOf(params: Tensor[], f: () => TensorLike): { value: number; gradients: Tensor[] } {
  checkNotNested('gradientsOf', params);
  const unique = [...new Set(params)];
  // The parameters themselves become the leaves (f closes over them), so their tape slots
  // are borrowed for this call and given back afterwards, even if f throws.
  const slots = unique.map((p) => [p._tape, p._op, p._in, p._saved, p._grad, p._id] as const);
  try {
    const { tp, result } = withTape((tp) => {
      for (const p of unique) addLeaf(tp, p, INPUT);
      return f();
    });
    const out = scalarOutput('gradientsOf', result);
    backward(tp, out, onesLike(out));
    return { value: out.data[0], gradients: gradsOf(params) };
  } finally {
    unique.forEach((p, i) => {
      [p._tape, p._op, p._in, p._saved, p._grad, p._id] = slots[i];
    });
  }
}

/**
 * Reverse mode for any output shape: the value and a pullback mapping an output cotangent
 * to one gradient per argument. The pullback may be called many times; each call starts
 * from zero adjoints.
 * `const { value, pullback } = vjp(x => mul(x, 2), [1, 2]); pullback([1, 0])` → [[2, 0]]
 */
export function vjp<A extends unknown[]>(
  f: (...args: ArgsOf<A>) => TensorLike,
  ...args: A
): { value: Tensor; pullback: (cotangent: TensorLike) => GradsOf<A> } {
  const r = run('vjp', f, args, false);
  const value = r.out;
  return {
    value,
    pullback(ct: TensorLike): GradsOf<A> {
      const seed = asTensor(ct);
      if (!sameShape(seed.shape, r.out.shape) && !(seed.size === 1 && r.out.size === 1)) {
        throw new AutodiffError(
          'vjp',
          `cotangent has shape ${fmtShape(seed.shape)} but f's output has shape ${fmtShape(r.out.shape)}; they must match.`,
        );
      }
      backward(r.tp, r.out, new Tensor(r.out.shape, seed.data));
      const g = gradsOf(r.leaves);
      return r.template.map((t) => rebuild(t, g, true)) as GradsOf<A>;
    },
  };
}

/**
 * Forward mode (dual numbers): the value of f at `primals` and its directional derivative
 * along `tangents`. `jvp(x => mul(x, x), [3], [1])` → { value: 9, tangent: 6 } (as tensors)
 */
export function jvp(
  f: (...args: Tensor[]) => TensorLike,
  primals: TensorLike[],
  tangents: TensorLike[],
): { value: Tensor; tangent: Tensor } {
  if (forwardActive())
    throw new AutodiffError('jvp', 'nested jvp (forward-over-forward) is not supported; for second derivatives use hessian or hvp.');
  if (primals.some((p) => p instanceof Tensor && trackedNow(p))) throw reverseOverForward();
  if (primals.length !== tangents.length)
    throw new AutodiffError('jvp', `got ${primals.length} primals but ${tangents.length} tangents; give one tangent per primal.`);
  return withForward(() => {
    const xs = primals.map((p, i) => {
      const x = asTensor(p);
      const t = asTensor(tangents[i]);
      if (!sameShape(x.shape, t.shape) && !(x.size === 1 && t.size === 1)) {
        throw new AutodiffError(
          'jvp',
          `tangent ${i} has shape ${fmtShape(t.shape)} but primal ${i} has shape ${fmtShape(x.shape)}; they must match.`,
        );
      }
      const leaf = new Tensor(x.shape, x.data);
      setTangent(leaf, new Tensor(x.shape, t.data));
      return leaf;
    });
    const out = asTensor(f(...xs));
    if (trackedNow(out)) throw reverseOverForward();
    const tangent = tangentOf(out) ?? new Tensor(out.shape, new Float64Array(out.size));
    return { value: new Tensor(out.shape, out.data), tangent: new Tensor(tangent.shape, tangent.data) };
  });
}

const reverseOverForward = () =>
  new AutodiffError(
    'jvp',
    'called on a value that an enclosing gradient is tracking. Reverse-over-forward is not supported; differentiate a gradient instead (gradient of gradient, hvp, hessian).',
  );

function basis(shape: number[], size: number, i: number): Tensor {
  const d = new Float64Array(size);
  d[i] = 1;
  return new Tensor(shape, d);
}

/**
 * All partial derivatives of f at x, shape [...f(x).shape, ...x.shape]. Uses forward mode
 * (one jvp per input entry) when x has no more entries than f(x), otherwise reverse mode
 * (one pullback per output entry) — whichever needs fewer sweeps.
 * `jacobian(x => mul(x, x), [1, 2])` → [[2 0] [0 4]]
 */
export function jacobian(f: (x: Tensor) => TensorLike, xl: TensorLike): Tensor {
  const x = asTensor(xl);
  const y = asTensor(f(x));
  if (trackedNow(x) || trackedNow(y)) {
    throw new AutodiffError(
      'jacobian',
      'called inside a gradient that tracks its input or output; the assembled matrix would be a constant to that gradient. Differentiate gradient(…) or vjp(…).pullback(…) directly instead.',
    );
  }
  const n = x.size,
    m = y.size;
  const shape = [...y.shape, ...x.shape];
  const J = new Float64Array(m * n);
  if (n <= m) {
    for (let i = 0; i < n; i++) {
      const col = jvp(f, [x], [basis(x.shape, n, i)]).tangent.data;
      for (let j = 0; j < m; j++) J[j * n + i] = col[j];
    }
  } else {
    const { pullback } = vjp(f, x);
    for (let j = 0; j < m; j++) J.set(pullback(basis(y.shape, m, j))[0].data, j * n);
  }
  return new Tensor(shape, J);
}

/** Hessian-vector product ∇²f(x)·v by forward-over-reverse, without forming the Hessian. */
export function hvp(f: (x: Tensor) => TensorLike, xl: TensorLike, vl: TensorLike): Tensor {
  return jvp((x) => gradient(f, x)[0], [xl], [vl]).tangent;
}

/** The Hessian of a scalar f, shape [...x.shape, ...x.shape]: one hvp per entry of x (for small inputs). `hessian(x => sum(pow(x, 3)), [1, 2])` → [[6 0] [0 12]] */
export function hessian(f: (x: Tensor) => TensorLike, xl: TensorLike): Tensor {
  const x = asTensor(xl);
  const n = x.size;
  const H = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const col = hvp(f, x, basis(x.shape, n, i)).data;
    for (let j = 0; j < n; j++) H[j * n + i] = col[j];
  }
  return new Tensor([...x.shape, ...x.shape], H);
}
