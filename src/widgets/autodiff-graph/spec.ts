// Build-time side of ::autodiff-graph: its attributes and the static first frame — the
// graph the engine recorded, with every value and (in reverse mode) every adjoint filled in.
import { WidgetAttrError } from '../attributes.ts';
import { ExpressionError, parseExpression, parsePoint } from '../expression.ts';
import type { WidgetAttrs, WidgetSpec } from '../types.ts';
import { type Graph, GraphInputError, buildGraph } from './model.ts';
import { type Progress, progressAfter, renderBody } from './render.ts';
import { type GraphState, unitSeed } from './state.ts';
import { MODES, type Mode, frameAt, stepCount } from './stepper.ts';

/** The survey's example (Baydin et al. 2018, table 2/3). */
export const SURVEY_F = 'ln(x1) + x1*x2 - sin(x2)';
export const SURVEY_AT = 'x1=2, x2=5';

/** ExpressionError → the directive plugin's error type, so the build stops at file:line:column. */
const checked = (parse: (raw: string) => unknown) => (raw: string) => {
  try {
    parse(raw);
  } catch (error) {
    if (error instanceof ExpressionError) throw new WidgetAttrError(error.message);
    throw error;
  }
};

export const spec: WidgetSpec = {
  name: 'autodiff-graph',
  summary: 'The computational graph the engine records for a formula, stepped node by node: values, dual numbers, adjoints.',
  attributes: {
    f: {
      type: 'text',
      default: SURVEY_F,
      describe: 'a formula: + − * / ^, parentheses, ln exp sin cos tanh sigmoid relu abs sqrt max min',
      doc: 'The scalar function, in named variables; the reader can edit it.',
      check: checked(parseExpression),
    },
    at: {
      type: 'text',
      default: SURVEY_AT,
      describe: 'name=value pairs separated by commas',
      doc: 'The point: a value for every variable of f, e.g. x1=2, x2=5.',
      check: checked(parsePoint),
    },
    mode: {
      type: 'enum',
      values: MODES,
      default: 'adjoint',
      doc: 'The mode shown first: primal values, forward mode (tangents as dual numbers) or reverse mode (adjoints). The static frame shows the finished pass.',
    },
  },
  renderStatic: (attrs) => renderAutodiffGraph(stateFrom(attrs), true),
};

export function stateFrom(attrs: WidgetAttrs): GraphState {
  const f = attrs.f as string;
  const at = attrs.at as string;
  const mode = attrs.mode as Mode;
  let graph: Graph;
  try {
    graph = buildGraph(f, at);
  } catch (error) {
    // f and at are each valid alone; here they disagree (a variable without a value).
    if (error instanceof GraphInputError) throw new WidgetAttrError(`${error.which}: ${error.error.message}`);
    throw error;
  }
  return { f, at, mode, step: stepCount(graph, mode), seed: unitSeed(graph.variables.length) };
}

/** The whole body for a state; the browser re-renders it on every change. */
export function renderAutodiffGraph(state: GraphState, disabled: boolean, before?: Progress): string {
  const graph = buildGraph(state.f, state.at);
  const frame = frameAt(graph, state.mode, state.step, state.seed);
  const progress = progressAfter(graph, frame, state.seed, before ?? { known: graph.variables.map(() => null), passes: 0 });
  return renderBody(graph, frame, state.seed, progress, disabled);
}
