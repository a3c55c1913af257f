// Build-time side of ::autodiff-graph: the static first frame — the graph the engine
// recorded, with every value and (in reverse mode) every adjoint filled in.
import type { RenderStatic } from '../types.ts';
import type { spec } from './spec.ts';
import { renderAutodiffGraph, stateFrom } from './view.ts';

export const renderStatic: RenderStatic<typeof spec> = (attrs) => renderAutodiffGraph(stateFrom(attrs), true);
