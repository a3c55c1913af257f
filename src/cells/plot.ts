// `plot(...)` inside a cell: a small line chart as an SVG string. Pure (no DOM), so the
// same call makes the static SVG at build time and the live one in the worker.
//
// Why d3 and not uPlot: uPlot draws on a <canvas> and needs a DOM, so it cannot produce an
// SVG in Node or in a Worker. d3-array gives nice domains and ticks, d3-shape the path data
// (as a string); the SVG around them is a few elements. (d3-scale would add ~8 KB gzipped of
// colour and interpolation code a linear map does not need.)
// Colours are CSS custom properties (cells.css), so a chart follows the reader's theme.
import { nice, ticks } from 'd3-array';
import { line } from 'd3-shape';
import { Tensor } from '../autodiff/index.ts';

export type PlotFunction = (x: number) => number | Tensor;
export interface Series {
  /** Points' x values; default 0, 1, 2, … */
  x?: ArrayLike<number> | Tensor;
  y: ArrayLike<number> | Tensor;
  label?: string;
}
export type PlotInput = PlotFunction | Series | ArrayLike<number> | Tensor;
export interface PlotOptions {
  title?: string;
  /** How many points a function is sampled at (default 200). */
  samples?: number;
}

export class PlotError extends Error {
  constructor(message: string) {
    super(`plot: ${message}`);
    this.name = 'PlotError';
  }
}

const W = 360;
const H = 200;
const M = { top: 12, right: 12, bottom: 24, left: 44 };
/** Extra room above the plot for a legend when there are several lines. */
const LEGEND = 16;

interface Line {
  points: [number, number][];
  label: string;
}

/**
 * plot(f, [a, b]) — a function over an interval; plot([f, g], [a, b]) — several;
 * plot(ys), plot({ x, y, label }), plot([{…}, {…}]) — series. Returns the SVG markup.
 */
export function plotSvg(what: PlotInput | readonly PlotInput[], interval?: readonly [number, number], options: PlotOptions = {}): string {
  const inputs: PlotInput[] =
    Array.isArray(what) && what.length > 0 && (typeof what[0] === 'function' || isSeries(what[0]))
      ? (what as PlotInput[])
      : [what as PlotInput];
  const lines = inputs.map((input, i) => toLine(input, i, interval, options.samples ?? 200));
  const top = M.top + (lines.length > 1 ? LEGEND : 0);
  const xs = lines.flatMap((l) => l.points.map((p) => p[0]));
  const ys = lines.flatMap((l) => l.points.map((p) => p[1])).filter(Number.isFinite);
  if (xs.length === 0 || ys.length === 0) throw new PlotError('nothing to draw: every value is empty or not finite.');
  const x = linear([Math.min(...xs), Math.max(...xs)], [M.left, W - M.right], 6);
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (y0 === y1) [y0, y1] = [y0 - 1, y1 + 1];
  const y = linear([y0, y1], [H - M.bottom, top], 5);
  const path = line<[number, number]>()
    .defined((p) => Number.isFinite(p[1]))
    .x((p) => x(p[0]))
    .y((p) => y(p[1]));
  const round = (v: number) => Math.round(v * 10) / 10;
  const parts: string[] = [];
  for (const t of x.ticks) {
    parts.push(
      `<line class="cell-plot__grid" x1="${round(x(t))}" x2="${round(x(t))}" y1="${top}" y2="${H - M.bottom}"/>`,
      `<text class="cell-plot__tick" x="${round(x(t))}" y="${H - M.bottom + 14}" text-anchor="middle">${fmt(t)}</text>`,
    );
  }
  for (const t of y.ticks) {
    parts.push(
      `<line class="cell-plot__grid" x1="${M.left}" x2="${W - M.right}" y1="${round(y(t))}" y2="${round(y(t))}"/>`,
      `<text class="cell-plot__tick" x="${M.left - 6}" y="${round(y(t)) + 4}" text-anchor="end">${fmt(t)}</text>`,
    );
  }
  lines.forEach((l, i) => {
    const d = (path(l.points) ?? '').replace(/\d+\.\d+/g, (n) => String(round(Number(n))));
    parts.push(`<path class="cell-plot__line cell-plot__line--${i % 4}" d="${d}"><title>${escapeXml(l.label)}</title></path>`);
  });
  const labels = lines.map((l) => l.label).join(', ');
  const title = options.title ?? `Plot of ${labels}`;
  // A legend row above the plot, never over the lines: "— f   — df".
  let legendX = M.left;
  const legend = lines
    .map((l, i) => {
      const x0 = legendX;
      legendX += 28 + 6 * l.label.length;
      return (
        `<line class="cell-plot__line cell-plot__line--${i % 4}" x1="${x0}" x2="${x0 + 14}" y1="${M.top - 2}" y2="${M.top - 2}"/>` +
        `<text class="cell-plot__legend" x="${x0 + 18}" y="${M.top + 2}">${escapeXml(l.label)}</text>`
      );
    })
    .join('');
  return `<svg class="cell-plot" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeXml(title)}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}${lines.length > 1 ? legend : ''}</svg>`;
}

/** A linear map from a niced domain onto pixels, with its tick values. */
function linear(domain: [number, number], range: [number, number], count: number) {
  let [d0, d1] = domain;
  if (d0 === d1) [d0, d1] = [d0 - 1, d1 + 1];
  [d0, d1] = nice(d0, d1, count);
  const map = (v: number) => range[0] + ((v - d0) / (d1 - d0)) * (range[1] - range[0]);
  return Object.assign(map, { ticks: ticks(d0, d1, count) });
}

function isSeries(value: unknown): value is Series {
  return typeof value === 'object' && value !== null && !(value instanceof Tensor) && 'y' in value;
}

function toLine(input: PlotInput, i: number, interval: readonly [number, number] | undefined, samples: number): Line {
  if (typeof input === 'function') {
    if (interval?.length !== 2 || !(interval[0] < interval[1])) {
      throw new PlotError(`a function needs an interval [a, b] with a < b, e.g. plot(f, [-2, 2]); got ${JSON.stringify(interval)}.`);
    }
    const [a, b] = interval;
    const points: [number, number][] = [];
    for (let k = 0; k < samples; k++) {
      const xv = a + ((b - a) * k) / (samples - 1);
      points.push([xv, toNumber(input(xv), input.name)]);
    }
    return { points, label: input.name || `f${i + 1}` };
  }
  const series: Series = isSeries(input) ? input : { y: input };
  const yv = numbers(series.y, 'y');
  const xv = series.x === undefined ? yv.map((_, k) => k) : numbers(series.x, 'x');
  if (xv.length !== yv.length) throw new PlotError(`x has ${xv.length} values but y has ${yv.length}; they must match.`);
  return { points: xv.map((xk, k) => [xk, yv[k]]), label: series.label ?? `series ${i + 1}` };
}

function toNumber(value: number | Tensor, name: string): number {
  if (typeof value === 'number') return value;
  if (value instanceof Tensor && value.size === 1) return value.data[0];
  throw new PlotError(`the function ${name || ''} must return a number or a one-element tensor.`);
}

function numbers(values: ArrayLike<number> | Tensor, what: string): number[] {
  if (values instanceof Tensor) {
    if (values.ndim > 1) throw new PlotError(`${what} must be 1-D; got a tensor of shape [${values.shape.join(', ')}].`);
    return Array.from(values.data);
  }
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new PlotError(`${what} must be an array of numbers or a 1-D tensor.`);
  }
  return Array.from(values, Number);
}

function fmt(v: number): string {
  return String(Number(v.toPrecision(6)));
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}
