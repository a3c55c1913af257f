// Browser side of ::dual-sqrt: re-renders the table and the verdict when x or the number
// of iterations changes; both are kept in the URL (?s.x=…&s.n=…).
import type { Mount } from '../types.ts';
import { X_MAX, X_MIN, renderTable, renderVerdict } from './render.ts';
import type { spec } from './spec.ts';

export const mount: Mount<typeof spec> = (root, attrs) => {
  const x = root.querySelector<HTMLInputElement>('input[name="x"]')!;
  const n = root.querySelector<HTMLInputElement>('input[name="iterations"]')!;
  const part = (name: string) => root.querySelector<HTMLElement>(`[data-part="${name}"]`)!;
  const all = [...document.querySelectorAll('figure[data-widget="dual-sqrt"]')];
  const index = all.findIndex((figure) => figure.contains(root));
  const prefix = index > 0 ? `s${index + 1}.` : 's.';
  const params = new URLSearchParams(location.search);
  const fromUrl = Number(params.get(`${prefix}x`));
  const nFromUrl = Number(params.get(`${prefix}n`));
  x.value = String(params.has(`${prefix}x`) && fromUrl >= X_MIN && fromUrl <= X_MAX ? fromUrl : attrs.x);
  n.value = String(Number.isInteger(nFromUrl) && nFromUrl >= 1 && nFromUrl <= 12 ? nFromUrl : attrs.iterations);

  const update = () => {
    const value = Number(x.value);
    const error = part('error');
    if (x.value.trim() === '' || !Number.isFinite(value) || value < X_MIN || value > X_MAX) {
      x.setAttribute('aria-invalid', 'true');
      error.hidden = false;
      error.textContent = `x must be a number from ${X_MIN} to ${X_MAX}.`;
      return;
    }
    x.removeAttribute('aria-invalid');
    error.hidden = true;
    const iterations = Number(n.value);
    part('n').textContent = String(iterations);
    part('table').querySelector('table')!.outerHTML = renderTable(value, iterations);
    part('verdict').innerHTML = renderVerdict(value, iterations);
    const url = new URL(location.href);
    url.searchParams.set(`${prefix}x`, String(value));
    url.searchParams.set(`${prefix}n`, String(iterations));
    history.replaceState(history.state, '', `${url.pathname}?${url.searchParams}${url.hash}`);
  };
  for (const input of [x, n]) {
    input.disabled = false;
    input.addEventListener('input', update);
  }
  if (params.has(`${prefix}x`) || params.has(`${prefix}n`)) update();
  return () => {
    for (const input of [x, n]) input.removeEventListener('input', update);
  };
};
