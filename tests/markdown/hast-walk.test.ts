import type { Element, ElementContent, Root } from 'hast';
import katex from 'katex';
import { fromHtml } from 'hast-util-from-html';
import { describe, expect, it } from 'vitest';
import { SKIP, visibleGlyphs, walkElements, walkOutsideMath, without } from '../../src/markdown/hast-walk.ts';

const el = (tagName: string, className: string[] = [], children: ElementContent[] = []): Element => ({
  type: 'element',
  tagName,
  properties: className.length ? { className } : {},
  children,
});
const text = (value: string): ElementContent => ({ type: 'text', value });

/** A paragraph with a formula rendered by KaTeX itself, as rehype-katex leaves it. */
function paragraphWithMath(tex: string): Root {
  return fromHtml(`<p>Take <code>x</code> and ${katex.renderToString(tex)} then.</p>`, { fragment: true });
}

describe('hast walk', () => {
  it('visits every element in document order, and KaTeX’s spans only when asked to', () => {
    const tree = paragraphWithMath('\\frac{a}{b} + c');
    const all: string[] = [];
    walkElements(tree, (node) => {
      all.push(node.tagName);
    });
    const outside: string[] = [];
    walkOutsideMath(tree, (node) => {
      outside.push(node.tagName);
    });
    expect(outside).toEqual(['p', 'code']);
    expect(all.slice(0, 3)).toEqual(['p', 'code', 'span']);
    expect(all.length).toBeGreaterThan(20); // KaTeX's HTML and MathML are hundreds of nodes in real posts
  });

  it('SKIP leaves the children out; a returned index continues there, after an insertion', () => {
    const tree: Root = { type: 'root', children: [el('div', [], [el('sup'), el('b', [], [el('i')])]), el('section', [], [el('em')])] };
    const seen: string[] = [];
    walkElements(tree, (node, index, parent) => {
      seen.push(node.tagName);
      if (node.tagName === 'section') return SKIP;
      if (node.tagName !== 'sup') return undefined;
      parent.children.splice(index + 1, 0, el('aside', [], [el('u')]));
      return index + 2; // neither the inserted node nor the sup's children are walked
    });
    expect(seen).toEqual(['div', 'sup', 'b', 'i', 'section']);
  });

  it('counts the glyphs a reader sees, leaving out the classes named', () => {
    const tree = paragraphWithMath('x^2 + y');
    let formula: Element | undefined;
    walkElements(tree, (node) => {
      if (!formula && (node.properties.className as string[] | undefined)?.includes('katex')) formula = node;
    });
    expect(visibleGlyphs(formula!, ['katex-mathml'])).toBe(4); // x 2 + y
    expect(visibleGlyphs(formula!, [])).toBeGreaterThan(4); // the MathML twin spells it again
    expect(visibleGlyphs(el('span', [], [text('a\u200b b\n')]), [])).toBe(2);
    // Counting stops past a limit: one more than it, whatever the length.
    expect(visibleGlyphs(formula!, ['katex-mathml'], 2)).toBe(3);
    expect(visibleGlyphs(formula!, ['katex-mathml'], 4)).toBe(4);
    expect(visibleGlyphs(el('span', [], [text('abcdef'), el('span', [], [text('ghij')])]), [], 5)).toBe(6);
  });

  it('copies a tree without the subtrees of a class, leaving the original whole', () => {
    const node = el('h2', [], [text('Loss '), el('span', ['katex-mathml'], [text('L')]), el('span', ['katex-html'], [text('L')])]);
    const copy = without(node, 'katex-mathml');
    expect(copy.children.map((c) => (c.type === 'element' ? c.properties.className : c.type))).toEqual(['text', ['katex-html']]);
    expect(node.children).toHaveLength(3);
  });
});
