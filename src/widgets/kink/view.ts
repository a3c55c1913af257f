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
    // The programs are code chips that never break; on a phone the longest
    // (`where(x > 0, log(where(x > 0, x, 1)), 0)`) is wider than the figure, so the table
    // scrolls behind the column's edge shadows, and a keyboard can scroll it.
    `<div class="kink__result scroll-x" data-part="table" tabindex="0" role="group" aria-label="What each framework returns">${renderTable(view)}</div>`
  );
}
