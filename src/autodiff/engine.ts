// The tape (a Wengert list) and the two ways of pushing derivatives through it.
//
// Every op calls `record(op, out, inputs, saved)` once it has computed its value. That
// single call does three things: in debug mode it checks the value for NaN/±Inf; in forward
// mode it computes the output tangent with the op's `jvp`; in reverse mode it appends the
// output to the active tape. Ops are plain objects `{ name, backward, jvp }` defined next
// to the function that computes their value ("one op, one place").
//
// Tapes nest: a gradient taken while another is recording gets its own tape whose nodes
// also belong to the enclosing one, and its backward pass is recorded there, so the outer
// gradient differentiates it (gradients of gradients).
//
// Why no topological sort: nodes are appended in evaluation order, so the tape already *is*
// a topological order; walking it backwards is a reverse topological order. That makes the
// backward pass a flat loop (100 000 chained ops need no stack) and gives the graph widget
// the exact order the engine uses.
import { AutodiffError, Tape, Tensor, fmtShape, type Op } from './tensor.ts';

// Op and Tape are declared next to Tensor (whose slots hold them), so tensor.ts needs no
// import from here; they are re-exported because every op file imports them from the engine.
export { Tape };
export type { Op };

/** Is `t` a node of `tp`, i.e. recorded on it or on a tape nested inside it? */
export function memberOf(t: Tensor, tp: Tape): boolean {
  for (let s = t._tape; s !== null; s = s.parent) if (s === tp) return true;
  return false;
}

/** Is `t` tracked by the recording tape or one enclosing it? */
export function trackedNow(t: Tensor): boolean {
  const s0 = t._tape;
  if (s0 === null || tape === null) return false;
  if (s0 === tape) return true;
  for (let s: Tape | null = s0; s !== null; s = s.parent)
    for (let a: Tape | null = tape; a !== null; a = a.parent) if (s === a) return true;
  return false;
}

// Engine state. Module-level because ops are free functions; every change is undone in a
// `finally`, so an exception inside `f` never leaves the engine in a strange mode.
let tape: Tape | null = null;
let backwardTape: Tape | null = null;
let forwardDepth = 0;
let forwardGen = 0;
let generations = 0;
let insideJvpRule = 0;
let debugOn = false;

export const activeTape = (): Tape | null => tape;
export const forwardActive = (): boolean => forwardDepth > 0;

/** The tangent of `t` in the current jvp, or null (none, or left over from another jvp). */
export const tangentOf = (t: Tensor): Tensor | null => (t._tan !== null && t._tanGen === forwardGen ? t._tan : null);

export function setTangent(t: Tensor, tan: Tensor | null): Tensor {
  t._tan = tan;
  t._tanGen = forwardGen;
  return t;
}

/** True while the backward pass wants an adjoint for `t` (lets rules skip dead work, e.g. dX = g Wᵀ when X is data). */
export const needsGrad = (t: Tensor): boolean =>
  backwardTape !== null && (t._tape === backwardTape || (t._tape !== null && memberOf(t, backwardTape)));

/**
 * True when a rule's result will itself be differentiated — under forward mode (hvp) or
 * while an enclosing gradient records the backward pass (gradient of a gradient) — so a
 * rule must be built from ops rather than a fused, opaque kernel.
 */
export const rulesAreDifferentiated = (): boolean => forwardDepth > 0 || tape !== null;

export function record(op: Op, out: Tensor, inputs: Tensor[], saved: unknown = null): Tensor {
  // Values computed inside a backward rule are checked as that rule's result (checkBackward),
  // so the error names the op being differentiated, not a helper op of its rule.
  if (debugOn && backwardTape === null && insideJvpRule === 0) checkForward(op.name, out, inputs);
  if (forwardDepth > 0 && insideJvpRule === 0) {
    let any = false;
    for (const t of inputs) if (tangentOf(t) !== null) any = true;
    if (any) {
      // Tangent rules are written with ops; inside them, values are plain (no tangent of a
      // tangent, no tape), which keeps forward mode first-order and cheap.
      insideJvpRule++;
      const saveTape = tape;
      tape = null;
      try {
        setTangent(out, op.jvp(inputs.map(tangentOf), out, inputs, saved));
      } finally {
        insideJvpRule--;
        tape = saveTape;
      }
    }
  }
  const tp = tape;
  if (tp !== null) {
    let tracked = tp.recordAll;
    for (const t of inputs) if (t._tape !== null && (t._tape === tp || trackedNow(t))) tracked = true;
    if (tracked) {
      if (tp.recordAll) {
        for (let k = 0; k < inputs.length; k++) {
          const t = inputs[k];
          if (t._tape === tp) continue;
          let view = tp.constants.get(t);
          if (view === undefined) {
            view = addLeaf(tp, new Tensor(t.shape, t.data), CONST);
            tp.constants.set(t, view);
          }
          inputs[k] = view;
        }
      }
      out._tape = tp;
      out._op = op;
      out._in = inputs;
      out._saved = saved;
      out._grad = null;
      out._id = tp.nodes.length;
      for (let s: Tape | null = tp; s !== null; s = s.parent) s.nodes.push(out);
    }
  }
  return out;
}

/** Leaves have no rule; the op object only names them in traces. */
const leafOp = (name: string): Op => ({ name, backward: () => [], jvp: () => null });
export const INPUT = leafOp('input');
export const CONST = leafOp('const');

export function addLeaf(tp: Tape, t: Tensor, kind: Op = INPUT): Tensor {
  t._tape = tp;
  t._op = kind;
  t._in = [];
  t._saved = null;
  t._grad = null;
  t._id = tp.nodes.length;
  for (let s: Tape | null = tp; s !== null; s = s.parent) s.nodes.push(t);
  return t;
}

