// Raw HTML in a post becomes elements through rehype-raw, which Astro's Markdown processor
// runs last: it turns the whole tree into parse5 tokens and parses them again. By then the
// tree is mostly KaTeX's output (a formula is dozens of spans), none of which holds raw HTML,
// and that round trip was about a tenth of a cold build, for bare Astro too.
//
// unified attaches a plugin once: when our list already has rehype-raw, Astro's later
// `use(rehypeRaw)` adds nothing, and rehype-raw runs where our list puts it. So the list ends
//   hide each formula outside headings → rehypeHeadingIds (Astro's, attached here so it keeps
//   its place before rehype-raw, and walks the tree without the hidden formulas, which it used
//   to visit node by node for nothing) → rehype-raw, passing hidden formulas through → put them back
// and every formula is handed to parse5 as one placeholder (hast-util-raw's `passThrough`)
// instead of its whole subtree. A KaTeX span is phrasing content, placed by the HTML parser
// exactly where a comment would be in every context math can appear in (paragraphs, cells,
// headings, list items, inline raw HTML around it), so the result is the same tree.
// Astro's rehypeImages, which is not exported, now runs after rehype-raw; it only rewrites
// the <img> elements of Markdown images, which are elements before and after.
import { createRequire } from 'node:module';
import type { RehypePlugins } from '@astrojs/markdown-remark';
import type { Element, Root } from 'hast';
import type { VFile } from 'vfile';
import { isKatex, type Parent, SKIP, walkElements } from './hast-walk.ts';

// The rehype-raw and rehypeHeadingIds Astro's processor uses, resolved from
// @astrojs/markdown-remark: only the same functions are recognised as already attached.
const fromAstro = createRequire(createRequire(import.meta.url).resolve('@astrojs/markdown-remark'));
const rehypeRaw: (options: { passThrough: string[] }) => (tree: Root, file: VFile) => Root = (await import(fromAstro.resolve('rehype-raw')))
  .default;
const { rehypeHeadingIds } = await import('@astrojs/markdown-remark');

const HIDDEN = 'adjointHiddenMath';

/** A formula while rehype-raw runs: its place in the tree and its index in `formulas`. */
interface Hidden {
  type: typeof HIDDEN;
  value: number;
}

declare module 'hast' {
  interface RootContentMap {
    adjointHiddenMath: Hidden;
  }
  interface ElementContentMap {
    adjointHiddenMath: Hidden;
  }
}

declare module 'vfile' {
  interface DataMap {
    /** The formulas hidden from rehype-raw, until they are put back (rehype-raw returns a new tree). */
    hiddenMath: Element[];
  }
}

/** Replace each KaTeX rendering with a placeholder (the tree is the file's, in place). */
function rehypeHideMath() {
  return (tree: Root, file: VFile) => {
    const formulas: Element[] = [];
    walkElements(tree, (node, index, parent) => {
      // A heading's formulas stay: rehypeHeadingIds reads a heading's text, math included.
      if (/^h[1-6]$/.test(node.tagName)) return SKIP;
      if (!isKatex(node)) return undefined;
      (parent.children as unknown[])[index] = { type: HIDDEN, value: formulas.length } satisfies Hidden;
      formulas.push(node);
      return SKIP;
    });
    file.data.hiddenMath = formulas;
  };
}

/** Put each hidden formula back where rehype-raw left its placeholder. */
function rehypeShowMath() {
  return (tree: Root, file: VFile) => {
    const formulas = file.data.hiddenMath;
    if (!formulas || formulas.length === 0) return;
    const put = (parent: Parent) => {
      const children = parent.children as (Root['children'][number] | Hidden)[];
      for (let i = 0; i < children.length; i++) {
        const child = children[i]!;
        if (child.type === HIDDEN) children[i] = formulas[child.value]!;
        else if (child.type === 'element') put(child);
      }
    };
    put(tree);
    delete file.data.hiddenMath;
  };
}

/** The end of the site's rehype list: see the top of this file. */
export const rawHtmlAroundMath: RehypePlugins = [rehypeHideMath, rehypeHeadingIds, [rehypeRaw, { passThrough: [HIDDEN] }], rehypeShowMath];
