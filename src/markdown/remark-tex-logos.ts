// `$\TeX$` and `$\LaTeX$` alone in inline math are the logos, not mathematics: they become a
// small styled <span> instead of a KaTeX formula, so a page whose only "math" is the logo (the
// About page) loads no KaTeX stylesheet or fonts. The letters are lowered and raised as in
// Knuth's and Lamport's logos (offsets as in the common CSS rendition), in the page's own font;
// assistive technology reads one word.
import type { Root } from 'mdast';
import type { Data } from 'unist';
import { visit } from 'unist-util-visit';

type HastChild =
  | { type: 'element'; tagName: string; properties: Record<string, string>; children: HastChild[] }
  | { type: 'text'; value: string };

const text = (value: string): HastChild => ({ type: 'text', value });
const span = (style: string, value: string): HastChild => ({
  type: 'element',
  tagName: 'span',
  properties: { style },
  children: [text(value)],
});

const LOWERED_E = span('text-transform:uppercase;vertical-align:-0.5ex;margin-left:-0.1667em;margin-right:-0.125em', 'e');
const RAISED_A = span('text-transform:uppercase;font-size:0.75em;vertical-align:0.25em;margin-left:-0.36em;margin-right:-0.15em', 'a');

/** The logos by their TeX source (with or without the `{}` that ends a control word). */
export const LOGOS: Record<string, { label: string; children: HastChild[] }> = {
  '\\TeX': { label: 'TeX', children: [text('T'), LOWERED_E, text('X')] },
  '\\LaTeX': { label: 'LaTeX', children: [text('L'), RAISED_A, text('T'), LOWERED_E, text('X')] },
};

export default function remarkTexLogos() {
  return (tree: Root) => {
    visit(tree, 'inlineMath', (node) => {
      const logo = LOGOS[node.value.trim().replace(/\{\}$/, '')];
      if (!logo) return;
      // remark-rehype turns the node into this element (hName/hChildren), so KaTeX never sees it.
      node.data = {
        ...node.data,
        hName: 'span',
        hProperties: { className: ['tex-logo'], role: 'img', ariaLabel: logo.label },
        hChildren: logo.children,
      } as Data;
    });
  };
}
