// Links written root-relative in Markdown (`[notation](/posts/notation/)`, `![](/img.png)`,
// raw `<a href="/…">`) point into the site, so under a base path (ADJOINT_BASE=/repo/) they
// get it in front: authors never write the base, and a site moves between hosts unchanged.
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { BASE, withBase } from '../base-path.ts';

const URL_PROPERTIES = ['href', 'src', 'poster'] as const;

export default function rehypeBaseLinks(options: { base?: string } = {}) {
  const base = options.base ?? BASE;
  return (tree: Root) => {
    if (base === '/') return;
    visit(tree, 'element', (node: Element) => {
      for (const name of URL_PROPERTIES) {
        const value = node.properties[name];
        if (typeof value === 'string') node.properties[name] = withBase(value, base);
      }
    });
  };
}
