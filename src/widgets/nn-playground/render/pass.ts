// The "one backprop pass" view: every intermediate of the post's formulas, with its shape
// and a thumbnail of its values (first rows, orange negative, blue positive).
import { PASS_ORDER, type Matrix, type Pass, type PassName } from '../formulas.ts';
import type { Palette } from './colours.ts';

const MAX_ROWS = 48;

export function updatePass(panel: HTMLElement, pass: Pass, formulas: Record<PassName, string>, palette: Palette): void {
  for (const name of PASS_ORDER) {
    const formula = panel.querySelector<HTMLElement>(`[data-formula="${name}"]`);
    if (formula && formula.textContent !== formulas[name]) formula.textContent = formulas[name];
    const m: Matrix = pass[name];
    const shape = panel.querySelector<HTMLElement>(`[data-shape="${name}"]`);
    if (shape) shape.textContent = `${m.rows} × ${m.cols}`;
    const canvas = panel.querySelector<HTMLCanvasElement>(`[data-thumb="${name}"]`);
    if (canvas) drawThumb(canvas, m, palette);
  }
}

function drawThumb(canvas: HTMLCanvasElement, m: Matrix, palette: Palette): void {
  const rows = Math.min(m.rows, MAX_ROWS);
  if (canvas.width !== m.cols || canvas.height !== rows) {
    canvas.width = m.cols;
    canvas.height = rows;
  }
  const ctx = canvas.getContext('2d')!;
  const image = ctx.createImageData(m.cols, rows);
  let scale = 0;
  for (let i = 0; i < rows * m.cols; i++) if (Number.isFinite(m.data[i])) scale = Math.max(scale, Math.abs(m.data[i]));
  for (let i = 0; i < rows * m.cols; i++) {
    const v = m.data[i];
    const c = v < 0 ? palette.c0 : palette.c1;
    const t = scale > 0 && Number.isFinite(v) ? Math.sqrt(Math.abs(v) / scale) : 0;
    image.data.set([c[0], c[1], c[2], Math.round(255 * (0.08 + 0.92 * t))], 4 * i);
  }
  ctx.putImageData(image, 0, 0);
  canvas.title = `first ${rows} of ${m.rows} rows; largest |value| ${scale.toPrecision(3)}`;
}
