// Inline math that line-breaks like a word: a formula is glued to the punctuation and
// parentheses written against it, and a short formula never breaks inside.
//
// Without this a phone can end a line with "computes (" and start the next with the
// formula, or start a line with the full stop that closed it, and KaTeX lets "m × h"
// break after the ×. The step wraps each inline formula, with the non-space text touching
// it on either side, in `<span class="math-inline">` (white-space: nowrap in math.css).
// A long formula (more than SHORT_GLYPHS visible glyphs) gets `math-inline--breakable`:
// it may still break at KaTeX's break points (after = or +), only not away from its
// punctuation. One walk over the tree, no rendering: cheap.
import type { Element, ElementContent, Root, Text } from 'hast';
import { SKIP, visit } from 'unist-util-visit';

/** Formulas up to this many visible glyphs stay on one line (about a third of a phone's line). */
export const SHORT_GLYPHS = 16;

const classesOf = (node: Element): string[] => {
  const c = node.properties.className;
  return Array.isArray(c) ? c.map(String) : [];
};

const isKatex = (node: ElementContent | undefined): node is Element => node?.type === 'element' && classesOf(node).includes('katex');

/** The glyphs a reader sees: text of the HTML rendering, without spaces and KaTeX's zero-width ones. */
function visibleGlyphs(katex: Element): number {
  let count = 0;
  visit(katex, (node) => {
    if (node.type === 'element' && classesOf(node).includes('katex-mathml')) return SKIP;
    if (node.type === 'text') count += [...node.value.replace(/[\s\u200b]/g, '')].length;
    return undefined;
  });
  return count;
}

const text = (value: string): Text => ({ type: 'text', value });

export default function rehypeInlineMathNowrap() {
  return function transform(tree: Root) {
    visit(tree, (node) => {
      if (node.type !== 'root' && node.type !== 'element') return undefined;
      if (node.type === 'element') {
        const classes = classesOf(node);
        // A wrapper of ours (just made) is done; display math is laid out by math.css; code is
        // verbatim; KaTeX's own markup is not ours.
        const done = classes.includes('math-inline');
        if (done || classes.includes('katex-display') || classes.includes('katex') || node.tagName === 'code' || node.tagName === 'pre')
          return SKIP;
      }
      if (!node.children.some((child) => isKatex(child as ElementContent))) return undefined;
      const out: ElementContent[] = [];
      const children = node.children as ElementContent[];
      for (let i = 0; i < children.length; i++) {
        const child = children[i]!;
        if (!isKatex(child)) {
          out.push(child);
          continue;
        }
        const inner: ElementContent[] = [];
        // Text glued to the formula's left: "(" in "computes (x…", or a word in "word-$x$".
        const previous = out.at(-1);
        if (previous?.type === 'text') {
          const lead = /\S+$/.exec(previous.value)?.[0];
          if (lead) {
            previous.value = previous.value.slice(0, -lead.length);
            if (!previous.value) out.pop();
            inner.push(text(lead));
          }
        }
        inner.push(child);
        // …and to its right: ".", ")," or "-th".
        const next = children[i + 1];
        if (next?.type === 'text') {
          const trail = /^\S+/.exec(next.value)?.[0];
          if (trail) {
            inner.push(text(trail));
            const rest = next.value.slice(trail.length);
            if (rest) children[i + 1] = text(rest);
            else i += 1;
          }
        }
        const className = ['math-inline'];
        if (visibleGlyphs(child) > SHORT_GLYPHS) className.push('math-inline--breakable');
        out.push({ type: 'element', tagName: 'span', properties: { className }, children: inner });
      }
      node.children = out as typeof node.children;
      return undefined;
    });
  };
}
