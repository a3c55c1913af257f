// Build-time side of kink: the static first frame (plot at the point with the picks
// labelled, the table of programs, the sentence), computed in Node by the engine.
import type { RenderStatic } from '../types.ts';
import { DEFAULT_EXPRESSION } from './core.ts';
import { renderControls } from './render.ts';
import { inputFrom, type spec } from './spec.ts';
import { renderBody, viewOf } from './view.ts';

export const renderStatic: RenderStatic<typeof spec> = (attrs) => {
  const { fn, x } = inputFrom(attrs);
  const view = viewOf(fn, x, DEFAULT_EXPRESSION);
  if ('error' in view) throw new Error(`kink: the default formula does not parse: ${view.error.message}`);
  return `<div class="kink">${renderControls(fn, x, DEFAULT_EXPRESSION, true)}${renderBody(view)}</div>`;
};
