// W1, b1, W2, b2 and their gradients as colour cells (orange negative, blue positive,
// stronger = larger |value|). Each parameter matrix is one tab stop; arrow keys move
// within it, and hovering or focusing a cell reads out the value and its gradient.
import type { Gradients } from '../gradcheck.ts';
import { PARAM_NAMES, paramShape, type ParamName, type Params } from '../model.ts';
import { diverging, type Palette } from './colours.ts';

export interface WeightsView {
  update(params: Params, grads: Gradients | null, palette: Palette): void;
  destroy(): void;
}

const fmt = (v: number) => (Number.isFinite(v) ? (Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(2)) : String(v));

export function createWeightsView(container: HTMLElement, readout: HTMLElement, h: number): WeightsView {
  container.textContent = '';
  const cells: Record<string, HTMLElement[]> = {};
  let params: Params | null = null;
  let grads: Gradients | null = null;
  let focused: { name: ParamName; index: number } | null = null;

  const group = (title: string, prefix: string, focusable: boolean) => {
    const heading = document.createElement('p');
    heading.textContent = title;
    heading.style.margin = '0';
    heading.style.fontWeight = '600';
    const wrap = document.createElement('div');
    wrap.className = 'nnp-mats';
    wrap.setAttribute('role', 'group');
    wrap.setAttribute('aria-label', title);
    for (const name of PARAM_NAMES) {
      const [rows, cols] = paramShape(name, h);
      const box = document.createElement('div');
      box.className = 'nnp-mat-wrap';
      const label = document.createElement('span');
      label.textContent = `${prefix}${name} ${rows}×${cols}`;
      const grid = document.createElement('div');
      grid.className = 'nnp-mat';
      grid.style.gridTemplateColumns = `repeat(${cols}, 0.95rem)`;
      const list: HTMLElement[] = [];
      for (let i = 0; i < rows * cols; i++) {
        const cell = document.createElement('span');
        cell.className = 'nnp-cell';
        cell.dataset.name = name;
        cell.dataset.index = String(i);
        if (focusable) {
          cell.tabIndex = i === 0 ? 0 : -1;
          cell.setAttribute('role', 'button');
          cell.setAttribute('aria-label', `${name}[${Math.floor(i / cols)},${i % cols}]`);
        }
        list.push(cell);
        grid.append(cell);
      }
      cells[prefix + name] = list;
      box.append(label, grid);
      wrap.append(box);
    }
    container.append(heading, wrap);
  };
  group('Parameters', '', true);
  group('Gradients ∂L/∂· on the training set', 'd', false);

  const show = (name: ParamName, index: number) => {
    if (!params) return;
    const cols = paramShape(name, h)[1];
    const at = `[${Math.floor(index / cols)},${index % cols}]`;
    const g = grads ? fmt(grads[name][index]) : '–';
    readout.textContent = `${name}${at} = ${fmt(params[name][index])}    ∂L/∂${name}${at} = ${g}`;
  };
  const target = (e: Event) => {
    const el = (e.target as HTMLElement).closest<HTMLElement>('.nnp-cell');
    return el?.dataset.name ? { el, name: el.dataset.name as ParamName, index: Number(el.dataset.index) } : null;
  };
  const onOver = (e: Event) => {
    const t = target(e);
    if (t) show(t.name, t.index);
  };
  const onFocus = (e: Event) => {
    const t = target(e);
    if (!t || !cells[t.name].includes(t.el)) return;
    focused = { name: t.name, index: t.index };
    for (const c of cells[t.name]) c.tabIndex = c === t.el ? 0 : -1;
    show(t.name, t.index);
  };
  const onKey = (e: KeyboardEvent) => {
    const t = target(e);
    if (!t || !cells[t.name].includes(t.el)) return;
    const [rows, cols] = paramShape(t.name, h);
    let r = Math.floor(t.index / cols);
    let c = t.index % cols;
    if (e.key === 'ArrowLeft') c = Math.max(0, c - 1);
    else if (e.key === 'ArrowRight') c = Math.min(cols - 1, c + 1);
    else if (e.key === 'ArrowUp') r = Math.max(0, r - 1);
    else if (e.key === 'ArrowDown') r = Math.min(rows - 1, r + 1);
    else if (e.key === 'Home') c = 0;
    else if (e.key === 'End') c = cols - 1;
    else return;
    e.preventDefault();
    cells[t.name][r * cols + c].focus();
  };
  container.addEventListener('pointerover', onOver);
  container.addEventListener('focusin', onFocus);
  container.addEventListener('keydown', onKey);

  return {
    update(p, g, palette) {
      params = p;
      grads = g;
      let ps = 0;
      let gs = 0;
      for (const name of PARAM_NAMES) {
        for (const v of p[name]) if (Number.isFinite(v)) ps = Math.max(ps, Math.abs(v));
        if (g) for (const v of g[name]) if (Number.isFinite(v)) gs = Math.max(gs, Math.abs(v));
      }
      for (const name of PARAM_NAMES) {
        cells[name].forEach((cell, i) => (cell.style.background = diverging(palette, p[name][i], ps)));
        cells['d' + name].forEach((cell, i) => (cell.style.background = g ? diverging(palette, g[name][i], gs) : ''));
      }
      if (focused) show(focused.name, focused.index);
    },
    destroy() {
      container.removeEventListener('pointerover', onOver);
      container.removeEventListener('focusin', onFocus);
      container.removeEventListener('keydown', onKey);
    },
  };
}
