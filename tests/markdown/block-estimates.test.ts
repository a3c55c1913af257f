// Each top-level paragraph and list of a post carries its length of text, from which prose.css
// estimates its height while it is skipped off-screen: formulas count once (not their MathML
// twin), a note's margin copy not at all, and the text beside an aside figure is included.
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import rehypeBlockEstimates, { charsOf } from '../../src/markdown/rehype-block-estimates.ts';

const run = (html: string): Root => {
  const root = fromHtml(html, { fragment: true });
  rehypeBlockEstimates()(root);
  return root;
};
const styles = (root: Root): Array<[string, unknown]> => {
  const out: Array<[string, unknown]> = [];
  const walk = (node: Root | Element) => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      if (child.properties.style !== undefined) out.push([child.tagName, child.properties.style]);
      walk(child);
    }
  };
  walk(root);
  return out;
};

describe('rehype-block-estimates', () => {
  it('writes the length of text of each top-level paragraph, and of a list with its items', () => {
    const root = run('<p>Twelve chars</p><ul><li>one</li><li>two</li></ul><ol><li>a  b</li></ol>');
    expect(styles(root)).toEqual([
      ['p', '--chars:12'],
      ['ul', '--chars:7;--items:2'],
      ['ol', '--chars:3;--items:1'],
    ]);
  });

  it('counts a formula once, as it is seen, and leaves out the margin copy of a note', () => {
    const math = katex.renderToString('x^2', { output: 'htmlAndMathml' });
    const p = fromHtml(`<p>Then ${math} grows<span class="sidenote">a long note in the margin</span></p>`, { fragment: true })
      .children[0] as Element;
    // "Then " + the two glyphs KaTeX draws (x, 2) + " grows"
    expect(charsOf(p)).toBe('Then x2 grows'.length);
  });

  it('reaches the text beside an aside figure, and leaves nested blocks and other elements alone', () => {
    const root = run(
      '<div class="widget-section"><figure><p>in the figure</p></figure><div class="widget-section__text"><p>beside</p></div></div>' +
        '<blockquote><p>quoted</p></blockquote><h2>Heading</h2>',
    );
    expect(styles(root)).toEqual([['p', '--chars:6']]);
  });

  it('keeps a style the block already had', () => {
    expect(styles(run('<p style="color: red">abc</p>'))).toEqual([['p', 'color: red;--chars:3']]);
  });
});
