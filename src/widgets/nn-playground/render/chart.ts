// Train and test loss against the step, on a canvas sized to its CSS box × devicePixelRatio.
// The axis and the marker come from ../loss-chart.ts; this file only draws them.
import { lossChart } from '../loss-chart.ts';
import type { HistoryPoint } from '../run.ts';
import type { LossAxis } from '../state.ts';
import { css, type Palette } from './colours.ts';

export function drawChart(canvas: HTMLCanvasElement, history: HistoryPoint[], axis: LossAxis, palette: Palette): void {
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth;
  const h = canvas.clientHeight;
  if (w === 0 || h === 0) return;
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
  }
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  if (history.length < 2) return; // nothing to draw yet (the panel shows a hint instead)
  const model = lossChart(history, axis);
  const pad = { l: 40, r: 10, t: 10, b: 20 };
  const x = (step: number) => pad.l + ((w - pad.l - pad.r) * step) / Math.max(1, model.lastStep);
  const y = (v: number) => pad.t + (h - pad.t - pad.b) * (1 - model.at(v));

  ctx.font = '11px system-ui, sans-serif';
  ctx.fillStyle = css(palette.muted);
  ctx.strokeStyle = css(palette.fg, 0.15);
  ctx.lineWidth = 1;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const tick of model.ticks) {
    const at = Math.round(y(tick.value)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(pad.l, at);
    ctx.lineTo(w - pad.r, at);
    ctx.stroke();
    ctx.fillText(tick.label, pad.l - 5, y(tick.value));
  }
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'left';
  ctx.fillText('step 0', pad.l, h - 4);
  ctx.textAlign = 'right';
  ctx.fillText(`step ${model.lastStep}`, w - pad.r, h - 4);

  const line = (key: 'train' | 'test', colour: string, dash: number[]) => {
    ctx.beginPath();
    ctx.setLineDash(dash);
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    ctx.lineWidth = 2;
    for (const [i, p] of model.finite.entries()) {
      if (i) ctx.lineTo(x(p.step), y(p[key]));
      else ctx.moveTo(x(p.step), y(p[key]));
    }
    ctx.stroke();
    ctx.setLineDash([]);
    // A lone point (a run that blew up on its first step) still shows where it started.
    if (model.finite.length === 1) {
      ctx.beginPath();
      ctx.arc(x(model.finite[0].step), y(model.finite[0][key]), 3, 0, 2 * Math.PI);
      ctx.fill();
    }
  };
  line('test', css(palette.c0), [5, 4]);
  line('train', css(palette.accent), []);

  // Where the loss stopped being a number: a red line to the top, and what it became.
  if (model.blowUp) {
    const bx = Math.round(x(model.blowUp.step)) - 0.5;
    const warn = css(palette.warn);
    ctx.strokeStyle = warn;
    ctx.fillStyle = warn;
    ctx.lineWidth = 2;
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(bx, h - pad.b);
    ctx.lineTo(bx, pad.t);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.font = '600 12px system-ui, sans-serif';
    ctx.textBaseline = 'top';
    ctx.textAlign = bx > w / 2 ? 'right' : 'left';
    ctx.fillText(`loss = ${model.blowUp.value} at step ${model.blowUp.step}`, bx + (bx > w / 2 ? -5 : 5), pad.t);
  }
}
