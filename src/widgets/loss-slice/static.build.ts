// Build-time side of loss-slice: the first frame (controls, heatmap, verdict) computed in Node by the engine.
import type { RenderStatic } from '../types.ts';
import { lossSlice } from './core.ts';
import { renderControls, renderHeatmap, verdict } from './render.ts';
import type { spec } from './spec.ts';

export const renderStatic: RenderStatic<typeof spec> = ({ activation, slice, seed }) => {
  const result = lossSlice(activation, slice, seed);
  return (
    `<div class="loss-slice">` +
    renderControls(activation, slice, seed, true) +
    `<div class="loss-slice__figure" data-part="plot">${renderHeatmap(result)}</div>` +
    `<p class="loss-slice__verdict" data-part="verdict" role="status">${verdict(result)}</p>` +
    `</div>`
  );
};
