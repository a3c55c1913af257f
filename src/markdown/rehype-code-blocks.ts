// Code blocks of the reading column: each scrolls sideways behind the same edge shadows as
// wide math and tables (class `scroll-x`, prose.css), and the page records how many it has
// (`codeBlocks`) so the post layout loads the small copy/wrap script (src/components/
// code-tools.ts) only on pages with code. Live cells (`.cell__code`) have their own bar, so
// their code gets the shadows but no Copy/Wrap and is not counted; they are told apart by
// class name only.
//
// Inline code is one unit on its line (prose.css: white-space: nowrap), so `nn-playground`
// never breaks at its hyphen. A span longer than LONG_CODE characters could be wider than a
// phone's line, so it gets `code--long` and wraps where it must.
import type { Element, Root } from 'hast';
import { toText } from 'hast-util-to-text';
import type { VFile } from 'vfile';
import { hasClass, SKIP, walkOutsideMath } from './hast-walk.ts';

// Shiki writes its classes as a `class` string, other steps as a `className` list: read both.
const classesOf = (node: Element): string[] => {
  const { className, class: plain } = node.properties;
  return [
    ...(Array.isArray(className) ? className.map(String) : []),
    ...(typeof plain === 'string' ? plain.split(/\s+/).filter(Boolean) : []),
  ];
};

function addClasses(node: Element, added: string[]): void {
  if (typeof node.properties.class === 'string') node.properties.class = [node.properties.class, ...added].join(' ');
  else node.properties.className = [...classesOf(node), ...added];
}

/** Inline code up to this many characters stays on one line: about 270 px of code at 360 px,
 *  less than a phone's column (328 px) even in a list item. */
export const LONG_CODE = 28;

export default function rehypeCodeBlocks() {
  return function transform(tree: Root, file: VFile) {
    let count = 0;
    walkOutsideMath(tree, (node) => {
      if (hasClass(node, 'cell__code')) {
        for (const pre of node.children) if (pre.type === 'element' && pre.tagName === 'pre') addClasses(pre, ['scroll-x']);
        return SKIP;
      }
      if (hasClass(node, 'cell__output')) return SKIP;
      // Code inside <pre> is never reached: the walk skips each block below.
      if (node.tagName === 'code') {
        if (toText(node).length > LONG_CODE) addClasses(node, ['code--long']);
        return SKIP;
      }
      if (node.tagName !== 'pre') return undefined;
      addClasses(node, ['scroll-x', 'code-block']);
      count += 1;
      return SKIP;
    });
    file.data.astro ??= {};
    file.data.astro.frontmatter ??= {};
    file.data.astro.frontmatter.codeBlocks = count;
  };
}
