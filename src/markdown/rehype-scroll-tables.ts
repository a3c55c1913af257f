// Wide tables scroll sideways inside their own box instead of widening the page on a
// phone. The box is a labelled, focusable region so keyboard users can scroll it too.
import type { Element, Root } from 'hast';
import { visit, SKIP } from 'unist-util-visit';

export default function rehypeScrollTables() {
  return function transform(tree: Root) {
    visit(tree, 'element', (node, index, parent) => {
      if (node.tagName !== 'table' || !parent || index === undefined) return undefined;
      const wrapper: Element = {
        type: 'element',
        tagName: 'div',
        properties: { className: ['table-scroll'], tabIndex: 0, role: 'region', ariaLabel: 'Table (scrolls sideways)' },
        children: [node],
      };
      parent.children.splice(index, 1, wrapper);
      return SKIP;
    });
  };
}
