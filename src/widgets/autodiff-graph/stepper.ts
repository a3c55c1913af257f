// The three ways of walking the graph, one node per step, as pure functions of (graph, step):
//   primal   — values in evaluation order;
//   tangent  — forward mode: each node's dual number v + v̇ε, from a seed ẋ;
//   adjoint  — reverse mode: from the output back, each node pushing v̄ⱼ·∂vⱼ/∂vᵢ to its
//              inputs, so a node that fans out accumulates one term per child.
// The widget renders a frame; the tests compare every tangent and adjoint with the engine.
import { type Tensor, jvp, tensor } from '../../autodiff/index.ts';
import type { Graph, GraphNode } from './model.ts';

export type Mode = 'primal' | 'tangent' | 'adjoint';
export const MODES: readonly Mode[] = ['primal', 'tangent', 'adjoint'];

/** One contribution to an adjoint: v̄_child · ∂child/∂node. */
export interface Term {
  child: number;
  adjoint: number;
  partial: number;
  value: number;
}

export interface Frame {
  mode: Mode;
  step: number;
  /** Steps in this mode: one per op node (and reverse mode seeds ȳ first). */
  steps: number;
  /** The node the last step computed (highlighted), or null at step 0. */
  current: number | null;
  /** Per node id: its value if computed by now (inputs and constants always are). */
  values: (number | null)[];
  /** Per node id: its tangent if computed by now (tangent mode). */
  tangents: (number | null)[];
  /** Per node id: the adjoint terms received so far (adjoint mode). */
  terms: Term[][];
  /** Per node id: true once its adjoint is final (all its children have pushed). */
  done: boolean[];
  /** The edges the current step used, as [from, to]. */
  active: [number, number][];
}

/** Number of steps of a mode: forward modes visit each op once; reverse seeds ȳ = 1, then visits each op. */
export function stepCount(graph: Graph, mode: Mode): number {
  return mode === 'adjoint' ? graph.order.length + 1 : graph.order.length;
}

/** Every node's tangent for seed ẋ, pushed forward along the edges (v̇ⱼ = Σᵢ ∂vⱼ/∂vᵢ · v̇ᵢ). */
export function tangents(graph: Graph, seed: readonly number[]): number[] {
  const out = graph.nodes.map((n) => (n.kind === 'input' ? (seed[n.arg!] ?? 0) : 0));
  for (const id of graph.order) {
    const node = graph.nodes[id]!;
    out[id] = node.inputs.reduce((acc, from, k) => acc + node.partials[k]! * out[from]!, 0);
  }
  return out;
}

/**
 * The reverse sweep: the order nodes push their adjoint (output first, then the ops in
 * reverse evaluation order) and the terms each node receives, in the order they arrive.
 */
export function adjointTerms(graph: Graph): Term[][] {
  const cached = termsCache.get(graph);
  if (cached) return cached;
  const terms: Term[][] = graph.nodes.map(() => []);
  const adjoint = new Map<number, number>([[graph.output, 1]]);
  for (let k = graph.order.length - 1; k >= 0; k--) {
    const node = graph.nodes[graph.order[k]!]!;
    const a = adjoint.get(node.id) ?? 0;
    node.inputs.forEach((from, slot) => {
      const term = { child: node.id, adjoint: a, partial: node.partials[slot]!, value: a * node.partials[slot]! };
      terms[from]!.push(term);
      adjoint.set(from, (adjoint.get(from) ?? 0) + term.value);
    });
  }
  termsCache.set(graph, terms);
  return terms;
}
// A graph never changes once built; stepping re-reads its terms on every frame.
const termsCache = new WeakMap<Graph, Term[][]>();

/** Sum of the terms (ȳ = 1 for the output). */
export const adjointOf = (graph: Graph, node: GraphNode, terms: readonly Term[]): number =>
  node.id === graph.output ? 1 + terms.reduce((a, t) => a + t.value, 0) : terms.reduce((a, t) => a + t.value, 0);

