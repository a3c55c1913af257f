// The search dialog: a native <dialog> (modal, focus kept inside, Esc closes, focus goes back
// to the button) with a search field and a list of results from Pagefind's JavaScript API.
// Loaded on the first open (search-open.ts); Pagefind's own library and index are fetched from
// <base>pagefind/ only then too. Keys: ↓/↑ move between the field and the results, Enter
// in the field opens the first result.
import css from './search.css?inline';

/** The part of Pagefind's browser API used here (pagefind.js, https://pagefind.app/docs/api/). */
interface Pagefind {
  options(options: { baseUrl?: string; excerptLength?: number }): Promise<void>;
  init(): Promise<void>;
  debouncedSearch(query: string, options?: object, debounceMs?: number): Promise<{ results: PagefindResult[] } | null>;
}
interface PagefindResult {
  id: string;
  data(): Promise<PagefindData>;
}
interface PagefindData {
  url: string;
  excerpt: string;
  meta: { title?: string };
  sub_results: Array<{ title: string; url: string; excerpt: string }>;
}

const PAGE = 8;

/** Pagefind's excerpt (escaped text with <mark> around hits) as DOM nodes: text and <mark> only. */
export function excerptNodes(html: string): Node[] {
  const template = document.createElement('template');
  template.innerHTML = html; // inert: nothing in a template runs or loads
  return [...template.content.childNodes].map((node) => {
    if (node.nodeName !== 'MARK') return document.createTextNode(node.textContent ?? '');
    const mark = document.createElement('mark');
    mark.textContent = node.textContent;
    return mark;
  });
}

/** A new element with properties set (`className`, `type`, …) and children appended. */
function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, unknown> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  Object.assign(el, props);
  el.append(...children);
  return el;
}

function markup(): {
  dialog: HTMLDialogElement;
  input: HTMLInputElement;
  status: HTMLElement;
  list: HTMLOListElement;
  more: HTMLButtonElement;
} {
  const input = element('input', {
    id: 'search-input',
    type: 'search',
    placeholder: 'Search posts, formulas, figures',
    autocomplete: 'off',
    spellcheck: false,
    autofocus: true,
    className: 'search__input',
  });
  input.setAttribute('aria-controls', 'search-results');
  input.setAttribute('aria-describedby', 'search-status');
  input.enterKeyHint = 'go';
  const label = element('label', { htmlFor: 'search-input', className: 'sr-only' }, 'Search the site');
  const close = element('button', { type: 'button', className: 'search__close', title: 'Close (Esc)' }, 'Esc');
  close.setAttribute('aria-label', 'Esc: close search');
  const form = element('form', { className: 'search__form', role: 'search' }, label, input, close);
  const status = element('p', { id: 'search-status', className: 'search__status', role: 'status' });
  const list = element('ol', { id: 'search-results', className: 'search__results' });
  list.setAttribute('aria-label', 'Results');
  const more = element('button', { type: 'button', className: 'search__more', hidden: true }, 'More results');
  const hint = element('p', { className: 'search__hint' }, '↑ ↓ move · Enter opens · Esc closes');
  hint.setAttribute('aria-hidden', 'true');
  const dialog = element(
    'dialog',
    { className: 'search', id: 'search-dialog' },
    element('div', { className: 'search__panel' }, form, status, list, more, hint),
  );
  dialog.setAttribute('aria-label', 'Search');
  close.addEventListener('click', () => dialog.close());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    list.querySelector('a')?.click();
  });
  return { dialog, input, status, list, more };
}

