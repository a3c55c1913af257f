// Build-time side of ::dual-sqrt: attributes and the static first frame (the table of
// iterates computed with the engine's forward mode).
import type { WidgetAttrs, WidgetSpec } from '../types.ts';
import { X_MAX, X_MIN, renderDualSqrt } from './render.ts';

export const spec: WidgetSpec = {
  name: 'dual-sqrt',
  summary: 'The Babylonian square root run on a dual number x + 1·ε: t converges to √x and its ε-part to 1/(2√x).',
  attributes: {
    x: { type: 'number', min: X_MIN, max: X_MAX, default: 2, doc: 'The number whose square root is taken; the reader changes it.' },
    iterations: { type: 'int', min: 1, max: 12, default: 6, doc: 'How many iterations t ← (t + x/t)/2 to show, from t = 1.' },
  },
  renderStatic: (attrs: WidgetAttrs) => renderDualSqrt(attrs.x as number, attrs.iterations as number, true),
};
