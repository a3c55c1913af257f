// W1, b1, W2, b2 and their gradients as colour cells (orange negative, blue positive,
// stronger = larger |value|). Column j is hidden unit j: its two input weights (the rows
// of W1), its bias, and its output weight (W2 is h × 1, drawn transposed). The parameter
// grid is one tab stop; arrow keys move, and hovering or focusing a cell reads out its
// value and its gradient.
import type { Gradients } from '../gradcheck.ts';
import type { ParamName, Params } from '../model.ts';
import { diverging, type Palette } from './colours.ts';

export interface WeightsView {
  update(params: Params, grads: Gradients | null, palette: Palette): void;
  destroy(): void;
}

interface Row {
  label: string;
  name: ParamName;
  /** index into the parameter's data for hidden unit j */
  index: (j: number) => number;
  /** how the entry is written, e.g. W1[1,3] */
  at: (j: number) => string;
  cols: number;
}

const fmt = (v: number) => (Number.isFinite(v) ? (Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(2)) : String(v));

function rows(h: number): Row[] {
  return [
    { label: 'W1 row 0', name: 'W1', index: (j) => j, at: (j) => `[0,${j}]`, cols: h },
    { label: 'W1 row 1', name: 'W1', index: (j) => h + j, at: (j) => `[1,${j}]`, cols: h },
    { label: 'b1', name: 'b1', index: (j) => j, at: (j) => `[0,${j}]`, cols: h },
    { label: 'W2ᵀ', name: 'W2', index: (j) => j, at: (j) => `[${j},0]`, cols: h },
    { label: 'b2', name: 'b2', index: () => 0, at: () => '[0,0]', cols: 1 },
  ];
}

export function createWeightsView(container: HTMLElement, readout: HTMLElement, h: number): WeightsView {
  container.textContent = '';
  const layout = rows(h);
  const grids: Record<'p' | 'g', HTMLElement[][]> = { p: [], g: [] };
  let params: Params | null = null;
  let grads: Gradients | null = null;
  let focused: [number, number] | null = null;

  const build = (kind: 'p' | 'g', title: string) => {
    const heading = document.createElement('p');
    heading.className = 'nnp-mat-title';
    heading.textContent = title;
    const grid = document.createElement('div');
    grid.className = 'nnp-mat';
    grid.style.gridTemplateColumns = `auto repeat(${h}, minmax(0, 1.1rem))`;
    grid.setAttribute('role', 'group');
    grid.setAttribute('aria-label', kind === 'p' ? 'Parameters: column j is hidden unit j; arrow keys move' : 'Gradients');
    if (kind === 'g') grid.setAttribute('aria-hidden', 'true'); // read out with the parameter
    layout.forEach((row, r) => {
      const label = document.createElement('span');
      label.className = 'nnp-mat-label';
      label.textContent = kind === 'p' ? row.label : `∂${row.label}`;
      grid.append(label);
      const cells: HTMLElement[] = [];
      for (let j = 0; j < row.cols; j++) {
        const cell = document.createElement('span');
        cell.className = 'nnp-cell';
        cell.dataset.r = String(r);
        cell.dataset.j = String(j);
        if (kind === 'p') {
          cell.tabIndex = r === 0 && j === 0 ? 0 : -1;
          cell.setAttribute('role', 'img'); // its value is announced by the live readout
          cell.setAttribute('aria-label', `${row.name}${row.at(j)}`);
        }
        cells.push(cell);
        grid.append(cell);
      }
      grids[kind].push(cells);
      for (let j = row.cols; j < h; j++) grid.append(document.createElement('span'));
    });
    container.append(heading, grid);
  };
  build('p', 'Parameters (column j = hidden unit j)');
  build('g', 'Their gradients ∂L/∂· on the training set');

  const show = (r: number, j: number) => {
    if (!params) return;
    const row = layout[r];
    const i = row.index(j);
    const at = row.name + row.at(j);
    readout.textContent = `${at} = ${fmt(params[row.name][i])}    ∂L/∂${at} = ${grads ? fmt(grads[row.name][i]) : '–'}`;
  };
  const cellOf = (e: Event) => {
    const el = (e.target as HTMLElement).closest<HTMLElement>('.nnp-cell');
    return el?.dataset.r ? { el, r: Number(el.dataset.r), j: Number(el.dataset.j) } : null;
  };
  const onOver = (e: Event) => {
    const c = cellOf(e);
    if (c) show(c.r, c.j);
  };
  const onFocus = (e: Event) => {
    const c = cellOf(e);
    if (!c) return;
    focused = [c.r, c.j];
    for (const cells of grids.p) for (const cell of cells) cell.tabIndex = cell === c.el ? 0 : -1;
    show(c.r, c.j);
  };
  const onKey = (e: KeyboardEvent) => {
    const c = cellOf(e);
    if (!c || !grids.p[c.r].includes(c.el)) return;
    let { r, j } = c;
    if (e.key === 'ArrowLeft') j--;
    else if (e.key === 'ArrowRight') j++;
    else if (e.key === 'ArrowUp') r--;
    else if (e.key === 'ArrowDown') r++;
    else if (e.key === 'Home') j = 0;
    else if (e.key === 'End') j = h - 1;
    else return;
    e.preventDefault();
    r = Math.max(0, Math.min(layout.length - 1, r));
    j = Math.max(0, Math.min(layout[r].cols - 1, j));
    grids.p[r][j].focus();
  };
  container.addEventListener('pointerover', onOver);
  container.addEventListener('focusin', onFocus);
  container.addEventListener('keydown', onKey);

  return {
    update(p, g, palette) {
      params = p;
      grads = g;
      const scale = (src: Params | Gradients) => {
        let s = 0;
        for (const row of layout)
          for (let j = 0; j < row.cols; j++) {
            const v = src[row.name][row.index(j)];
            if (Number.isFinite(v)) s = Math.max(s, Math.abs(v));
          }
        return s;
      };
      const ps = scale(p);
      const gs = g ? scale(g) : 0;
      layout.forEach((row, r) => {
        for (let j = 0; j < row.cols; j++) {
          const i = row.index(j);
          grids.p[r][j].style.background = diverging(palette, p[row.name][i], ps);
          grids.g[r][j].style.background = g ? diverging(palette, g[row.name][i], gs) : '';
        }
      });
      if (focused) show(focused[0], focused[1]);
    },
    destroy() {
      container.removeEventListener('pointerover', onOver);
      container.removeEventListener('focusin', onFocus);
      container.removeEventListener('keydown', onKey);
    },
  };
}
