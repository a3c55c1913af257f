// Build-time side of ::dual-sqrt: the static first frame, the table of iterates computed
// with the engine's forward mode.
import type { RenderStatic } from '../types.ts';
import { renderDualSqrt } from './render.ts';
import type { spec } from './spec.ts';

export const renderStatic: RenderStatic<typeof spec> = (attrs) => renderDualSqrt(attrs.x, attrs.iterations, true);
