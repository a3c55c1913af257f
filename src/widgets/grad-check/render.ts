// grad-check's HTML, as strings: rendered at build time for the static first frame and
// again in the browser after each change, so both always look the same.
import { escapeHtml } from '../html.ts';
import { EXACT_TOLERANCE, FD_TOLERANCE, FN_IDS, FUNCTIONS, formatError, formatValue, type CheckResult } from './core.ts';

/** The x range of the slider and the plot. */
export const X_MIN = -3;
export const X_MAX = 3;
/** The finite-difference step is chosen as 10^k for k in this range. */
export const LOG_H_MIN = -12;
export const LOG_H_MAX = -1;

const W = 320;
const H = 180;
const PAD = 6;

/**
 * The labelled controls; `disabled` until the script has loaded and can act on them.
 * Controls sit inside their <label>, so several widgets on a page need no unique ids.
 */
export function renderControls(result: CheckResult, disabled: boolean): string {
  const off = disabled ? ' disabled' : '';
  const options = FN_IDS.map(
    (id) => `<option value="${id}"${id === result.fn ? ' selected' : ''}>${escapeHtml(FUNCTIONS[id].label)}</option>`,
  ).join('');
  const logH = Math.round(Math.log10(result.h));
  return (
    `<div class="grad-check__controls">` +
    `<label><span>Function</span><select name="fn"${off}>${options}</select></label>` +
    `<label><span>Point x = <output data-part="x">${formatValue(result.x)}</output></span>` +
    `<input name="x" type="range" min="${X_MIN}" max="${X_MAX}" step="0.01" value="${result.x}"${off}></label>` +
    `<label><span>Step h = <output data-part="h">${formatStep(logH)}</output></span>` +
    `<input name="h" type="range" min="${LOG_H_MIN}" max="${LOG_H_MAX}" step="1" value="${logH}" aria-valuetext="h = ${formatStep(logH)}"${off}></label>` +
    `</div>`
  );
}

export function formatStep(logH: number): string {
  return `10${superscript(logH)}`;
}

function superscript(n: number): string {
  const digits = '⁰¹²³⁴⁵⁶⁷⁸⁹';
  return (n < 0 ? '⁻' : '') + [...String(Math.abs(n))].map((d) => digits[Number(d)]).join('');
}

/** f on [X_MIN, X_MAX] with the tangent whose slope autodiff computed, as inline SVG. */
export function renderPlot(result: CheckResult): string {
  const fn = FUNCTIONS[result.fn];
  const samples = Array.from({ length: 129 }, (_, i) => X_MIN - 0.2 + ((X_MAX - X_MIN + 0.4) * i) / 128);
  const ys = samples.map(fn.f);
  let lo = Math.max(-4, Math.min(...ys));
  let hi = Math.min(6, Math.max(...ys));
  if (hi - lo < 2) [lo, hi] = [(lo + hi) / 2 - 1, (lo + hi) / 2 + 1];
  const margin = 0.12 * (hi - lo);
  [lo, hi] = [lo - margin, hi + margin];
  const sx = (x: number) => PAD + ((x - (X_MIN - 0.2)) / (X_MAX - X_MIN + 0.4)) * (W - 2 * PAD);
  // Clamp far outside the box so huge values (e³ = 20) do not make huge coordinates.
  const sy = (y: number) => {
    const t = (y - lo) / (hi - lo);
    return H - PAD - Math.min(2, Math.max(-1, t)) * (H - 2 * PAD);
  };
  const point = (x: number, y: number) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`;
  const curve = samples.map((x, i) => point(x, ys[i])).join(' ');
  const slope = result.autodiff;
  const [t0, t1] = [result.x - 1.5, result.x + 1.5];
  const tangent = `${point(t0, result.value + slope * (t0 - result.x))} ${point(t1, result.value + slope * (t1 - result.x))}`;
  const axes =
    (lo < 0 && hi > 0 ? `<line class="grad-check__axis" x1="0" x2="${W}" y1="${sy(0).toFixed(1)}" y2="${sy(0).toFixed(1)}"/>` : '') +
    `<line class="grad-check__axis" x1="${sx(0).toFixed(1)}" x2="${sx(0).toFixed(1)}" y1="0" y2="${H}"/>`;
  // x ticks along the bottom; 0 sits just right of the y axis so the line does not cross it.
  const ticks = [
    [X_MIN, sx(X_MIN) + 2, 'start'],
    [0, sx(0) + 3, 'start'],
    [X_MAX, sx(X_MAX) - 2, 'end'],
  ]
    .map(
      ([x, at, anchor]) =>
        `<text class="grad-check__tick" x="${(at as number).toFixed(1)}" y="${H - 2}" text-anchor="${anchor}">${formatValue(x as number)}</text>`,
    )
    .join('');
  const label = `Graph of f(x) = ${fn.label} for x from ${X_MIN} to ${X_MAX}, with its tangent at x = ${formatValue(result.x)}, slope ${formatValue(slope)}.`;
  return (
    `<svg class="grad-check__plot" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(label)}">` +
    axes +
    ticks +
    `<polyline class="grad-check__curve" points="${curve}"/>` +
    `<polyline class="grad-check__tangent" points="${tangent}"/>` +
    `<circle class="grad-check__point" cx="${sx(result.x).toFixed(1)}" cy="${sy(result.value).toFixed(1)}" r="4"/>` +
    `</svg>`
  );
}

