// From the widget's state (function, point, typed formula) to what is drawn; shared by the
// static first frame and the browser, so both show the same thing.
import type { ExpressionError } from '../expression.ts';
import { FUNCTIONS, type FnId, analyse, compileExpression } from './core.ts';
import { type View, renderLegend, renderPlot, renderTable, renderVerdict } from './render.ts';

/** The analysis of `fn` at x, or the typed formula's error. */
export function viewOf(fn: FnId, x: number, expression: string): View | { error: ExpressionError } {
  if (fn !== 'expression') return { fn, label: FUNCTIONS[fn].label, analysis: analyse(FUNCTIONS[fn], x) };
  const compiled = compileExpression(expression);
  if ('error' in compiled) return compiled;
  return { fn, label: expression.trim(), analysis: analyse(compiled.fn, x) };
}

/** Plot, sentence and table, each in a part the browser replaces. */
export function renderBody(view: View): string {
  return (
    `<div class="kink__figure" data-part="plot">${renderPlot(view)}</div>` +
    renderLegend() +
    `<p class="kink__verdict" data-part="verdict" role="status">${renderVerdict(view)}</p>` +
    `<div class="kink__result" data-part="table">${renderTable(view)}</div>`
  );
}
