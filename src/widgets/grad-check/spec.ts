// Build-time side of grad-check: its attributes and the static first frame (plot, table,
// labelled controls) computed in Node with the real engine.
import type { WidgetAttrs, WidgetSpec } from '../types.ts';
import { FN_IDS, check, type CheckInput, type FnId } from './core.ts';
import { autodiff } from './engine.ts';
import { LOG_H_MAX, LOG_H_MIN, X_MAX, X_MIN, renderControls, renderPlot, renderTable, renderVerdict } from './render.ts';

/** The steps a reader can choose, powers of ten as an author writes them: '1e-1' … '1e-12'. */
const H_VALUES = Array.from({ length: LOG_H_MAX - LOG_H_MIN + 1 }, (_, i) => `1e${LOG_H_MAX - i}`);

export const spec: WidgetSpec = {
  name: 'grad-check',
  summary: 'One function, one point, three derivatives: by hand, by autodiff and by finite differences.',
  attributes: {
    fn: { type: 'enum', values: FN_IDS, default: 'tanh', doc: 'The function f the reader starts with; they can pick another.' },
    x: {
      type: 'number',
      min: X_MIN,
      max: X_MAX,
      default: 0.5,
      doc: 'The point at which f′ is computed, rounded to 0.01 (the slider’s step); the reader moves it.',
    },
    h: {
      type: 'enum',
      values: H_VALUES,
      default: '1e-5',
      doc: 'The finite-difference step h. Try 1e-1 (truncation error wins) and 1e-12 (rounding error wins).',
    },
  },
  renderStatic: (attrs) => renderGradCheck(inputFrom(attrs), true),
};

/** The typed input from the attributes the directive plugin validated. */
export function inputFrom(attrs: WidgetAttrs): CheckInput {
  // The slider moves in steps of 0.01; round here too, so the first frame and the live
  // widget (which reads the slider) show the same point.
  return { fn: attrs.fn as FnId, x: Math.round((attrs.x as number) * 100) / 100, h: Number(attrs.h) };
}

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
