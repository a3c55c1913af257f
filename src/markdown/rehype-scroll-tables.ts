// Wide tables scroll sideways inside their own box instead of widening the page on a
// phone. The box is a labelled, focusable region so keyboard users can scroll it too.
import type { Element, Root } from 'hast';
import { toText } from 'hast-util-to-text';
import { visit, SKIP } from 'unist-util-visit';

// Each region needs its own name, or a screen reader lists several identical "Table"s:
// the caption when there is one, else the column headings.
function labelOf(table: Element, nth: number): string {
  let caption = '';
  const headings: string[] = [];
  visit(table, 'element', (node) => {
    if (node.tagName === 'caption' && !caption) caption = toText(node).trim();
    if (node.tagName === 'th' && headings.length < 4) headings.push(toText(node).trim());
  });
  const what = caption || (headings.filter(Boolean).length ? `columns ${headings.filter(Boolean).join(', ')}` : `table ${nth}`);
  return `Table: ${what} (scrolls sideways)`;
}

export default function rehypeScrollTables() {
  return function transform(tree: Root) {
    let count = 0;
    visit(tree, 'element', (node, index, parent) => {
      // KaTeX's output (hundreds of spans per formula) holds no table: not walked.
      if (node.tagName === 'span' && Array.isArray(node.properties.className) && node.properties.className.includes('katex')) return SKIP;
      if (node.tagName !== 'table' || !parent || index === undefined) return undefined;
      count += 1;
      const wrapper: Element = {
        type: 'element',
        tagName: 'div',
        properties: { className: ['table-scroll'], tabIndex: 0, role: 'region', ariaLabel: labelOf(node, count) },
        children: [node],
      };
      parent.children.splice(index, 1, wrapper);
      return SKIP;
    });
  };
}
