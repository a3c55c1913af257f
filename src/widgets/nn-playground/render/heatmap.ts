// The decision-boundary heatmap: a GRID × GRID canvas that CSS stretches (with smoothing)
// over the plot; the points are an SVG on top, redrawn only when the data change.
import { GRID, decisionGrid, paint } from '../grid.ts';
import type { Params } from '../model.ts';
import type { Activation } from '../state.ts';
import type { Palette } from './colours.ts';

export interface Heatmap {
  canvas: HTMLCanvasElement;
  draw(params: Params, activation: Activation, palette: Palette): void;
}

export function createHeatmap(): Heatmap {
  const canvas = document.createElement('canvas');
  canvas.className = 'nnp-heat';
  canvas.dataset.part = 'heat';
  canvas.width = canvas.height = GRID;
  canvas.setAttribute('aria-hidden', 'true');
  const ctx = canvas.getContext('2d')!;
  const image = ctx.createImageData(GRID, GRID);
  const probs = new Float64Array(GRID * GRID);
  return {
    canvas,
    draw(params, activation, palette) {
      decisionGrid(params, activation, GRID, probs);
      paint(probs, palette.c0, palette.c1, palette.bg, image.data);
      ctx.putImageData(image, 0, 0);
    },
  };
}
