// Browser side of grad-check: enables the static controls and re-renders the plot, the
// table and the verdict whenever the reader changes f, x or h.
import type { Mount } from '../types.ts';
import { check, formatValue, type FnId } from './core.ts';
import { autodiff } from './engine.ts';
import { formatStep, renderPlot, renderTable, renderVerdict } from './render.ts';
import type { spec } from './spec.ts';

// The attributes are already in the static HTML (selected option, slider values), so mount
// reads the controls rather than `attrs`: that also keeps values the browser restored.
export const mount: Mount<typeof spec> = (root) => {
  const part = (name: string) => root.querySelector<HTMLElement>(`[data-part="${name}"]`)!;
  const control = <T extends HTMLElement>(name: string) => root.querySelector<T>(`[name="${name}"]`)!;
  const fn = control<HTMLSelectElement>('fn');
  const x = control<HTMLInputElement>('x');
  const h = control<HTMLInputElement>('h');

  const update = () => {
    const result = check({ fn: fn.value as FnId, x: Number(x.value), h: 10 ** Number(h.value) }, autodiff);
    part('x').textContent = formatValue(result.x);
    part('h').textContent = formatStep(Number(h.value));
    h.setAttribute('aria-valuetext', `h = ${formatStep(Number(h.value))}`);
    part('plot').innerHTML = renderPlot(result);
    // Replace the <table> itself: the site may have wrapped it in a scroll box at build time.
    part('table').querySelector('table')!.outerHTML = renderTable(result);
    part('verdict').innerHTML = renderVerdict(result);
  };

  for (const element of [fn, x, h]) {
    element.disabled = false;
    element.addEventListener('input', update);
  }
  update();

  return () => {
    for (const element of [fn, x, h]) element.removeEventListener('input', update);
  };
};
