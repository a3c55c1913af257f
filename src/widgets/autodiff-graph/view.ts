// The state an ::autodiff-graph starts in, and its whole body for a state: shared by the
// build (the static first frame) and the browser (every re-render), so both draw the same.
import { WidgetAttrError } from '../attributes.ts';
import type { AttrsOf } from '../types.ts';
import { type Graph, GraphInputError, buildGraph } from './model.ts';
import { type Progress, progressAfter, renderBody } from './render.ts';
import type { spec } from './spec.ts';
import { type GraphState, unitSeed } from './state.ts';
import { frameAt, stepCount } from './stepper.ts';

export function stateFrom(attrs: AttrsOf<typeof spec>): GraphState {
  const { f, at, mode } = attrs;
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
