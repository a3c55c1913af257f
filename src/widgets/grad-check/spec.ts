// grad-check's attribute table: what an author may write in ::grad-check{…}, declared once.
import { num, oneOf } from '../attributes.ts';
import { type AttrsOf, defineWidget } from '../types.ts';
import { type CheckInput, FN_IDS } from './core.ts';
import { LOG_H_MAX, LOG_H_MIN, X_MAX, X_MIN } from './render.ts';

/** The steps a reader can choose, powers of ten as an author writes them: '1e-1' … '1e-12'. */
const H_VALUES = Array.from({ length: LOG_H_MAX - LOG_H_MIN + 1 }, (_, i) => `1e${LOG_H_MAX - i}`);

export const spec = defineWidget({
  name: 'grad-check',
  summary: 'One function, one point, three derivatives: by hand, by autodiff and by finite differences.',
  attributes: {
    fn: oneOf(FN_IDS, { default: 'tanh', doc: 'The function f the reader starts with; they can pick another.' }),
    x: num({
      min: X_MIN,
      max: X_MAX,
      default: 0.5,
      doc: 'The point at which f′ is computed, rounded to 0.01 (the slider’s step); the reader moves it.',
    }),
    h: oneOf(H_VALUES, {
      default: '1e-5',
      doc: 'The finite-difference step h. Try 1e-1 (truncation error wins) and 1e-12 (rounding error wins).',
    }),
  },
});

/** The typed input from the attributes the directive plugin validated. */
export function inputFrom(attrs: AttrsOf<typeof spec>): CheckInput {
  // The slider moves in steps of 0.01; round here too, so the first frame and the live
  // widget (which reads the slider) show the same point.
  return { fn: attrs.fn, x: Math.round(attrs.x * 100) / 100, h: Number(attrs.h) };
}
