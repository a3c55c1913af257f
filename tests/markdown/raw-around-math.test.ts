// rehype-raw at the end of our rehype list with each formula passed through whole
// (src/markdown/rehype-raw-around-math.ts): the HTML must be exactly what Astro's own order
// gives (rehype-raw last, over every formula's subtree), and rehype-raw must really run at our
// place (unified attaches a plugin once), or nothing was gained.
import { createMarkdownProcessor, type MarkdownRenderer } from '@astrojs/markdown-remark';
import type { Root } from 'hast';
import { beforeAll, describe, expect, test } from 'vitest';
import { remarkPlugins, remarkRehype, rehypePlugins, shikiConfig } from '../../src/markdown/pipeline.ts';
import { rawHtmlAroundMath } from '../../src/markdown/rehype-raw-around-math.ts';

/** What the tree looked like right after our list: raw nodes left, KaTeX spans present. */
const seen: { raw: number; katex: number }[] = [];
function probe() {
  return (tree: Root) => {
    let raw = 0;
    let katex = 0;
    const walk = (node: { type: string; children?: unknown[]; properties?: { className?: unknown } }) => {
      if (node.type === 'raw') raw++;
      if (Array.isArray(node.properties?.className) && node.properties.className.includes('katex')) katex++;
      for (const child of node.children ?? []) walk(child as typeof node);
    };
    walk(tree as never);
    seen.push({ raw, katex });
  };
}

let ours: MarkdownRenderer;
let astroOrder: MarkdownRenderer;

beforeAll(async () => {
  const withoutOurRaw = rehypePlugins.filter((plugin) => !rawHtmlAroundMath.includes(plugin));
  expect(withoutOurRaw.length).toBe(rehypePlugins.length - rawHtmlAroundMath.length);
  ours = await createMarkdownProcessor({ remarkPlugins, rehypePlugins: [...rehypePlugins, probe], remarkRehype, shikiConfig });
  astroOrder = await createMarkdownProcessor({ remarkPlugins, rehypePlugins: withoutOurRaw, remarkRehype, shikiConfig });
});

const CASES: Record<string, string> = {
  'inline raw HTML around math': 'A <b>bold $x^2$ claim</b> and <span class="note">$\\alpha$ here</span>.',
  'an unclosed raw element the parser closes': 'Text <em>with $y$ and no end.\n\nNext paragraph $z$.',
  'a raw block around Markdown with math': "<details>\n<summary>Proof</summary>\n\nSince $f(x) = x^2$,\n\n$$\nf'(x) = 2x\n$$\n\n</details>",
  'a top-level heading with math, whose id Astro makes from its text': '# Loss $L(\\theta)$ is <em>small</em>\n\nText $y$.',
  'math in a table and a heading': '## Loss $L(\\theta)$\n\n| $x$ | $f(x)$ |\n|---|---|\n| 1 | $\\frac{1}{2}$ |',
  'a raw table and a raw heading': '<table><tr><td>raw</td></tr></table>\n\n<h3>Raw heading</h3>\n\nThen $a + b$.',
  'numbered display math and a reference': '$$\na = 1 \\label{eq:a}\n$$\n\nSee $\\eqref{eq:a}$ and <a href="#eq-a">(1)</a>.',
  'code beside math': 'Math $x$ then code:\n\n```ts\nconst x = 1; // <b>not html</b>\n```',
};

describe('raw HTML around math', () => {
  test.for(Object.entries(CASES))('%s: the same HTML as with rehype-raw last', async ([, markdown]) => {
    const path = { fileURL: new URL('file:///virtual/post.md') };
    const [a, b] = await Promise.all([ours.render(markdown, path), astroOrder.render(markdown, path)]);
    expect(a.code).toBe(b.code);
    expect(a.code).toContain('class="katex"');
  });

  test('rehype-raw runs where our list puts it: no raw node is left after it, and every formula is back', async () => {
    seen.length = 0;
    await ours.render('A <b>raw $x$</b> and <i>more</i>, with $y$.');
    expect(seen).toEqual([{ raw: 0, katex: 2 }]);
  });
});
