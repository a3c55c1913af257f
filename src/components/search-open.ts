// Opens search on the header button, `/` (outside text fields) and Ctrl/Cmd-K. The dialog's
// code and CSS (search-dialog.ts) are a separate chunk imported on the first open, so a page
// that nobody searches pays only for this file.

/** What the dialog module exports: one search per page, opened as often as needed. */
interface SearchModule {
  open(): void;
}

let loading: Promise<SearchModule> | undefined;

function openSearch(): void {
  loading ??= import('./search-dialog.ts').then((module) => module.createSearch(import.meta.env.BASE_URL));
  loading.then(
    (search) => search.open(),
    (error: unknown) => {
      loading = undefined; // a failed chunk download can be retried with the next press
      console.error('search could not load:', error);
    },
  );
}

/** True in a text field or an editor (CodeMirror is contenteditable), where `/` is typing. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return (
    target instanceof HTMLInputElement &&
    !['button', 'checkbox', 'radio', 'range', 'reset', 'submit', 'color', 'file'].includes(target.type)
  );
}

/** Which keyboard events open search: `/` when not typing; Ctrl-K or Cmd-K except inside an editor. */
export function isSearchShortcut(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'target'>): boolean {
  const modifier = event.ctrlKey || event.metaKey;
  if (event.key === '/' && !modifier && !event.altKey) return !isTyping(event.target);
  if ((event.key === 'k' || event.key === 'K') && modifier && !event.altKey && !event.shiftKey) {
    return !(event.target instanceof HTMLElement && event.target.isContentEditable);
  }
  return false;
}

export function installSearchShortcuts(): void {
  document.addEventListener('click', (event) => {
    if (event.target instanceof Element && event.target.closest('[data-search-open]')) openSearch();
  });
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.isComposing || !isSearchShortcut(event)) return;
    event.preventDefault();
    openSearch();
  });
}