function resultItem(data: PagefindData): HTMLLIElement {
  const title = data.meta.title ?? data.url;
  const link = element('a', { href: data.url, className: 'search__result' }, element('span', { className: 'search__title' }, title));
  link.append(element('span', { className: 'search__excerpt' }, ...excerptNodes(data.excerpt)));
  const item = element('li', {}, link);
  // Sections of the page that match (Pagefind splits a page at headings with ids), up to three.
  const sections = data.sub_results.filter((sub) => sub.url !== data.url && sub.title !== title).slice(0, 3);
  if (sections.length > 0) {
    const nested = element('ul', { className: 'search__sections' });
    for (const sub of sections) {
      const a = element(
        'a',
        { href: sub.url, className: 'search__result search__result--section' },
        element('span', { className: 'search__title' }, sub.title),
      );
      a.append(element('span', { className: 'search__excerpt' }, ...excerptNodes(sub.excerpt)));
      nested.append(element('li', {}, a));
    }
    item.append(nested);
  }
  return item;
}

/** Build the dialog (once per page) and return what opens it. `base` is the site's base path, e.g. `/` or `/repo/`. */
export function createSearch(base: string): { open(): void } {
  document.head.append(element('style', { textContent: css }));
  const { dialog, input, status, list, more } = markup();
  document.body.append(dialog);

  let pagefind: Promise<Pagefind> | undefined;
  const load = (): Promise<Pagefind> => {
    pagefind ??= (async () => {
      const url = new URL(`${base}pagefind/pagefind.js`, location.href).href;
      const module = (await import(/* @vite-ignore */ url)) as Pagefind;
      await module.options({ baseUrl: base, excerptLength: 24 });
      await module.init();
      return module;
    })();
    pagefind.catch(() => {
      pagefind = undefined;
    });
    return pagefind;
  };

  let results: PagefindResult[] = [];
  let shown = 0;
  let generation = 0;

  const showMore = async (token: number) => {
    const next = await Promise.all(results.slice(shown, shown + PAGE).map((result) => result.data()));
    if (token !== generation) return;
    list.append(...next.map(resultItem));
    shown += next.length;
    more.hidden = shown >= results.length;
  };

  const search = async () => {
    const token = ++generation;
    const query = input.value.trim();
    if (query === '') {
      list.replaceChildren();
      more.hidden = true;
      status.textContent = '';
      return;
    }
    let engine: Pagefind;
    try {
      engine = await load();
    } catch {
      if (token !== generation) return;
      status.textContent = import.meta.env.DEV
        ? 'Search works on the built site (npm run build, then npm start): the development server has no search index.'
        : 'Search could not load its index. Check the connection and try again.';
      return;
    }
    const found = await engine.debouncedSearch(query, {}, 120);
    if (found === null || token !== generation) return; // a newer keystroke took over
    results = found.results;
    shown = 0;
    list.replaceChildren();
    await showMore(token);
    if (token !== generation) return;
    status.textContent =
      results.length === 0
        ? `No results for “${query}”.`
        : `${results.length} ${results.length === 1 ? 'page matches' : 'pages match'} “${query}”.`;
  };

  input.addEventListener('input', () => void search());
  more.addEventListener('click', () => void showMore(generation));

  // ↓/↑ walk the field and every result link in order; Home/End stay with the field's text.
  dialog.addEventListener('keydown', (event) => {
    // A search field eats Esc to clear itself, and Chromium may then not close the dialog.
    if (event.key === 'Escape') {
      event.preventDefault();
      dialog.close();
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const stops: HTMLElement[] = [input, ...list.querySelectorAll<HTMLElement>('a')];
    const at = stops.indexOf(document.activeElement as HTMLElement);
    if (at < 0) return;
    const to = Math.min(stops.length - 1, Math.max(0, at + (event.key === 'ArrowDown' ? 1 : -1)));
    if (to === at) return;
    event.preventDefault();
    stops[to]?.focus();
    stops[to]?.scrollIntoView({ block: 'nearest' });
  });
  // A click on the backdrop (outside the panel) closes, as with any modal.
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close();
  });

  return {
    open() {
      if (dialog.open) return input.focus();
      dialog.showModal();
      input.select();
      void load().catch(() => undefined); // warm Pagefind while the reader types
    },
  };
}
