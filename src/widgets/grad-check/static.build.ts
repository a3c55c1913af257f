// Build-time side of grad-check: the static first frame (plot, table, labelled controls)
// computed in Node with the real engine.
import type { RenderStatic } from '../types.ts';
import { type CheckInput, check } from './core.ts';
import { autodiff } from './engine.ts';
import { renderControls, renderPlot, renderTable, renderVerdict } from './render.ts';
import { inputFrom, type spec } from './spec.ts';

export const renderStatic: RenderStatic<typeof spec> = (attrs) => renderGradCheck(inputFrom(attrs), true);

/** The whole widget body; the browser re-renders only the parts that change. */
export function renderGradCheck(input: CheckInput, disabled: boolean): string {
  const result = check(input, autodiff);
  return (
    `<div class="grad-check">` +
    renderControls(result, disabled) +
    `<div class="grad-check__figure" data-part="plot">${renderPlot(result)}</div>` +
    `<div class="grad-check__result" data-part="table">${renderTable(result)}</div>` +
    `<p class="grad-check__verdict" data-part="verdict" role="status">${renderVerdict(result)}</p>` +
    `</div>`
  );
}
