// Wide tables scroll sideways inside their own box instead of widening the page on a
// phone. The box is a labelled, focusable region so keyboard users can scroll it too.
//
// A table with three or more columns and enough text that it cannot fit a phone's column
// without breaking words (the guide's attribute tables, the framework comparisons) is
// marked `table-scroll--stack`: below 40rem prose.css shows each row as a card, every
// cell under its column's name (`data-label`, written here). The explicit ARIA roles
// keep it a table for screen readers once CSS has made its parts blocks.
import type { Element, ElementContent, Root } from 'hast';
import { toText } from 'hast-util-to-text';
import { hasClass, isKatex, SKIP, walkElements, walkOutsideMath, without } from './hast-walk.ts';

/** A table stacks on phones when its columns' longest cells add up to more characters than this. */
export const STACK_CHARS = 48;

/** Text as read, without KaTeX's MathML copy (which would double every formula). */
function textOf(node: Element): string {
  return toText(without(node, 'katex-mathml')).replace(/\s+/g, ' ').trim();
}

// Each region needs its own name, or a screen reader lists several identical "Table"s:
// the caption when there is one, else the column headings.
function labelOf(table: Element, nth: number, scrolls: boolean): string {
  let caption = '';
  const headings: string[] = [];
  walkOutsideMath(table, (node) => {
    if (node.tagName === 'caption' && !caption) caption = toText(node).trim();
    if (node.tagName === 'th' && headings.length < 4) headings.push(toText(node).trim());
  });
  const what = caption || (headings.filter(Boolean).length ? `columns ${headings.filter(Boolean).join(', ')}` : `table ${nth}`);
  return scrolls ? `Table: ${what} (scrolls sideways)` : `Table: ${what}`;
}

const isElement = (node: ElementContent | undefined): node is Element => node?.type === 'element';
const rowsOf = (table: Element): Element[] => {
  const rows: Element[] = [];
  walkOutsideMath(table, (node) => {
    if (node.tagName === 'tr') rows.push(node);
  });
  return rows;
};
const cellsOf = (row: Element): Element[] => row.children.filter(isElement).filter((c) => c.tagName === 'td' || c.tagName === 'th');

/** Cards on phones, or the table as it is: see STACK_CHARS. */
function shouldStack(rows: Element[]): boolean {
  const widest: number[] = [];
  for (const row of rows) {
    cellsOf(row).forEach((cell, i) => {
      widest[i] = Math.max(widest[i] ?? 0, Math.min(textOf(cell).length, 40));
    });
  }
  return widest.length >= 3 && widest.reduce((a, b) => a + b, 0) > STACK_CHARS;
}

/** Whether a cell holds a formula (KaTeX's output). */
function hasMath(node: Element): boolean {
  let found = false;
  walkElements(node, (child) => {
    if (isKatex(child)) found = true;
    return found ? SKIP : undefined;
  });
  return found;
}

/**
 * A column name with a formula in it, as a label element: the formula rendered (a text copy
 * reads "x˙=(1,0)" for ẋ = (1, 0)), hidden from screen readers, which have the column header.
 */
function mathLabel(header: Element): Element {
  // A deep copy: the label must not share nodes with the header, which later steps edit.
  const copy = without(structuredClone({ ...header, tagName: 'span', properties: {} }), 'katex-mathml');
  // hidden: only prose.css's stacked cards show it, never a feed reader, a page without the
  // site's CSS or the search index (it would repeat the column's name in every cell).
  return {
    type: 'element',
    tagName: 'span',
    properties: { className: ['stack-label'], ariaHidden: 'true', hidden: true, dataPagefindIgnore: '' },
    children: copy.children,
  };
}

function markStacked(table: Element, rows: Element[]): void {
  table.properties.role = 'table';
  const head = rows.find((row) => cellsOf(row).every((cell) => cell.tagName === 'th'));
  const headers = head ? cellsOf(head) : [];
  const labels = headers.map(textOf);
  walkOutsideMath(table, (node) => {
    if (node.tagName === 'thead' || node.tagName === 'tbody') node.properties.role = 'rowgroup';
    if (node.tagName === 'caption') return SKIP;
    return undefined;
  });
  for (const row of rows) {
    row.properties.role = 'row';
    cellsOf(row).forEach((cell, i) => {
      if (row === head) cell.properties.role = 'columnheader';
      else if (cell.tagName === 'th') cell.properties.role = 'rowheader';
      else cell.properties.role = 'cell';
      if (row === head || !labels[i]) return;
      if (hasMath(headers[i]!)) cell.children.unshift(mathLabel(headers[i]!));
      else cell.properties.dataLabel = labels[i];
    });
  }
}

export default function rehypeScrollTables() {
  return function transform(tree: Root) {
    // A widget lays out its own tables (widgets.css): they get the scroll box, never cards.
    const inWidgets = new Set<Element>();
    walkOutsideMath(tree, (node) => {
      if (!hasClass(node, 'widget')) return undefined;
      walkOutsideMath(node, (child) => {
        if (child.tagName === 'table') inWidgets.add(child);
      });
      return SKIP;
    });
    let count = 0;
    walkOutsideMath(tree, (node, index, parent) => {
      if (node.tagName !== 'table') return undefined;
      // A widget that gives its table a keyboard-scrollable box of its own keeps it (a second
      // box inside would be a second tab stop, and gone once the widget re-renders the table).
      if (parent.type === 'element' && parent.properties.tabIndex !== undefined && hasClass(parent, 'scroll-x')) return SKIP;
      count += 1;
      const rows = rowsOf(node);
      const stack = !inWidgets.has(node) && shouldStack(rows);
      if (stack) markStacked(node, rows);
      const wrapper: Element = {
        type: 'element',
        tagName: 'div',
        properties: {
          className: stack ? ['table-scroll', 'table-scroll--stack'] : ['table-scroll'],
          tabIndex: 0,
          role: 'region',
          ariaLabel: labelOf(node, count, !stack),
        },
        children: [node],
      };
      parent.children.splice(index, 1, wrapper);
      return SKIP;
    });
  };
}