/** The frame after `step` steps of `mode` (step is clamped to the mode's range). */
export function frameAt(graph: Graph, mode: Mode, step: number, seed: readonly number[]): Frame {
  const steps = stepCount(graph, mode);
  const s = Math.max(0, Math.min(steps, Math.round(step)));
  const n = graph.nodes.length;
  const leaf = (node: GraphNode) => node.kind !== 'op';
  const computed = new Set(mode === 'primal' || mode === 'tangent' ? graph.order.slice(0, s) : graph.order);
  const values = graph.nodes.map((node) => (leaf(node) || computed.has(node.id) ? node.value : null));
  const frame: Frame = {
    mode,
    step: s,
    steps,
    current: null,
    values,
    tangents: Array(n).fill(null),
    terms: graph.nodes.map(() => []),
    done: Array(n).fill(false),
    active: [],
  };
  if (mode === 'primal' || mode === 'tangent') {
    const current = s > 0 ? graph.order[s - 1]! : null;
    frame.current = current;
    if (current !== null) frame.active = graph.nodes[current]!.inputs.map((from) => [from, current] as [number, number]);
    if (mode === 'tangent') {
      const all = tangents(graph, seed);
      frame.tangents = graph.nodes.map((node) => (leaf(node) || computed.has(node.id) ? all[node.id]! : null));
    }
    return frame;
  }
  // Reverse: step 1 seeds ȳ = 1; step 1 + k lets the k-th node from the end push to its inputs.
  if (s === 0) return frame;
  frame.done[graph.output] = true;
  frame.current = graph.output;
  const all = adjointTerms(graph);
  const pushed = graph.order.slice(graph.order.length - (s - 1)).reverse();
  const pushedSet = new Set(pushed);
  for (const from of graph.nodes) {
    frame.terms[from.id] = all[from.id]!.filter((t) => pushedSet.has(t.child));
    // Final once every child that will ever push to it has pushed.
    if (from.id !== graph.output) frame.done[from.id] = all[from.id]!.length > 0 && all[from.id]!.every((t) => pushedSet.has(t.child));
  }
  if (pushed.length > 0) {
    const last = pushed[pushed.length - 1]!;
    frame.current = last;
    frame.active = graph.nodes[last]!.inputs.map((from) => [from, last] as [number, number]);
  }
  return frame;
}

/** The engine's forward mode for the same formula and seed: the oracle for tangents. */
export function engineTangent(f: (...args: Tensor[]) => Tensor | number, graph: Graph, seed: readonly number[]): number {
  const x = graph.point.map((p) => tensor(p.value));
  const { tangent } = jvp(
    (...args: Tensor[]) => f(...args),
    x,
    seed.map((s) => tensor(s)),
  );
  return tangent.item();
}

/** "2 + 1ε" — a dual number as the widget writes it. */
export function dual(value: number, tangent: number, digits = 4): string {
  const t = fmt(tangent, digits);
  return `${fmt(value, digits)} ${tangent < 0 ? '−' : '+'} ${t.replace(/^−/, '')}ε`;
}

/** Numbers as readers see them: 4 significant digits, a real minus sign, no "-0". */
export function fmt(x: number, digits = 4): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const abs = Math.abs(x);
  const s = abs >= 1e-4 && abs < 1e6 ? String(Number(x.toPrecision(digits))) : x.toExponential(digits - 1).replace(/e\+?/, 'e');
  return s.replace('-', '−');
}

/**
 * The nodes whose state differs between frames `step` and `step + 1` of a mode: a value or
 * tangent computed, an adjoint term received, an adjoint finished, or the highlight moved.
 * Read off the graph in O(inputs of the node stepped), no frame built: primal and forward
 * mode compute `order[step]` and move the highlight off the node before it; reverse mode
 * seeds the output at step 0, then lets the next node from the end push a term to each
 * input. Each id once (x·x pushes twice to one node). The tests hold it to a diff of frameAt.
 * @example changedAt(buildGraph('x*y', 'x=1, y=2'), 'primal', 0) // [2]
 */
export function changedAt(graph: Graph, mode: Mode, step: number): number[] {
  const { order } = graph;
  if (step < 0 || step >= stepCount(graph, mode)) return [];
  if (mode !== 'adjoint') return step === 0 ? [order[0]!] : [order[step - 1]!, order[step]!];
  if (step === 0) return [graph.output];
  const before = step === 1 ? graph.output : order[order.length - step + 1]!;
  const node = graph.nodes[order[order.length - step]!]!;
  // The output pushes right after its seed: the highlight stays on it, only its inputs change.
  const out = node.id === before ? [] : [before, node.id];
  for (const from of node.inputs) if (!out.includes(from)) out.push(from);
  return out;
}

