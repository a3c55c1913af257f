// HTML for ::dual-sqrt: the controls, the table of iterates (t, ε-part, and their errors
// against √x and 1/(2√x)) and a one-line verdict. Pure: build time and browser share it.
import { escapeHtml } from '../html.ts';
import { iterates } from './core.ts';

export const X_MIN = 0.01;
export const X_MAX = 10000;

const num = (v: number) => (v === 0 ? '0' : String(Number(v.toPrecision(12))).replace('-', '−'));
const err = (e: number) =>
  e === 0
    ? '0'
    : e
        .toExponential(1)
        .replace('-', '−')
        .replace('e+0', '')
        .replace(/e(−?)0?(\d+)/, '×10^$1$2');
/** 2.3×10^−5 → 2.3×10<sup>−5</sup> */
const errHtml = (e: number) => escapeHtml(err(e)).replace(/\^(−?\d+)/, '<sup>$1</sup>');

export function renderTable(x: number, n: number): string {
  const rows = iterates(x, n)
    .map(
      (it) =>
        `<tr><th scope="row">${it.k}</th><td>${num(it.t)}</td><td>${num(it.dt)}</td>` +
        `<td>${errHtml(it.error)}</td><td>${errHtml(it.dError)}</td></tr>`,
    )
    .join('');
  return (
    `<table class="dsq-table"><caption>t ← (t + x/t)/2 from t = 1, on x + 1·ε with x = ${num(x)}: √x = ${num(Math.sqrt(x))}, 1/(2√x) = ${num(1 / (2 * Math.sqrt(x)))}</caption>` +
    `<thead><tr><th scope="col">k</th><th scope="col">t (primal part)</th><th scope="col">ε-part, dt/dx</th>` +
    `<th scope="col">|t − √x|</th><th scope="col">|ε-part − 1/(2√x)|</th></tr></thead><tbody>${rows}</tbody></table>`
  );
}

export function renderVerdict(x: number, n: number): string {
  const last = iterates(x, n).at(-1)!;
  return escapeHtml(
    `After ${n} iteration${n > 1 ? 's' : ''}: t = ${num(last.t)} (error ${err(last.error)}) and its ε-part ${num(last.dt)} (error ${err(last.dError)}). Forward mode differentiated the loop itself; no formula for the derivative was written.`,
  ).replace(/\^(−?\d+)/g, '<sup>$1</sup>');
}

export function renderDualSqrt(x: number, n: number, disabled: boolean): string {
  const off = disabled ? ' disabled' : '';
  return (
    `<div class="dsq">` +
    `<div class="dsq__controls">` +
    `<label><span>x</span><input type="number" name="x" min="${X_MIN}" max="${X_MAX}" step="any" value="${x}"${off}></label>` +
    `<label><span>iterations: <output data-part="n">${n}</output></span><input type="range" name="iterations" min="1" max="12" step="1" value="${n}"${off}></label>` +
    `<p class="dsq__error" data-part="error" hidden></p>` +
    `</div>` +
    `<div class="dsq__table" data-part="table">${renderTable(x, n)}</div>` +
    `<p class="dsq__verdict" data-part="verdict" aria-live="polite">${renderVerdict(x, n)}</p>` +
    `</div>`
  );
}
