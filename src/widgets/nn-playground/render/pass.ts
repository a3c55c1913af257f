// The "one backprop pass" view: every intermediate of the post's formulas, with its shape
// and its first few entries as numbers on chips coloured by sign and size (orange
// negative, blue positive), so the values can be read, not just seen.
import { PASS_ORDER, type Matrix, type Pass, type PassName } from '../formulas.ts';
import { PASS_VALUES } from '../markup.ts';
import { css, type Palette } from './colours.ts';

/** Two significant digits, or the exponent form for very small or large numbers. */
export function shortNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v).replace('Infinity', '∞');
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e4 ? String(+v.toPrecision(2)) : v.toExponential(1);
}

export function updatePass(panel: HTMLElement, pass: Pass, formulas: Record<PassName, string>, palette: Palette): void {
  for (const name of PASS_ORDER) {
    const formula = panel.querySelector<HTMLElement>(`[data-formula="${name}"]`);
    if (formula && formula.textContent !== formulas[name]) formula.textContent = formulas[name];
    const m: Matrix = pass[name];
    const shape = panel.querySelector<HTMLElement>(`[data-shape="${name}"]`);
    if (shape) shape.textContent = `${m.rows} × ${m.cols}`;
    const cell = panel.querySelector<HTMLElement>(`[data-vals="${name}"]`);
    if (!cell) continue;
    const n = Math.min(PASS_VALUES, m.data.length);
    while (cell.children.length < n) cell.append(document.createElement('span'));
    while (cell.children.length > n) cell.lastElementChild!.remove();
    let scale = 0;
    for (const v of m.data) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
    for (let i = 0; i < n; i++) {
      const chip = cell.children[i] as HTMLElement;
      const v = m.data[i];
      chip.textContent = shortNumber(v);
      // A light tint (at most 45 %), so the number on it keeps its contrast in both themes.
      const t = Number.isFinite(v) && scale > 0 ? Math.sqrt(Math.abs(v) / scale) : 0;
      chip.style.background = css(v < 0 ? palette.c0 : palette.c1, 0.06 + 0.39 * t);
    }
    cell.title = `largest |entry| of ${name}: ${shortNumber(scale)}`;
  }
}
