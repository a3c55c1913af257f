// Layout of `placement=aside` widgets: a figure and the text it illustrates become one
// section, so on wide screens the figure can sit beside that text and stay in view.
import type { Root, RootContent } from 'mdast';
import { customNode } from './widget-nodes.ts';

/**
 * An aside widget illustrates the text after it (a derivation may run over several headings),
 * up to the next aside widget, a `---` rule, or the end of the post:
 * `<div class="widget-section">` holds the figure and `<div class="widget-section__text">`
 * with that text, so on wide screens the figure can sit beside it and stay in view
 * (position: sticky) exactly while the reader scrolls through it. Top level only; an aside
 * nested in a list or quote stays inline.
 */
export function groupAsideSections(tree: Root, asides: ReadonlySet<RootContent>): void {
  const nested = new Set(asides);
  const out: RootContent[] = [];
  let text: RootContent[] | undefined;
  for (const node of tree.children) {
    if (asides.has(node)) {
      nested.delete(node);
      text = [];
      out.push(
        customNode('div', { className: ['widget-section'] }, [node, customNode('div', { className: ['widget-section__text'] }, text)]),
      );
    } else if (text && node.type !== 'thematicBreak') {
      text.push(node);
    } else {
      text = undefined;
      out.push(node);
    }
  }
  tree.children = out;
  // Those left are nested (in a list item, a quote): they stay in the flow, as documented.
  for (const figure of nested) {
    if (figure.type !== 'widget') continue;
    const properties = figure.data.hProperties;
    if (Array.isArray(properties.className)) {
      properties.className = properties.className.map((name) => (name === 'widget--aside' ? 'widget--inline' : name));
    }
  }
}
