// Browser side of every widget: find its figures, and when one comes within ~300 px of the
// viewport, import the widget's element.ts (a separate chunk, fetched once) and mount it on
// the figure's static HTML with the attributes the build validated (data-attrs). The static
// HTML is already a complete first frame, so the upgrade waits for an idle moment rather
// than compete with the page's loading, and the mount runs in a task of its own.
import { fitAsides } from './aside-fit.ts';
import { nextTask, whenIdle } from './next-task.ts';
import type { AttrTable } from './attributes.ts';
import type { Mount, WidgetSpec } from './types.ts';

/** A widget's element.ts, imported on demand: `() => import('./element.ts')`. */
export type Load = () => Promise<unknown>;

/** `data-widget-state` on each figure: static → loading → live, or error. */
type State = 'static' | 'loading' | 'live' | 'error';

const cleanups: Array<() => void> = [];

/**
 * Mount every `figure[data-widget=name]` on the page as it nears the viewport.
 * @example lazyMount('grad-check', () => import('./element.ts'))
 */
export function lazyMount(name: string, load: Load): void {
  const figures = [...document.querySelectorAll<HTMLElement>(`figure[data-widget="${name}"]`)];
  if (figures.length === 0) return;
  fitAsides();
  const start = (figure: HTMLElement) => whenIdle(() => void mountOne(figure, name, load));
  if (!('IntersectionObserver' in window)) {
    for (const figure of figures) start(figure);
    return;
  }
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer.unobserve(entry.target);
        if (entry.target instanceof HTMLElement) start(entry.target);
      }
    },
    { rootMargin: '300px 0px' },
  );
  for (const figure of figures) observer.observe(figure);
}

function isElementModule(module: unknown): module is { mount: Mount<WidgetSpec<AttrTable>> } {
  return typeof module === 'object' && module !== null && 'mount' in module && typeof module.mount === 'function';
}

async function mountOne(figure: HTMLElement, name: string, load: Load): Promise<void> {
  const setState = (state: State) => figure.setAttribute('data-widget-state', state);
  const root = figure.querySelector<HTMLElement>(':scope > .widget__body') ?? figure;
  setState('loading');
  try {
    const module = await load();
    if (!isElementModule(module)) throw new Error(`${name}/element.ts does not export mount()`);
    // Evaluating the chunk was a task's work already.
    await nextTask();
    // The build wrote data-attrs from the widget's own table: every attribute, validated.
    cleanups.push(await module.mount(root, JSON.parse(figure.dataset.attrs ?? '{}')));
    setState('live');
  } catch (error) {
    setState('error');
    // The static HTML stays; say why it will not move, and keep the details for developers.
    const note = document.createElement('p');
    note.className = 'widget__error';
    note.setAttribute('role', 'alert');
    note.textContent = `This interactive figure could not start (${error instanceof Error ? error.message : String(error)}). What you see is its static version.`;
    figure.append(note);
    console.error(`[widget ${name}]`, error);
  }
}

// Stop animation loops and listeners when the page goes away (and comes back from bfcache fresh).
addEventListener('pagehide', (event) => {
  if (event.persisted) return;
  for (const cleanup of cleanups.splice(0)) cleanup();
});
