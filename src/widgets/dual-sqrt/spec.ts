// ::dual-sqrt's attribute table, declared once.
import { int, num } from '../attributes.ts';
import { defineWidget } from '../types.ts';
import { X_MAX, X_MIN } from './render.ts';

export const spec = defineWidget({
  name: 'dual-sqrt',
  summary: 'The Babylonian square root run on a dual number x + 1·ε: t converges to √x and its ε-part to 1/(2√x).',
  attributes: {
    x: num({ min: X_MIN, max: X_MAX, default: 2, doc: 'The number whose square root is taken; the reader changes it.' }),
    iterations: int({ min: 1, max: 12, default: 6, doc: 'How many iterations t ← (t + x/t)/2 to show, from t = 1.' }),
  },
});
