// Display math that is wider than the column scrolls sideways (math.css draws the shadows
// that say so, and keeps the equation number in view). A reader on a keyboard must be
// able to scroll it too, so a display that may not fit a phone's column becomes focusable
// and named. A numbered display is a region, "Equation (3)": a landmark a screen-reader
// user can jump to when the text refers to (3). An unnumbered one is a group named
// "Equation": it is announced as an equation when focused, but stays out of the landmark
// list, where a row of identical "Equation" regions would tell the reader nothing (axe's
// landmark-unique).
//
// A numbered display's formula is gathered into one box (`katex-formula`) beside its number,
// so math.css can move the number to a line of its own, below the formula, when the two do
// not fit side by side (KaTeX splits a formula into several boxes, and a row of them would
// break between any two).
//
// Which displays may not fit is estimated here, without rendering: more visible glyphs
// than a 360 px screen shows in one line of display math (tests/e2e/overflow.test.ts
// checks on every built page that each display that does overflow is focusable). A short
// display stays out of the tab order.
import type { Element, Root } from 'hast';
import { toText } from 'hast-util-to-text';
import { hasClass, SKIP, visibleGlyphs, walkElements } from './hast-walk.ts';

/** About what fits on one line of display math at 360 px (a 328 px column, 18.4 px math). */
export const PHONE_GLYPHS = 22;

const classesOf = (node: Element): string[] => {
  const c = node.properties.className;
  return Array.isArray(c) ? c.map(String) : [];
};

export default function rehypeDisplayMath() {
  return function transform(tree: Root) {
    walkElements(tree, (node) => {
      // Inline math holds no display; a display's own formula is searched below.
      if (node.tagName === 'span' && hasClass(node, 'katex')) return SKIP;
      if (!hasClass(node, 'katex-display')) return undefined;
      node.properties.className = [...classesOf(node), 'scroll-x'];
      gatherFormula(node);
      // A fraction's or a matrix's rows sit above each other but count in full here: the
      // estimate errs towards focusable, never away from it.
      if (visibleGlyphs(node, ['katex-mathml', 'katex-tag'], PHONE_GLYPHS) > PHONE_GLYPHS) {
        const tags: string[] = [];
        walkElements(node, (child) => {
          if (!hasClass(child, 'katex-tag')) return undefined;
          tags.push(toText(child).trim());
          return SKIP;
        });
        const tag = tags.filter(Boolean).join(', ');
        node.properties.tabIndex = 0;
        node.properties.role = tag ? 'region' : 'group';
        node.properties.ariaLabel = tag ? `Equation ${tag}` : 'Equation';
      }
      return SKIP;
    });
  };
}

/** In a numbered display, wrap everything in `katex-html` but the number in one `katex-formula` span. */
function gatherFormula(display: Element): void {
  walkElements(display, (node) => {
    if (!hasClass(node, 'katex-html')) return undefined;
    const isTag = (child: Element['children'][number]) => child.type === 'element' && hasClass(child, 'katex-tag');
    if (node.children.some(isTag)) {
      const formula: Element = {
        type: 'element',
        tagName: 'span',
        properties: { className: ['katex-formula'] },
        children: node.children.filter((child) => !isTag(child)),
      };
      node.children = [formula, ...node.children.filter(isTag)];
    }
    return SKIP;
  });
}
