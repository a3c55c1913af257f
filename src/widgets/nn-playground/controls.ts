// The settings form and the view tabs: read the controls into a State (validated through
// the field table), keep the printed values next to the sliders current, and implement the
// WAI-ARIA tabs pattern (arrow keys move between tabs, one tab stop).
import { nextSeed } from './seeds.ts';
import type { TabName } from './markup.ts';
import { FIELD_NAMES, FIELDS, type FieldName, parseField, type State } from './state.ts';

export interface Controls {
  enable(): void;
  destroy(): void;
}

const isField = (name: string): name is FieldName => Object.hasOwn(FIELDS, name);

let instances = 0;

export function bindControls(root: HTMLElement, initial: State, onChange: (next: State) => void): Controls {
  let state = { ...initial };
  const byName = (name: string) => root.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`);

  // The link may ask for settings the static HTML (the author's) does not show.
  for (const name of FIELD_NAMES) {
    const el = byName(name);
    if (!el) continue;
    const value = String(state[name]);
    if (el instanceof HTMLSelectElement && ![...el.options].some((o) => o.value === value)) el.add(new Option(value, value));
    el.value = value;
    showValue(root, name, value);
  }

  const onInput = (event: Event) => {
    const el = event.target as HTMLInputElement | HTMLSelectElement;
    const name = el.name;
    if (!isField(name)) return;
    // A typed seed commits on change (Enter or leaving the field), not on every digit.
    if (event.type === 'input' && el.type === 'number') return;
    const value = parseField(name, el.value);
    if (value === undefined) {
      el.value = String(state[name]);
      return;
    }
    if (value === state[name]) return;
    showValue(root, name, el.value);
    state = { ...state, [name]: value };
    onChange(state);
  };
  const onClick = (event: Event) => {
    if (!(event.target as HTMLElement).closest('[data-act="reseed"]')) return;
    const seed = nextSeed(state.seed, FIELDS.seed.max);
    byName('seed')!.value = String(seed);
    state = { ...state, seed };
    onChange(state);
  };
  root.addEventListener('input', onInput);
  root.addEventListener('change', onInput);
  root.addEventListener('click', onClick);
  return {
    enable() {
      for (const el of root.querySelectorAll<HTMLInputElement | HTMLSelectElement>('select[name], input[name]')) el.disabled = false;
    },
    destroy() {
      root.removeEventListener('input', onInput);
      root.removeEventListener('change', onInput);
      root.removeEventListener('click', onClick);
    },
  };
}

function showValue(root: HTMLElement, name: string, value: string) {
  const out = root.querySelector(`[data-out="${name}"]`);
  if (out) out.textContent = name === 'split' ? `${Math.round(Number(value) * 100)} %` : value;
}

export interface Tabs {
  current(): TabName;
  enable(): void;
}

export function setupTabs(root: HTMLElement, onSwitch: () => void): Tabs {
  const id = `nnp${++instances}`;
  const buttons = [...root.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
  const panel = (name: string) => root.querySelector<HTMLElement>(`[data-panel="${name}"]`)!;
  for (const b of buttons) {
    b.id = `${id}-tab-${b.dataset.tab}`;
    const p = panel(b.dataset.tab!);
    p.id = `${id}-panel-${b.dataset.tab}`;
    b.setAttribute('aria-controls', p.id);
    p.setAttribute('aria-labelledby', b.id);
  }
  let current = (buttons.find((b) => b.getAttribute('aria-selected') === 'true')?.dataset.tab ?? 'loss') as TabName;
  const select = (b: HTMLButtonElement, focus: boolean) => {
    for (const other of buttons) {
      const on = other === b;
      other.setAttribute('aria-selected', String(on));
      other.tabIndex = on ? 0 : -1;
      panel(other.dataset.tab!).hidden = !on;
    }
    current = b.dataset.tab as TabName;
    if (focus) b.focus();
    onSwitch();
  };
  for (const b of buttons) {
    b.addEventListener('click', () => select(b, false));
    b.addEventListener('keydown', (e) => {
      const i = buttons.indexOf(b);
      const to =
        e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? buttons.length - 1 : null;
      if (to === null) return;
      e.preventDefault();
      select(buttons[(to + buttons.length) % buttons.length], true);
    });
  }
  return {
    current: () => current,
    enable() {
      for (const b of buttons) b.disabled = false;
    },
  };
}
