// Browser side of kink: the function select, the x slider (arrow keys), dragging on the plot,
// the reader's own formula, and the state in the page URL (replaced, never pushed).
import { formatValue, readValues } from '../attributes.ts';
import type { Mount } from '../types.ts';
import { DEFAULT_EXPRESSION, FUNCTIONS, type FnId, formatNumber, snap } from './core.ts';
import { renderPlot, renderTable, renderVerdict, xAtPlot } from './render.ts';
import { type KinkAttrs, inputFrom, spec } from './spec.ts';
import { viewOf } from './view.ts';

/** URL params of the first kink on a page are kink.fn, kink.x, kink.f; the second's kink2.…, and so on. */
function prefixFor(root: HTMLElement): string {
  const all = [...document.querySelectorAll('figure[data-widget="kink"]')];
  const index = all.findIndex((figure) => figure.contains(root));
  return index > 0 ? `kink${index + 1}.` : 'kink.';
}

export const mount: Mount<typeof spec> = (root, attrs) => {
  const part = (name: string) => root.querySelector<HTMLElement>(`[data-part="${name}"]`)!;
  const control = <T extends HTMLElement>(name: string) => root.querySelector<T>(`[name="${name}"]`)!;
  const fnSelect = control<HTMLSelectElement>('fn');
  const xInput = control<HTMLInputElement>('x');
  const exprInput = control<HTMLInputElement>('expression');
  const exprLabel = root.querySelector<HTMLElement>('.kink__expression')!;
  const error = part('error');
  const body = root.querySelector<HTMLElement>('.kink')!;
  const prefix = prefixFor(root);

  // The link's state over the author's: values that do not parse are ignored (the figure keeps the author's).
  const params = new URLSearchParams(location.search);
  const start: KinkAttrs = inputFrom(readValues(spec.attributes, inputFrom(attrs), (name) => params.get(prefix + name)));
  let state = { ...start, expression: params.get(`${prefix}f`) ?? DEFAULT_EXPRESSION };

  const writeUrl = () => {
    const url = new URL(location.href);
    url.searchParams.set(`${prefix}fn`, state.fn);
    url.searchParams.set(`${prefix}x`, formatValue(state.x));
    if (state.fn === 'expression') url.searchParams.set(`${prefix}f`, state.expression);
    else url.searchParams.delete(`${prefix}f`);
    const next = `${url.pathname}?${url.searchParams}${url.hash}`;
    if (next !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(history.state, '', next);
  };

  const update = (write: boolean) => {
    fnSelect.value = state.fn;
    xInput.value = String(state.x);
    exprInput.value = state.expression;
    exprLabel.hidden = state.fn !== 'expression';
    part('x').textContent = formatNumber(state.x);
    xInput.setAttribute('aria-valuetext', `x = ${formatNumber(state.x)}`);
    const view = viewOf(state.fn, state.x, state.expression);
    if ('error' in view) {
      // Keep the last good figure; say what is wrong and where, and mark the field.
      error.textContent = `f(x): ${view.error.message}`;
      error.hidden = false;
      exprInput.setAttribute('aria-invalid', 'true');
      exprInput.setSelectionRange?.(view.error.column - 1, view.error.column - 1 + view.error.length);
      return;
    }
    error.hidden = true;
    exprInput.removeAttribute('aria-invalid');
    part('plot').innerHTML = renderPlot(view);
    part('verdict').innerHTML = renderVerdict(view);
    // Replace the <table> itself: the site may have wrapped it in a scroll box at build time.
    part('table').querySelector('table')!.outerHTML = renderTable(view);
    if (write) writeUrl();
  };

  const setX = (x: number) => {
    const next = snap(x);
    if (next === state.x) return;
    state = { ...state, x: next };
    update(true);
  };

  const onFn = () => {
    const fn = fnSelect.value as FnId;
    // A new function starts at its kink (hardtanh's is at 1, not 0); a typed formula keeps x.
    state = { ...state, fn, x: fn === 'expression' ? state.x : FUNCTIONS[fn].kink };
    update(true);
  };
  const onX = () => setX(Number(xInput.value));
  const onExpression = () => {
    state = { ...state, expression: exprInput.value };
    update(true);
  };
  // Dragging anywhere on the plot moves the point to the x under the pointer.
  let dragging = false;
  const plotX = (event: PointerEvent) => {
    const svg = part('plot').querySelector('svg');
    const matrix = svg?.getScreenCTM();
    if (!svg || !matrix) return;
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    setX(xAtPlot(point.x));
  };
  const onDown = (event: PointerEvent) => {
    if (event.button !== 0) return;
    dragging = true;
    body.setPointerCapture?.(event.pointerId);
    plotX(event);
  };
  const onMove = (event: PointerEvent) => {
    if (dragging) plotX(event);
  };
  const onUp = () => {
    dragging = false;
  };
  const onPointerDown = (event: PointerEvent) => {
    if ((event.target as Element).closest('[data-part="plot"]')) onDown(event);
  };

  // One signal removes every listener when the widget is torn down.
  const listening = new AbortController();
  const on = { signal: listening.signal };
  fnSelect.addEventListener('change', onFn, on);
  xInput.addEventListener('input', onX, on);
  exprInput.addEventListener('input', onExpression, on);
  body.addEventListener('pointerdown', onPointerDown, on);
  body.addEventListener('pointermove', onMove, on);
  body.addEventListener('pointerup', onUp, on);
  body.addEventListener('pointercancel', onUp, on);
  for (const element of [fnSelect, xInput, exprInput]) element.disabled = false;
  update(false);

  return () => listening.abort();
};
