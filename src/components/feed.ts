// The HTML of a post as a feed reader should get it. Readers have no base URL, run no
// scripts and drop <style>, so:
//  - root-relative and in-page links become absolute;
//  - each interactive widget (static first frame: disabled controls, an unstyled plot and
//    its own <style>) becomes a short note linking to the post, keeping its caption.
import type { Element, ElementContent, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { visit } from 'unist-util-visit';

/**
 * @example feedHtml('<a href="#x">x</a>', 'https://a.org', '/posts/p/') // '<a href="https://a.org/posts/p/#x">x</a>'
 */
export function feedHtml(html: string, origin: string, page: string): string {
  const tree: Root = fromHtml(html, { fragment: true });
  visit(tree, 'element', (node: Element) => {
    if (node.tagName === 'figure' && typeof node.properties.dataWidget === 'string') {
      const caption = node.children.find((child): child is Element => child.type === 'element' && child.tagName === 'figcaption');
      const note: Element = {
        type: 'element',
        tagName: 'p',
        properties: {},
        children: [
          { type: 'element', tagName: 'em', properties: {}, children: [{ type: 'text', value: 'Interactive figure: ' }] },
          { type: 'element', tagName: 'a', properties: { href: `${origin}${page}` }, children: [{ type: 'text', value: 'open the post' }] },
          { type: 'text', value: ' to use it.' },
        ],
      };
      node.properties = { className: ['widget'] };
      node.children = [note, ...(caption ? [caption] : [])] as ElementContent[];
      return 'skip';
    }
    for (const key of ['href', 'src'] as const) {
      const value = node.properties[key];
      if (typeof value !== 'string') continue;
      if (value.startsWith('/') && !value.startsWith('//')) node.properties[key] = `${origin}${value}`;
      else if (value.startsWith('#')) node.properties[key] = `${origin}${page}${value}`;
    }
    return undefined;
  });
  return toHtml(tree);
}
