// Train and test loss against the step, on a canvas sized to its CSS box × devicePixelRatio.
import type { HistoryPoint } from '../run.ts';
import { css, type Palette } from './colours.ts';

export function drawChart(canvas: HTMLCanvasElement, history: HistoryPoint[], palette: Palette): void {
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
  const pad = { l: 40, r: 8, t: 8, b: 20 };
  const finite = history.filter((p) => Number.isFinite(p.train) && Number.isFinite(p.test));
  const lastStep = history.length ? history[history.length - 1].step : 0;
  let top = 0;
  for (const p of finite) top = Math.max(top, p.train, p.test);
  top = niceCeil(Math.max(top, 0.1));
  const x = (step: number) => pad.l + ((w - pad.l - pad.r) * step) / Math.max(1, lastStep);
  const y = (v: number) => pad.t + (h - pad.t - pad.b) * (1 - Math.min(v, top) / top);

  ctx.font = '11px system-ui, sans-serif';
  ctx.fillStyle = css(palette.muted);
  ctx.strokeStyle = css(palette.fg, 0.15);
  ctx.lineWidth = 1;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const v of [0, top / 2, top]) {
    ctx.beginPath();
    ctx.moveTo(pad.l, Math.round(y(v)) + 0.5);
    ctx.lineTo(w - pad.r, Math.round(y(v)) + 0.5);
    ctx.stroke();
    ctx.fillText(String(+v.toPrecision(3)), pad.l - 5, y(v));
  }
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'left';
  ctx.fillText('step 0', pad.l, h - 4);
  ctx.textAlign = 'right';
  ctx.fillText(`step ${lastStep}`, w - pad.r, h - 4);

  const line = (key: 'train' | 'test', colour: string, dash: number[]) => {
    ctx.beginPath();
    ctx.setLineDash(dash);
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2;
    for (const [i, p] of finite.entries()) {
      if (i) ctx.lineTo(x(p.step), y(p[key]));
      else ctx.moveTo(x(p.step), y(p[key]));
    }
    ctx.stroke();
    ctx.setLineDash([]);
  };
  line('test', css(palette.c0), [5, 4]);
  line('train', css(palette.accent), []);
}

function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.5, 2, 3, 4, 5, 7.5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}