/** A frame that moves one step at a time by updating itself, and the nodes each move changed. */
export interface Walk {
  /**
   * The frame at the walk's step. Its arrays are the walk's own, updated in place as it
   * moves: read a frame before the next move, never keep one.
   */
  readonly frame: Frame;
  /**
   * Move to `step` (clamped to the mode's range). Returns the ids of the nodes whose state
   * changed, or null after a jump of more than one step (then everything may have changed).
   */
  to(step: number): number[] | null;
}

/**
 * The node a frame highlights at `step` (null before the first): the tape in order, or in
 * reverse mode the output first and then the tape backwards. Pure, so the view can look ahead.
 * @example currentAt(g, 'adjoint', 1) === g.output
 */
export function currentAt(graph: Graph, mode: Mode, step: number): number | null {
  if (mode === 'adjoint') {
    if (step <= 0 || step > stepCount(graph, mode)) return null;
    return step === 1 ? graph.output : graph.order[graph.order.length - step + 1]!;
  }
  return step > 0 && step <= graph.order.length ? graph.order[step - 1]! : null;
}

/**
 * Step `mode` through `graph` as frameAt would, but a move to a neighbouring step costs
 * O(nodes it changes) instead of O(graph): holding an arrow key on a 1 000-node trace
 * rebuilt five arrays of a thousand entries on every frame. A jump is a fresh frameAt.
 * @example const w = walk(g, 'adjoint', 0, [1, 0]); w.to(1) // [g.output]; w.frame.done[g.output] === true
 */
export function walk(graph: Graph, mode: Mode, step: number, seed: readonly number[]): Walk {
  const steps = stepCount(graph, mode);
  // Once per walk: what a step reads (every tangent for this seed, every adjoint term).
  const allTangents = mode === 'tangent' ? tangents(graph, seed) : [];
  const allTerms = mode === 'adjoint' ? adjointTerms(graph) : [];
  let frame = frameAt(graph, mode, step, seed);
  /** Apply step k → k + 1 (forward) or k + 1 → k (back) to the frame's arrays. */
  function apply(k: number, forward: boolean) {
    const { order } = graph;
    if (mode !== 'adjoint') {
      const id = order[k]!;
      frame.values[id] = forward ? graph.nodes[id]!.value : null;
      if (mode === 'tangent') frame.tangents[id] = forward ? allTangents[id]! : null;
      return;
    }
    if (k === 0) {
      frame.done[graph.output] = forward;
      return;
    }
    // Terms arrive in push order, so a node's terms at any step are a prefix of all of its terms.
    const node = graph.nodes[order[order.length - k]!]!;
    const inputs = forward ? node.inputs : [...node.inputs].reverse();
    for (const from of inputs) {
      const terms = frame.terms[from]!;
      if (forward) terms.push(allTerms[from]![terms.length]!);
      else terms.pop();
      if (from !== graph.output) frame.done[from] = terms.length === allTerms[from]!.length;
    }
  }
  /** The highlighted node and the edges into it at step s (values as frameAt gives them). */
  function place(s: number): Pick<Frame, 'current' | 'active'> {
    const current = currentAt(graph, mode, s);
    // Reverse mode seeds the output with no edge in use; the output's own push comes at step 2.
    const active =
      current === null || (mode === 'adjoint' && s === 1)
        ? []
        : graph.nodes[current]!.inputs.map((from) => [from, current] as [number, number]);
    return { current, active };
  }
  return {
    get frame() {
      return frame;
    },
    to(next) {
      const s = Math.max(0, Math.min(steps, Math.round(next)));
      const delta = s - frame.step;
      if (delta === 0) return [];
      if (Math.abs(delta) > 1) {
        frame = frameAt(graph, mode, s, seed);
        return null;
      }
      const k = Math.min(s, frame.step);
      apply(k, delta > 0);
      frame = { ...frame, step: s, ...place(s) };
      return changedAt(graph, mode, k);
    },
  };
}
