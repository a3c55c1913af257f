// kink's attribute table: what an author may write in ::kink{…}, declared once. The reader's
// point and function are also kept in the page URL through the same table (see url.ts).
import { num, oneOf } from '../attributes.ts';
import { type AttrsOf, defineWidget } from '../types.ts';
import { FN_IDS, X_MAX, X_MIN, snap } from './core.ts';

export const spec = defineWidget({
  name: 'kink',
  summary:
    'A function at a kink: its one-sided slopes, the fan of subgradients when it is convex, and the slope PyTorch, JAX and Flux each return, for several programs of the same function.',
  attributes: {
    fn: oneOf(FN_IDS, {
      default: 'relu',
      doc: 'The function the reader starts with; they can pick another. expression starts from a formula the reader can edit.',
    }),
    x: num({
      min: X_MIN,
      max: X_MAX,
      default: 0,
      doc: 'The point, rounded to 0.05 (the slider’s step); the reader drags it or moves it with the arrow keys. hardtanh and clamp have kinks at −1 and 1.',
    }),
  },
});

export type KinkAttrs = AttrsOf<typeof spec>;

/** The attributes as the widget uses them: x on the slider's grid. */
export function inputFrom(attrs: KinkAttrs): KinkAttrs {
  return { fn: attrs.fn, x: snap(attrs.x) };
}
