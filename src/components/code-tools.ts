// Copy and Wrap for the code blocks of a post (`pre.code-block`, marked at build time by
// src/markdown/rehype-code-blocks.ts). Progressive enhancement: without this script a
// block still scrolls sideways behind its edge shadows. Loaded only by pages with code
// (CodeTools.astro). Live cells have their own bar and are never marked, so never touched.

const COPIED_FOR_MS = 1800;

function button(label: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'tool-button';
  b.textContent = label;
  return b;
}

/** The code as written: Shiki's lines without the markup (a wrapped view copies the same). */
const codeOf = (pre: HTMLPreElement): string => (pre.querySelector('code') ?? pre).textContent ?? '';

async function copy(pre: HTMLPreElement, trigger: HTMLButtonElement, status: HTMLElement): Promise<void> {
  let said: string;
  try {
    await navigator.clipboard.writeText(codeOf(pre));
    said = 'Copied';
  } catch {
    // No clipboard (an http page, a denied permission): select the code for Ctrl+C instead.
    const range = document.createRange();
    range.selectNodeContents(pre.querySelector('code') ?? pre);
    const selection = getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    said = 'Selected: press Ctrl+C';
  }
  trigger.textContent = said === 'Copied' ? 'Copied' : 'Selected';
  status.textContent = said;
  setTimeout(() => {
    trigger.textContent = 'Copy';
    status.textContent = '';
  }, COPIED_FOR_MS);
}

function enhance(pre: HTMLPreElement, nth: number): void {
  if (pre.parentElement?.classList.contains('code-frame')) return;
  const frame = document.createElement('div');
  frame.className = 'code-frame';
  const tools = document.createElement('div');
  tools.className = 'code-tools';
  const language = pre.dataset.language && pre.dataset.language !== 'plaintext' ? `${pre.dataset.language} ` : '';
  tools.setAttribute('role', 'group');
  tools.setAttribute('aria-label', `Code block ${nth}, ${language}tools`);
  const wrap = button('Wrap');
  wrap.setAttribute('aria-pressed', 'false');
  wrap.title = 'Wrap long lines instead of scrolling sideways';
  const copyButton = button('Copy');
  copyButton.title = 'Copy the code';
  const status = document.createElement('span');
  status.className = 'sr-only';
  status.setAttribute('role', 'status');
  tools.append(wrap, copyButton, status);
  pre.before(frame);
  frame.append(tools, pre);

  wrap.addEventListener('click', () => {
    const on = pre.classList.toggle('code-block--wrap');
    wrap.setAttribute('aria-pressed', String(on));
    syncWrap();
  });
  copyButton.addEventListener('click', () => void copy(pre, copyButton, status));

  // Wrap is offered only where it changes something: a block whose lines overflow (or one
  // already wrapped, so it can be unwrapped).
  const syncWrap = () => {
    wrap.hidden = !pre.classList.contains('code-block--wrap') && pre.scrollWidth <= pre.clientWidth;
  };
  new ResizeObserver(syncWrap).observe(pre);
}

document.querySelectorAll<HTMLPreElement>('.prose pre.code-block').forEach((pre, i) => {
  enhance(pre, i + 1);
});