/** Runs `f` with a fresh tape active; returns the tape and f's result. */
export function withTape<R>(f: (tp: Tape) => R, recordAll = false): { tp: Tape; result: R } {
  const tp = new Tape(tape);
  tp.recordAll = recordAll;
  const prev = tape;
  tape = tp;
  try {
    return { tp, result: f(tp) };
  } finally {
    tape = prev;
  }
}

/** Runs `f` with forward mode on: ops propagate `_tan` tangents. */
export function withForward<R>(f: () => R): R {
  const prevGen = forwardGen;
  forwardDepth++;
  forwardGen = ++generations;
  try {
    return f();
  } finally {
    forwardDepth--;
    forwardGen = prevGen;
  }
}

/**
 * The reverse sweep. Adjoints are reset first, so running it twice on one finished tape
 * (a pullback called twice) gives the same answer rather than double. Rules are computed
 * with whatever tape is recording at the time: none usually (plain values), or the tape of
 * an enclosing gradient, which then differentiates this backward pass (gradient of a gradient).
 */
export function backward(tp: Tape, out: Tensor, seed: Tensor): void {
  for (const n of tp.nodes) n._grad = null;
  if (out._tape === null || !memberOf(out, tp)) return;
  const start = out._tape === tp ? out._id : tp.nodes.lastIndexOf(out);
  out._grad = seed;
  const prevBackward = backwardTape;
  backwardTape = tp;
  try {
    for (let i = start; i >= 0; i--) {
      const n = tp.nodes[i];
      const g = n._grad;
      if (g === null || n._in === null || n._in.length === 0) continue;
      const ins = n._in;
      const gs = n._op!.backward(g, n, ins, n._saved);
      for (let k = 0; k < ins.length; k++) {
        const inp = ins[k];
        const gk = gs[k];
        if (gk === undefined || gk === null || inp._tape === null || (inp._tape !== tp && !memberOf(inp, tp))) continue;
        if (debugOn) checkBackward(n, k, g, gk);
        // Gradients accumulate: a value used twice (x*x) receives both contributions.
        inp._grad = inp._grad === null ? gk : accumulate(inp._grad, gk);
      }
    }
  } finally {
    backwardTape = prevBackward;
  }
}

// The sum of two adjoints, as an op so that it carries tangents (hvp) and is recorded
// when an enclosing gradient differentiates this backward pass. Kept here rather than
// calling `add` to keep the engine free of op imports.
const ACCUMULATE: Op = {
  name: 'add',
  backward: (g) => [g, g],
  jvp: ([a, b]) => (a === null ? b : b === null ? a : accumulate(a, b)),
};

function accumulate(a: Tensor, b: Tensor): Tensor {
  const d = new Float64Array(a.size);
  const x = a.data;
  const y = b.data;
  for (let i = 0; i < d.length; i++) d[i] = x[i] + y[i];
  return record(ACCUMULATE, new Tensor(a.shape, d), [a, b]);
}

// ---------- debug mode ----------

/** Turns debug mode on or off (off by default: the checks cost a pass over every value). */
export function setDebug(on: boolean): void {
  debugOn = on;
}
export const getDebug = (): boolean => debugOn;

/** Runs `f` with debug mode on: the first op whose value or adjoint is NaN/±Inf throws, naming itself. */
export function withDebug<R>(f: () => R): R {
  const prev = debugOn;
  debugOn = true;
  try {
    return f();
  } finally {
    debugOn = prev;
  }
}

const badIndex = (t: Tensor): number => {
  const d = t.data;
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) return i;
  return -1;
};

const describe = (t: Tensor, i: number): string => `${t.data[i]} at flat index ${i} of shape ${fmtShape(t.shape)}`;

function checkForward(name: string, out: Tensor, inputs: Tensor[]): void {
  const i = badIndex(out);
  if (i < 0) return;
  for (let k = 0; k < inputs.length; k++) {
    const j = badIndex(inputs[k]);
    if (j >= 0) {
      throw new AutodiffError(
        name,
        `input ${k} already contains ${describe(inputs[k], j)}, and no op produced it: it came from outside (your data or a constant). Check the values you pass in.`,
      );
    }
  }
  const hint = HINTS[name] ? ` ${HINTS[name]}` : '';
  throw new AutodiffError(
    name,
    `forward pass produced ${describe(out, i)} from finite inputs — the first non-finite value in this computation.${hint}`,
  );
}

function checkBackward(node: Tensor, k: number, g: Tensor, gk: Tensor): void {
  const i = badIndex(gk);
  if (i < 0 || badIndex(g) >= 0) return;
  const name = node._op!.name;
  const hint = HINTS[name] ? ` ${HINTS[name]}` : '';
  throw new AutodiffError(
    name,
    `backward pass produced ${describe(gk, i)} in the adjoint of input ${k} (node #${node._id}), from a finite output adjoint — the first non-finite gradient.${hint}`,
  );
}

const HINTS: Record<string, string> = {
  log: 'log is -Inf at 0 and NaN below; add a small epsilon or use a stable form (e.g. binaryCrossEntropyWithLogits).',
  div: 'Division by zero; guard the denominator.',
  sqrt: "sqrt's derivative is infinite at 0; add a small epsilon inside.",
  exp: 'exp overflows above ~709; subtract the max first (logsumexp, softmax do).',
  pow: 'pow of a negative base to a fractional power is NaN, and 0 to a negative power is Inf.',
};
