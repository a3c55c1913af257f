// Heading ids, a "#" permalink beside each section heading, and the table of contents.
//
// Ids are GitHub-style slugs (the same ones Astro would give), computed from the heading's
// visible text: KaTeX's hidden MathML copy is skipped so `## The $\vec{J}$ matrix` gets a
// clean slug. The permalink sits *after* the heading inside a wrapper, Starlight-style, so
// it is not read as part of the heading's name. The TOC (h2/h3) is stored in the page's
// remark frontmatter as `toc`, for the post layout.
import type { Element, Root } from 'hast';
import type { VFile } from 'vfile';
import GithubSlugger from 'github-slugger';
import { toText } from 'hast-util-to-text';
import { SKIP, walkOutsideMath, without } from './hast-walk.ts';

export interface TocEntry {
  depth: number;
  slug: string;
  text: string;
}

const HEADING = /^h([2-6])$/;

/** The text a reader sees: without KaTeX's MathML duplicate. */
function visibleText(node: Element): string {
  return toText(without(node, 'katex-mathml')).replace(/\s+/g, ' ').trim();
}

export default function rehypeHeadingAnchors() {
  return function transform(tree: Root, file: VFile) {
    const slugger = new GithubSlugger();
    const toc: TocEntry[] = [];
    walkOutsideMath(tree, (node, index, parent) => {
      const match = HEADING.exec(node.tagName);
      if (!match) return undefined;
      // GFM's footnote section has its own heading: keep its id, no permalink.
      if (node.properties.id === 'footnote-label') return SKIP;
      const text = visibleText(node);
      const id = typeof node.properties.id === 'string' ? node.properties.id : slugger.slug(text);
      node.properties.id = id;
      const depth = Number(match[1]);
      if (depth <= 3) toc.push({ depth, slug: id, text });
      const anchor: Element = {
        type: 'element',
        tagName: 'a',
        properties: { className: ['heading-anchor'], href: `#${id}` },
        children: [
          { type: 'element', tagName: 'span', properties: { ariaHidden: 'true' }, children: [{ type: 'text', value: '#' }] },
          {
            type: 'element',
            tagName: 'span',
            properties: { className: ['sr-only'] },
            children: [{ type: 'text', value: `Section titled “${text}”` }],
          },
        ],
      };
      const wrapper: Element = {
        type: 'element',
        tagName: 'div',
        properties: { className: ['heading', `heading--h${depth}`] },
        children: [node, anchor],
      };
      parent.children.splice(index, 1, wrapper);
      return SKIP;
    });
    file.data.astro ??= {};
    const astro = file.data.astro;
    astro.frontmatter ??= {};
    astro.frontmatter.toc = toc;
  };
}
