// What the page's <head> needs to know about its finished tree, recorded in the remark
// frontmatter so the layout reads it instead of scanning the HTML of every page on every
// build (a warm build takes the rendered post from Astro's cache, frontmatter included):
//   - `classNames`: every class name on the page, for the part of KaTeX's stylesheet it
//     needs (src/katex-dist.ts);
//   - `opening`: the class names of its opening blocks (as `math`), for the KaTeX faces it
//     preloads (src/layouts/Base.astro).
// Runs last, after raw HTML is parsed, so the tree is what ships.
import type { Element, Root } from 'hast';
import { OPENING_BLOCKS, type Opening } from './opening-blocks.ts';
import { walkElements } from './hast-walk.ts';

export interface PageClasses {
  classNames: string[];
  opening: Opening & { math: string[] };
}

function addClasses(node: Element, names: Set<string>): void {
  // A `className` list (rehype) or a `class` string (Shiki).
  const { className, class: plain } = node.properties;
  if (Array.isArray(className)) for (const name of className) names.add(String(name));
  for (const value of [className, plain]) {
    if (typeof value === 'string') for (const name of value.split(/\s+/)) if (name) names.add(name);
  }
}

export default function rehypePageClasses() {
  return function transform(tree: Root, file: { data: { astro?: { frontmatter?: Record<string, unknown> } } }) {
    const all = new Set<string>();
    const opening = new Set<string>();
    let blocks = 0;
    for (const child of tree.children) {
      if (child.type !== 'element') continue;
      const first = blocks++ < OPENING_BLOCKS;
      const visit = (node: Element) => {
        addClasses(node, all);
        if (first) addClasses(node, opening);
        return undefined;
      };
      visit(child);
      walkElements(child, visit);
    }
    const classes: PageClasses = { classNames: [...all].sort(), opening: { math: [...opening].sort() } };
    file.data.astro ??= {};
    file.data.astro.frontmatter ??= {};
    Object.assign(file.data.astro.frontmatter, classes);
  };
}