/** The three derivatives and how far each is from the hand-derived one. */
export function renderTable(result: CheckResult): string {
  const fn = FUNCTIONS[result.fn];
  const row = (method: string, how: string, value: number, error: string) =>
    `<tr><th scope="row">${method}<span class="grad-check__how">${how}</span></th>` +
    `<td class="grad-check__num">${formatValue(value)}</td><td class="grad-check__num">${error}</td></tr>`;
  return (
    `<table class="grad-check__table">` +
    `<caption>f′(x) three ways for f(x) = ${escapeHtml(fn.label)} at x = ${formatValue(result.x)}</caption>` +
    `<thead><tr><th scope="col">Method</th><th scope="col">f′(x)</th><th scope="col">Error <span class="grad-check__how">vs the formula; relative, or absolute when |f′| &lt; 1</span></th></tr></thead>` +
    `<tbody>` +
    row('By hand', `f′(x) = ${escapeHtml(fn.formula)}`, result.formula, '—') +
    row('Autodiff', 'reverse mode, the site’s engine', result.autodiff, formatError(result.errors.autodiffVsFormula)) +
    row('Finite difference', `(f(x + h) − f(x − h)) / 2h`, result.finiteDifference, formatError(result.errors.finiteVsFormula)) +
    `</tbody></table>`
  );
}

/** One sentence saying whether the three agree, and why they might not. */
export function renderVerdict(result: CheckResult): string {
  if (result.kinkNote) return escapeHtml(result.kinkNote);
  if (result.agree) {
    const ad = result.errors.autodiffVsFormula;
    const exactly = ad === 0 ? 'exactly' : `up to rounding (${formatError(ad)})`;
    return `They agree: autodiff matches the formula ${exactly}; the finite difference is off by ${formatError(result.errors.finiteVsFormula)}, as expected for this h.`;
  }
  if (result.errors.autodiffVsFormula > EXACT_TOLERANCE) {
    return `Autodiff and the formula disagree (${formatError(result.errors.autodiffVsFormula)}): one of them is wrong.`;
  }
  const tooBig = result.h > 1e-5;
  return (
    `The finite difference is off by ${formatError(result.errors.finiteVsFormula)}, more than ${formatError(FD_TOLERANCE)}: ` +
    (tooBig
      ? 'h is so large that the curve bends within the step (truncation error ~ h²).'
      : 'h is so small that rounding in f(x + h) − f(x − h) dominates (error ~ 10⁻¹⁶ / h).')
  );
}
