// The computational graph of a formula at a point, read from the engine's own tape
// (`trace`): every node the engine recorded, in its evaluation order, with its value and
// adjoint, and on every edge the local partial derivative ∂child/∂parent computed by the
// engine for that op at those inputs (so kinks follow the engine's convention). Pure, no DOM.
import { TIES, type Tensor, elementwise, getConvention, gradient, neg, tensor, trace } from '../../autodiff/index.ts';
import {
  BINARY,
  type Expr,
  ExpressionError,
  FUNCTIONS,
  type Point,
  type Step,
  checkPoint,
  compile,
  format,
  parseExpression,
  parsePoint,
} from '../expression.ts';

export type NodeKind = 'input' | 'const' | 'op';

export interface GraphNode {
  /** Position on the engine's tape (the trace node's id). */
  id: number;
  kind: NodeKind;
  /** The engine op recorded: 'input', 'const', 'log', 'mul', … */
  op: string;
  /** The survey's name: inputs v₋ₙ₊₁…v₀, ops v₁…vₙ; constants have none (''). */
  name: string;
  /** Index of the name: v₋₁ → -1, v₃ → 3; NaN for constants. */
  index: number;
  /** Short symbol drawn in the node: 'x1', 'ln', '×', '^2', '3'. */
  symbol: string;
  /** The definition in terms of other nodes, e.g. 'v₋₁ · v₀' (inputs: 'x1'). */
  definition: string;
  /** The sub-formula this node computes, in the reader's notation. */
  expr: string;
  value: number;
  /** Tape ids of the inputs, in argument order (repeated for x·x). */
  inputs: number[];
  /** ∂(this)/∂(input k), from the engine. */
  partials: number[];
  /** The engine's adjoint ∂y/∂(this); 0 where the output does not depend on the node. */
  adjoint: number;
  /** For inputs: which variable (index into Graph.variables). */
  arg?: number;
  /** Set when the op sits at a point without a derivative. */
  kink?: Kink;
}

export interface Kink {
  /** e.g. 'relu at 0' or 'max with a tie'. */
  where: string;
  /** The one-sided derivatives (per input for a tie). */
  sides: string;
  /** The value the engine used and the convention it follows. */
  used: string;
}

export interface Edge {
  from: number;
  to: number;
  /** Which argument of `to` this edge feeds. */
  slot: number;
  partial: number;
}

export interface Graph {
  source: string;
  point: Point;
  variables: string[];
  /** Every node in tape order; `nodes[i].id === i`. */
  nodes: GraphNode[];
  edges: Edge[];
  /** Ids of the op nodes in evaluation order (what a forward step walks). */
  order: number[];
  output: number;
  value: number;
  /** The engine's gradient, one entry per variable. */
  gradient: number[];
  convention: string;
}

/** Which text an error belongs to, for showing it under the right input. */
export class GraphInputError extends Error {
  override name = 'GraphInputError';
  readonly which: 'f' | 'at';
  readonly error: ExpressionError;
  constructor(which: 'f' | 'at', error: ExpressionError) {
    super(`${which}: ${error.message}`);
    this.which = which;
    this.error = error;
  }
}

const SUB = '₀₁₂₃₄₅₆₇₈₉';
/** v₋₁, v₀, v₃ */
export const vName = (i: number): string => `v${i < 0 ? '₋' : ''}${String(Math.abs(i)).replace(/\d/g, (d) => SUB[Number(d)]!)}`;

const SYMBOL: Record<string, string> = {
  add: '+',
  sub: '−',
  mul: '×',
  div: '÷',
  neg: '−',
  pow: '^',
  log: 'ln',
  maximum: 'max',
  minimum: 'min',
};

/**
 * Parse, evaluate with the engine, and read the graph off its tape.
 * Throws GraphInputError (with the column) for a bad formula or point.
 * @example buildGraph('ln(x1) + x1*x2 - sin(x2)', 'x1=2, x2=5').value // 11.652…
 */
