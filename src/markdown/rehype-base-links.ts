// Links written root-relative in Markdown (`[notation](/posts/notation/)`, `![](/img.png)`,
// raw `<a href="/…">`) point into the site, so under a base path (ADJOINT_BASE=/repo/) they
// get it in front: authors never write the base, and a site moves between hosts unchanged.
// Raw HTML reaches this step as text (a `raw` node; Astro passes it through unparsed), so its
// href, src and poster attributes are rewritten in the text.
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { BASE, withBase } from '../base-path.ts';

/** Raw HTML from the Markdown, as mdast-util-to-hast leaves it for the serializer. */
interface Raw {
  type: 'raw';
  value: string;
}

const URL_PROPERTIES = ['href', 'src', 'poster'] as const;

/** The same attributes in raw HTML (passed through unparsed): `href="/…"`, `src='/…'`, `poster=/…`. */
const RAW_URL = /(<[a-z][^>]*?\s(?:href|src|poster)\s*=\s*)(["']?)\/(?!\/)/gi;

/** Raw HTML with the base put in front of each root-relative href, src and poster. */
export function rawWithBase(html: string, base: string): string {
  return html.replace(RAW_URL, (_, before: string, quote: string) => `${before}${quote}${base}`);
}

export default function rehypeBaseLinks(options: { base?: string } = {}) {
  const base = options.base ?? BASE;
  return (tree: Root) => {
    if (base === '/') return;
    visit(tree, (node) => {
      if (node.type === 'raw') {
        (node as Raw).value = rawWithBase((node as Raw).value, base);
        return;
      }
      if (node.type !== 'element') return;
      for (const name of URL_PROPERTIES) {
        const value = (node as Element).properties[name];
        if (typeof value === 'string') (node as Element).properties[name] = withBase(value, base);
      }
    });
  };
}
