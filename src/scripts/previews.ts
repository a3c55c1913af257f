// Hover cards: pointing at (or focusing) an equation reference, a footnote mark, a citation
// or a figure reference shows what it points to in a small card beside it, so the reader
// keeps their place. The link still works as a link: a click or a tap jumps, as without
// JavaScript. Escape closes the card; it also closes when the pointer or focus leaves
// both the link and the card (the card can be hovered, to select or follow its links).
//
// The card holds a copy of the target: the display equation, the note, the reference entry,
// the figure's caption. Copies lose their ids and their links leave the tab order (the
// original is one click away). Loaded only on posts that have such links (Post.astro).

const SELECTOR = 'a.eqref, a[data-footnote-ref], a.citation__link, a.figref';
const SHOW_DELAY = 120;
const HIDE_DELAY = 200;

let card: HTMLElement | undefined;
let owner: HTMLAnchorElement | undefined;
let showTimer: number | undefined;
let hideTimer: number | undefined;

function target(link: HTMLAnchorElement): Element | null {
  const id = decodeURIComponent(link.hash.slice(1));
  if (!id) return null;
  const anchor = document.getElementById(id);
  if (!anchor) return null;
  // An equation's anchor is an empty element just before its display.
  if (link.matches('a.eqref')) {
    return anchor.matches('.katex-display, .math-display')
      ? anchor
      : (anchor.closest('.math-display, .katex-display') ?? nextDisplay(anchor));
  }
  if (link.matches('a.figref')) return anchor.querySelector('figcaption') ?? anchor;
  return anchor;
}

function nextDisplay(anchor: Element): Element | null {
  for (let node = anchor.nextElementSibling; node; node = node.nextElementSibling) {
    if (node.matches('.katex-display, .math-display')) return node;
    const inner = node.querySelector('.katex-display');
    if (inner) return inner;
    if (node.matches('p, h2, h3, h4, section')) break;
  }
  return anchor.parentElement?.querySelector('.katex-display') ?? null;
}

/** A copy safe to show twice: no ids, no focusable links, no footnote back-link, and no
 *  second "Equation (3)" landmark (a copied display keeps its look, not its role). */
function inertCopy(source: Element): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const clone = source.cloneNode(true) as Element;
  for (const el of [clone, ...clone.querySelectorAll('[id]')]) el.removeAttribute('id');
  for (const el of clone.querySelectorAll('[data-footnote-backref], .heading-anchor')) el.remove();
  for (const el of [clone, ...clone.querySelectorAll('a, button, [tabindex]')]) {
    if (el.matches('a, button, [tabindex]')) el.setAttribute('tabindex', '-1');
  }
  for (const el of [clone, ...clone.querySelectorAll('[role="region"], [role="group"]')]) {
    if (!el.matches('.katex-display')) continue;
    el.removeAttribute('role');
    el.removeAttribute('aria-label');
  }
  if (clone.matches('li')) fragment.append(...clone.childNodes);
  else fragment.append(clone);
  return fragment;
}

function ensureCard(): HTMLElement {
  if (card) return card;
  card = document.createElement('div');
  card.className = 'preview-card';
  card.id = 'preview-card';
  card.setAttribute('role', 'tooltip');
  card.hidden = true;
  card.addEventListener('pointerenter', () => window.clearTimeout(hideTimer));
  card.addEventListener('pointerleave', () => scheduleHide());
  // Inside <main>, so the card belongs to a landmark like the text it comes from.
  (document.querySelector('main') ?? document.body).append(card);
  return card;
}

function place(link: HTMLElement, el: HTMLElement): void {
  const rect = link.getBoundingClientRect();
  const margin = 8;
  const width = Math.min(el.offsetWidth, window.innerWidth - 2 * margin);
  let left = rect.left + rect.width / 2 - width / 2;
  left = Math.max(margin, Math.min(left, window.innerWidth - width - margin));
  const below = rect.bottom + margin;
  const fitsBelow = below + el.offsetHeight <= window.innerHeight - margin;
  const top = fitsBelow ? below : Math.max(margin, rect.top - margin - el.offsetHeight);
  // Absolute positions are relative to the card's containing block: the document, unless an
  // ancestor is positioned.
  const parent = el.offsetParent;
  const origin = parent && parent !== document.body ? parent.getBoundingClientRect() : { left: -window.scrollX, top: -window.scrollY };
  el.style.left = `${left - origin.left}px`;
  el.style.top = `${top - origin.top}px`;
}

function show(link: HTMLAnchorElement): void {
  const source = target(link);
  if (!source) return;
  const el = ensureCard();
  window.clearTimeout(hideTimer);
  el.replaceChildren(inertCopy(source));
  el.dataset.kind = link.matches('a.eqref')
    ? 'equation'
    : link.matches('a.citation__link')
      ? 'citation'
      : link.matches('a.figref')
        ? 'figure'
        : 'note';
  // A tooltip needs a name, and a formula gives none (MathML counts as embedded content, not
  // text): an equation's card is named after its number. The other kinds are named by their text.
  if (el.dataset.kind === 'equation') el.setAttribute('aria-label', `Equation ${link.textContent?.trim() ?? ''}`.trim());
  else el.removeAttribute('aria-label');
  el.hidden = false;
  owner?.removeAttribute('aria-describedby');
  owner = link;
  link.setAttribute('aria-describedby', el.id);
  place(link, el);
}

function hide(): void {
  window.clearTimeout(showTimer);
  if (!card || card.hidden) return;
  card.hidden = true;
  owner?.removeAttribute('aria-describedby');
  owner = undefined;
}

function scheduleHide(): void {
  window.clearTimeout(showTimer);
  window.clearTimeout(hideTimer);
  hideTimer = window.setTimeout(hide, HIDE_DELAY);
}

const linkOf = (event: Event): HTMLAnchorElement | null =>
  event.target instanceof Element ? (event.target.closest(SELECTOR) as HTMLAnchorElement | null) : null;

document.addEventListener('pointerover', (event) => {
  // Touch: a tap is a jump, as without JavaScript; no card that the finger would cover.
  if (event.pointerType !== 'mouse') return;
  const link = linkOf(event);
  if (!link || card?.contains(link)) return;
  window.clearTimeout(hideTimer);
  window.clearTimeout(showTimer);
  showTimer = window.setTimeout(() => show(link), SHOW_DELAY);
});

document.addEventListener('pointerout', (event) => {
  const link = linkOf(event);
  if (link && !(event.relatedTarget instanceof Node && link.contains(event.relatedTarget))) scheduleHide();
});

document.addEventListener('focusin', (event) => {
  const link = linkOf(event);
  if (link) show(link);
  else if (!(event.target instanceof Node && card?.contains(event.target))) hide();
});

document.addEventListener('focusout', (event) => {
  if (linkOf(event)) scheduleHide();
});

document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && card && !card.hidden) hide();
});

// A card left open would point at the wrong place after a jump or a resize.
window.addEventListener('hashchange', hide);
window.addEventListener('resize', hide);