export function buildGraph(source: string, at: string): Graph {
  let expr: Expr;
  let point: Point;
  try {
    expr = parseExpression(source);
  } catch (e) {
    throw e instanceof ExpressionError ? new GraphInputError('f', e) : e;
  }
  try {
    point = parsePoint(at);
  } catch (e) {
    throw e instanceof ExpressionError ? new GraphInputError('at', e) : e;
  }
  const problem = checkPoint(expr, point, at);
  if (problem) throw new GraphInputError(problem.which, problem.error);
  const variables = point.map((p) => p.name);
  const steps: Step[] = [];
  const fn = compile(expr, variables, steps);
  const t = trace((...args: Tensor[]) => fn(...args), ...point.map((p) => p.value));
  const stepAt = new Map<number, Step>();
  let s = 0;
  const nodes: GraphNode[] = [];
  const n = variables.length;
  let opCount = 0;
  for (const tn of t.forward) {
    const value = tn.value.item();
    const adjoint = tn.adjoint ? tn.adjoint.item() : 0;
    if (tn.op === 'input') {
      const arg = tn.arg ?? 0;
      const index = arg - n + 1;
      const name = variables[arg]!;
      nodes.push({
        id: tn.id,
        kind: 'input',
        op: 'input',
        name: vName(index),
        index,
        symbol: name,
        definition: name,
        expr: name,
        value,
        inputs: [],
        partials: [],
        adjoint,
        arg,
      });
      continue;
    }
    if (tn.op === 'const') {
      const text = fmtConst(value);
      nodes.push({
        id: tn.id,
        kind: 'const',
        op: 'const',
        name: '',
        index: Number.NaN,
        symbol: text,
        definition: text,
        expr: text,
        value,
        inputs: [],
        partials: [],
        adjoint,
      });
      continue;
    }
    const step = steps[s++];
    if (!step || step.op !== tn.op) {
      throw new Error(
        `autodiff-graph: the engine recorded "${tn.op}" where the formula calls "${step?.op ?? 'nothing'}"; the tape and the formula disagree.`,
      );
    }
    stepAt.set(tn.id, step);
    opCount++;
    nodes.push({
      id: tn.id,
      kind: 'op',
      op: tn.op,
      name: vName(opCount),
      index: opCount,
      symbol: symbolOf(step),
      definition: '',
      expr: format(step.expr),
      value,
      inputs: tn.inputs.slice(),
      partials: [],
      adjoint,
    });
  }
  // The output is the last node recorded (or an input, for f = x).
  const outNode = nodes.findLast((node) => node.kind === 'op') ?? nodes.find((node) => node.symbol === format(expr))!;
  const byId = (id: number) => nodes[id]!;
  for (const node of nodes) {
    if (node.kind !== 'op') continue;
    const step = stepAt.get(node.id)!;
    const ins = node.inputs.map((id) => byId(id).value);
    node.partials = localPartials(step, ins, node.inputs.length);
    node.definition = definitionOf(step, node.inputs.map(byId));
    const kink = kinkOf(node.op, ins);
    if (kink) node.kink = kink;
  }
  const edges: Edge[] = [];
  for (const node of nodes) {
    node.inputs.forEach((from, slot) => {
      edges.push({ from, to: node.id, slot, partial: node.partials[slot]! });
    });
  }
  const gradients = t.gradients as number[];
  return {
    source,
    point,
    variables,
    nodes,
    edges,
    order: nodes.filter((node) => node.kind === 'op').map((node) => node.id),
    output: outNode.id,
    value: t.value,
    gradient: gradients.map((g) => g + 0),
    convention: getConvention(),
  };
}

const fmtConst = (v: number): string => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6))));

function symbolOf(step: Step): string {
  const e = step.expr;
  if (e.kind === 'binary' && e.op === '^' && e.right.kind === 'num') return `^${fmtConst(e.right.value)}`;
  if (e.kind === 'binary' && e.op === '^' && e.left.kind === 'num') return `${fmtConst(e.left.value)}^`;
  if (e.kind === 'call') return e.fn;
  return SYMBOL[step.op] ?? step.op;
}

