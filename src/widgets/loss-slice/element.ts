// Browser side of loss-slice: the selects, the seed and "Another slice" re-slice the loss,
// and the state is kept in the page URL (slice.activation, slice.slice, slice.seed).
import { readValues } from '../attributes.ts';
import type { AttrsOf, Mount } from '../types.ts';
import { type Activation, type Slice, lossSlice } from './core.ts';
import { renderHeatmap, verdict } from './render.ts';
import { spec } from './spec.ts';

function prefixFor(root: HTMLElement): string {
  const all = [...document.querySelectorAll('figure[data-widget="loss-slice"]')];
  const index = all.findIndex((figure) => figure.contains(root));
  return index > 0 ? `slice${index + 1}.` : 'slice.';
}

export const mount: Mount<typeof spec> = (root, attrs) => {
  const part = (name: string) => root.querySelector<HTMLElement>(`[data-part="${name}"]`)!;
  const control = <T extends HTMLElement>(name: string) => root.querySelector<T>(`[name="${name}"]`)!;
  const activation = control<HTMLSelectElement>('activation');
  const kind = control<HTMLSelectElement>('slice');
  const seed = control<HTMLInputElement>('seed');
  const again = control<HTMLButtonElement>('reslice');
  const prefix = prefixFor(root);
  const params = new URLSearchParams(location.search);
  let state: AttrsOf<typeof spec> = readValues(spec.attributes, attrs, (name) => params.get(prefix + name));

  const update = (write: boolean) => {
    activation.value = state.activation;
    kind.value = state.slice;
    seed.value = String(state.seed);
    const result = lossSlice(state.activation, state.slice, state.seed);
    part('plot').innerHTML = renderHeatmap(result);
    part('verdict').textContent = verdict(result);
    if (!write) return;
    const url = new URL(location.href);
    for (const [name, value] of Object.entries(state)) url.searchParams.set(prefix + name, String(value));
    history.replaceState(history.state, '', `${url.pathname}?${url.searchParams}${url.hash}`);
  };
  const onChange = () => {
    const n = Math.round(Number(seed.value));
    state = {
      activation: activation.value as Activation,
      slice: kind.value as Slice,
      seed: Number.isFinite(n) ? Math.min(999, Math.max(1, n)) : state.seed,
    };
    update(true);
  };
  const onAgain = () => {
    state = { ...state, seed: (state.seed % 999) + 1 };
    update(true);
  };
  for (const element of [activation, kind, seed]) element.addEventListener('change', onChange);
  again.addEventListener('click', onAgain);
  for (const element of [activation, kind, seed, again]) element.disabled = false;
  update(false);
  return () => {
    for (const element of [activation, kind, seed]) element.removeEventListener('change', onChange);
    again.removeEventListener('click', onAgain);
  };
};
