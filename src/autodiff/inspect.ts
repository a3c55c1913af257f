// Looking inside the engine: the tape as data for the graph widget (trace), and the
// interval of slopes at a kink for the subgradient explorer (subdifferential).
import { Tensor, type TensorLike } from './tensor.ts';
import { backward } from './engine.ts';
import { withDirectional } from './conventions.ts';
import { gradsOf, jvp, onesLike, rebuild, run, scalarOutput, type ArgOf } from './api.ts';

type ArgsOf<A extends unknown[]> = { [K in keyof A]: ArgOf<A[K]> };

export interface TraceNode {
  /** Position on the tape (evaluation order). */
  id: number;
  /** Op name; leaves are 'input' (an argument) or 'const' (a captured value or number). */
  op: string;
  /** Ids of the input nodes. */
  inputs: number[];
  shape: number[];
  value: Tensor;
  /** ∂output/∂(this node), or null if the output does not depend on it. */
  adjoint: Tensor | null;
  /** For inputs: which leaf argument (in flattened order) this is. */
  arg?: number;
}

export interface Trace {
  value: number;
  gradients: unknown[];
  /** Every node, in evaluation order (the order of the forward pass). */
  forward: TraceNode[];
  /** The nodes the backward pass visited, in the order it visited them. */
  backward: TraceNode[];
}

const snapshot = (t: Tensor): Tensor => new Tensor(t.shape.slice(), t.data.slice());

/**
 * Runs `f` like valueAndGradient but records every node — constants included — with its
 * value and adjoint, for the graph-stepping widget.
 * `trace((x, y) => mul(add(x, y), y), 1, 2).forward.map(n => n.op)` → ['input', 'input', 'add', 'mul']
 */
export function trace<A extends unknown[]>(f: (...args: ArgsOf<A>) => TensorLike, ...args: A): Trace {
  const r = run('trace', f, args, true);
  const out = scalarOutput('trace', r.out);
  backward(r.tp, out, onesLike(out));
  const argIndex = new Map(r.leaves.map((l, i) => [l, i]));
  const nodes: TraceNode[] = r.tp.nodes.map((n) => {
    const node: TraceNode = {
      id: n._id,
      op: n._op!.name,
      inputs: (n._in ?? []).map((i) => i._id),
      shape: n.shape.slice(),
      value: snapshot(n),
      adjoint: n._grad && snapshot(n._grad),
    };
    const arg = argIndex.get(n);
    if (arg !== undefined) node.arg = arg;
    return node;
  });
  const reached = nodes.filter((n) => n.adjoint !== null && n.id <= out._id).reverse();
  const g = gradsOf(r.leaves);
  return { value: out.data[0], gradients: r.template.map((t) => rebuild(t, g, true)), forward: nodes, backward: reached };
}

/**
 * The interval of slopes of a scalar function of one variable at x: [min, max] of its
 * one-sided derivatives, computed exactly by forward mode in "directional" mode (at each
 * kink an op follows the side the tangent points to). Where f is differentiable the
 * interval is a single point; for convex f it is the subdifferential ∂f(x).
 * `subdifferential(relu, 0)` → { left: 0, right: 1, interval: [0, 1] }
 */
export function subdifferential(f: (x: Tensor) => TensorLike, x: number): { left: number; right: number; interval: [number, number] } {
  return withDirectional(() => {
    const right = jvp(f, [x], [1]).tangent.item() + 0;
    const left = 0 - jvp(f, [x], [-1]).tangent.item();
    return { left, right, interval: [Math.min(left, right), Math.max(left, right)] as [number, number] };
  });
}
