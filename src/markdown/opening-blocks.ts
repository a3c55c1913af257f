// The opening blocks of a page's rendered HTML: the first few top-level elements, which
// prose.css always lays out (`.prose > :nth-child(-n + 3)`), so whatever KaTeX faces they use
// are fetched before the first paint on every device.

import type { MathOnPage } from '../katex-dist.ts';

/** How many top-level blocks prose.css lays out from the start; keep the two in step. */
export const OPENING_BLOCKS = 3;

/**
 * What the page's <head> needs from its opening blocks: their math, as the HTML or the class
 * names (src/katex-dist.ts reads either).
 */
export interface Opening {
  math: MathOnPage;
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title']);
// A comment, or a tag with its attributes (quoted values may hold `>`).
const TOKEN = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;

/**
 * The HTML of the first `count` top-level elements of `html` (serialised HTML as the Markdown
 * pipeline writes it: balanced tags). Text between top-level elements is kept with them;
 * fewer elements than `count` gives the whole string.
 */
export function openingBlocks(html: string, count = OPENING_BLOCKS): string {
  let depth = 0;
  let seen = 0;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(html); match; match = TOKEN.exec(html)) {
    const [token, closing, rawName = '', attributes = ''] = match;
    if (!rawName) continue; // a comment
    const name = rawName.toLowerCase();
    if (closing) {
      depth--;
      if (depth === 0 && ++seen === count) return html.slice(0, match.index + token.length);
      continue;
    }
    if (VOID.has(name) || attributes.trimEnd().endsWith('/')) {
      if (depth === 0 && ++seen === count) return html.slice(0, match.index + token.length);
      continue;
    }
    if (RAW_TEXT.has(name)) {
      const end = html.toLowerCase().indexOf(`</${name}`, TOKEN.lastIndex);
      if (end < 0) return html;
      TOKEN.lastIndex = end;
    }
    depth++;
  }
  return html;
}

/** The opening blocks of a page's HTML, for a page the Markdown pipeline did not describe (rehype-page-classes.ts). */
export function openingOf(html: string): Opening {
  return { math: openingBlocks(html) };
}
