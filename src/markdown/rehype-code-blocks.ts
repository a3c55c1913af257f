// Code blocks of the reading column: each scrolls sideways behind the same edge shadows as
// wide math and tables (class `scroll-x`, prose.css), and the page records how many it has
// (`codeBlocks`) so the post layout loads the small copy/wrap script (src/components/
// code-tools.ts) only on pages with code. Live cells (`.cell__code`) have their own bar, so
// their code gets the shadows but no Copy/Wrap and is not counted; they are told apart by
// class name only.
import type { Element, Root } from 'hast';
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

export default function rehypeCodeBlocks() {
  return function transform(tree: Root, file: VFile) {
    let count = 0;
    walkOutsideMath(tree, (node) => {
      if (hasClass(node, 'cell__code')) {
        for (const pre of node.children) if (pre.type === 'element' && pre.tagName === 'pre') addClasses(pre, ['scroll-x']);
        return SKIP;
      }
      if (hasClass(node, 'cell__output')) return SKIP;
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
