// A post's paragraphs and lists are skipped while far from the window (content-visibility:
// auto, prose.css), and until first shown each stands in with an estimated height. The
// browser decides what to render from a layout made of those estimates: a block estimated
// too short pulls the text below it within reach, and that text is rendered and its fonts
// fetched before the first paint, for nothing (on the math-heavy post, a 485 px paragraph
// estimated at 202 px fetched the 51 KB italic face). So each one carries its length of
// text, `--chars`, and prose.css turns it into lines of the column it is in.
import type { Element, Root } from 'hast';
import { hasClass } from './hast-walk.ts';

/** The blocks prose.css estimates from their text. */
const ESTIMATED = new Set(['p', 'ul', 'ol']);

/** Elements whose edges separate words, as line breaks do in the text a reader sees. */
const BREAKS = new Set(['br', 'li', 'p', 'div', 'ul', 'ol', 'dd', 'dt', 'tr', 'td', 'th', 'blockquote', 'pre']);

/**
 * Characters a reader sees in a block, runs of white space counted as one: formulas once (not
 * KaTeX's MathML twin), and not the margin copy of a note, which is not in the column. Counted
 * in one walk, without copying the block: every paragraph of every post goes through here.
 * @example charsOf(h('p', 'Hello  world')) // 11
 */
export function charsOf(block: Element): number {
  let count = 0;
  let space = false;
  const walk = (node: Element): void => {
    for (const child of node.children) {
      if (child.type === 'text') {
        for (const char of child.value) {
          if (/\s/.test(char)) space = true;
          else {
            if (space && count > 0) count += 1;
            space = false;
            count += 1;
          }
        }
      } else if (child.type === 'element' && !hasClass(child, 'katex-mathml') && !hasClass(child, 'sidenote')) {
        const breaks = BREAKS.has(child.tagName);
        if (breaks) space = true;
        walk(child);
        if (breaks) space = true;
      }
    }
  };
  walk(block);
  return count;
}

/** The top-level blocks of a post, those in an aside's section included (widget-asides.ts). */
function* blocks(tree: Root | Element): Generator<Element> {
  for (const child of tree.children) {
    if (child.type !== 'element') continue;
    if (ESTIMATED.has(child.tagName)) yield child;
    else if (hasClass(child, 'widget-section') || hasClass(child, 'widget-section__text')) yield* blocks(child);
  }
}

/** Write `--chars` on each paragraph and list of a post, and `--items` on each list. */
export default function rehypeBlockEstimates() {
  return (tree: Root): void => {
    for (const block of blocks(tree)) {
      const items = block.tagName === 'p' ? 0 : block.children.filter((c) => c.type === 'element' && c.tagName === 'li').length;
      const style = [block.properties.style, `--chars:${charsOf(block)}`, items ? `--items:${items}` : ''].filter(Boolean).join(';');
      block.properties.style = style;
    }
  };
}
