// Browser side of every widget: find its figures, and when one comes within ~300 px of the
// viewport, import the widget's element.ts (a separate chunk, fetched once) and mount it
// on the figure's static HTML with the attributes the build validated (data-attrs).
import type { MountWidget, WidgetAttrs } from './types.ts';

type Load = () => Promise<{ mount: MountWidget }>;

/** `data-widget-state` on each figure: static → loading → live, or error. */
type State = 'static' | 'loading' | 'live' | 'error';

const cleanups: Array<() => void> = [];

/**
 * Mount every `figure[data-widget=name]` on the page as it nears the viewport.
 * @example lazyMount('grad-check', () => import('./grad-check/element.ts'))
 */
export function lazyMount(name: string, load: Load): void {
  const figures = [...document.querySelectorAll<HTMLElement>(`figure[data-widget="${name}"]`)];
  if (figures.length === 0) return;
  const start = (figure: HTMLElement) => void mountOne(figure, name, load);
  if (!('IntersectionObserver' in window)) {
    figures.forEach(start);
    return;
  }
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer.unobserve(entry.target);
        start(entry.target as HTMLElement);
      }
    },
    { rootMargin: '300px 0px' },
  );
  figures.forEach((figure) => observer.observe(figure));
}

async function mountOne(figure: HTMLElement, name: string, load: Load): Promise<void> {
  const setState = (state: State) => figure.setAttribute('data-widget-state', state);
  const root = figure.querySelector<HTMLElement>(':scope > .widget__body') ?? figure;
  setState('loading');
  try {
    const attrs = JSON.parse(figure.dataset.attrs ?? '{}') as WidgetAttrs;
    const { mount } = await load();
    cleanups.push(mount(root, attrs));
    setState('live');
  } catch (error) {
    setState('error');
    // The static HTML stays; say why it will not move, and keep the details for developers.
    const note = document.createElement('p');
    note.className = 'widget__error';
    note.setAttribute('role', 'alert');
    note.textContent = `This interactive figure could not start (${(error as Error).message}). What you see is its static version.`;
    figure.append(note);
    console.error(`[widget ${name}]`, error);
  }
}

// Stop animation loops and listeners when the page goes away (and comes back from bfcache fresh).
addEventListener('pagehide', (event) => {
  if (event.persisted) return;
  for (const cleanup of cleanups.splice(0)) cleanup();
});