/** The literal operands the engine folded into the op instead of recording them (pow(x, 2)). */
function operands(step: Step): Expr[] {
  const e = step.expr;
  return e.kind === 'neg' ? [e.arg] : e.kind === 'binary' ? [e.left, e.right] : e.args;
}

/**
 * ∂op/∂(each recorded input) at the recorded input values, by the engine's own gradient of
 * that one op. When the tape has fewer inputs than the op has operands, the missing ones are
 * the literals the engine folded in (x^2 records one input), and stay numbers.
 */
function localPartials(step: Step, inputs: number[], recorded: number): number[] {
  const ops = operands(step);
  // Fold literals from the right (pow(x, 2) folds the exponent) until the count matches the tape.
  let toFold = ops.length - recorded;
  const foldedAt = new Set<number>();
  for (let i = ops.length - 1; i >= 0 && toFold > 0; i--) {
    if (ops[i]!.kind === 'num') {
      foldedAt.add(i);
      toFold--;
    }
  }
  const slots = ops.map((_, i) => i).filter((i) => !foldedAt.has(i));
  const apply = (...ts: Tensor[]): Tensor => {
    const full: (Tensor | number)[] = ops.map((o) => (o.kind === 'num' ? o.value : 0));
    slots.forEach((slot, k) => {
      full[slot] = ts[k]!;
    });
    const e = step.expr;
    if (e.kind === 'neg') return neg(full[0]!);
    if (e.kind === 'binary') return BINARY[e.op].apply(full[0]!, full[1]!);
    return (FUNCTIONS[e.fn].apply as (...a: (Tensor | number)[]) => Tensor)(...full);
  };
  return (gradient(apply, ...inputs.map((v) => tensor(v))) as Tensor[]).map((g) => g.item() + 0);
}

function definitionOf(step: Step, ins: GraphNode[]): string {
  const ref = (k: number) => {
    const node = ins[k]!;
    return node.kind === 'const' ? (node.value < 0 ? `(${node.symbol})` : node.symbol) : node.name;
  };
  const e = step.expr;
  if (e.kind === 'neg') return `−${ref(0)}`;
  if (e.kind === 'call') return `${e.fn}(${ins.map((_, k) => ref(k)).join(', ')})`;
  if (e.op === '^' && ins.length === 1)
    return e.right.kind === 'num' ? `${ref(0)}^${fmtConst(e.right.value)}` : `${fmtConst((e.left as { value: number }).value)}^${ref(0)}`;
  const sym = { '+': '+', '-': '−', '*': '·', '/': '/', '^': '^' }[e.op];
  return e.op === '^' ? `${ref(0)}^${ref(1)}` : `${ref(0)} ${sym} ${ref(1)}`;
}

/** A kink: relu or abs at 0, a tie in max or min — with the one-sided slopes and the engine's pick. */
export function kinkOf(op: string, inputs: number[]): Kink | undefined {
  const convention = getConvention();
  const preset = { pytorch: 'PyTorch', jax: 'JAX', flux: 'Flux' }[convention];
  if ((op === 'relu' || op === 'abs') && inputs[0] === 0) {
    const apply = FUNCTIONS[op].apply;
    const [left, right] = elementwise[op].kink!.set(0, 0, 0);
    const used = (gradient((x: Tensor) => apply(x), tensor(0)) as Tensor[])[0]!.item() + 0;
    return {
      where: `${op} at 0`,
      sides: `slope ${left} from the left, ${right} from the right`,
      used: `the engine uses ${used} (${preset} convention)`,
    };
  }
  if ((op === 'maximum' || op === 'minimum') && inputs.length === 2 && inputs[0] === inputs[1]) {
    const tie = TIES[op][convention];
    const name = op === 'maximum' ? 'max' : 'min';
    return {
      where: `${name} with a tie (both arguments ${inputs[0]})`,
      sides: 'the slope is (1, 0) on one side and (0, 1) on the other',
      used: `the engine uses (${tie[0]}, ${tie[1]}) (${preset} convention)`,
    };
  }
  return undefined;
}
