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
import type { ElementContent, Root, Text } from 'hast';
import { hasClass, isKatex, type Parent, SKIP, visibleGlyphs, walkElements } from './hast-walk.ts';

/** Formulas up to this many visible glyphs stay on one line (about a third of a phone's line). */
export const SHORT_GLYPHS = 16;

const text = (value: string): Text => ({ type: 'text', value });

/** Wraps each formula among `node`'s children with the text glued to it. */
function glue(node: Parent): void {
  if (!node.children.some((child) => isKatex(child))) return;
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
    // The glyphs a reader sees: the HTML rendering, not KaTeX's MathML twin.
    if (visibleGlyphs(child, ['katex-mathml'], SHORT_GLYPHS) > SHORT_GLYPHS) className.push('math-inline--breakable');
    out.push({ type: 'element', tagName: 'span', properties: { className }, children: inner });
  }
  node.children = out as typeof node.children;
}

export default function rehypeInlineMathNowrap() {
  return function transform(tree: Root) {
    glue(tree);
    walkElements(tree, (node) => {
      // A wrapper of ours (just made) is done; display math is laid out by math.css; code is
      // verbatim; KaTeX's own markup is not ours.
      if (
        hasClass(node, 'math-inline') ||
        hasClass(node, 'katex-display') ||
        hasClass(node, 'katex') ||
        node.tagName === 'code' ||
        node.tagName === 'pre'
      )
        return SKIP;
      glue(node);
      return undefined;
    });
  };
}
