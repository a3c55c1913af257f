// What the page's <head> is told about its finished tree (src/markdown/rehype-page-classes.ts),
// on the site's whole pipeline: the same answers the layout would get by reading the HTML.
import { createMarkdownProcessor, type MarkdownRenderer } from '@astrojs/markdown-remark';
import { beforeAll, describe, expect, test } from 'vitest';
import { katexCss, katexFontFiles } from '../../src/katex-dist.ts';
import { openingOf } from '../../src/markdown/opening-blocks.ts';
import { rehypePlugins, remarkPlugins, remarkRehype, shikiConfig } from '../../src/markdown/pipeline.ts';

let processor: MarkdownRenderer;
beforeAll(async () => {
  processor = await createMarkdownProcessor({ remarkPlugins, rehypePlugins, remarkRehype, shikiConfig });
});

const POST = `Some *emphasis* and $\\mathbf{W} x$ in the first paragraph.

A second paragraph with <span class="raw-made">raw HTML</span>.

$$
\\sum_{i=1}^n \\frac{x_i}{2}
$$

A fourth block, past the opening ones: $\\mathbb{R}$ and <cite>a work</cite>.

\`\`\`ts
const a = 1;
\`\`\`
`;

describe('rehype-page-classes', () => {
  test('every class on the page, raw HTML and code included, and those of the opening blocks', async () => {
    const { code, metadata } = await processor.render(POST);
    const { classNames, opening } = metadata.frontmatter as { classNames: string[]; opening: { math: string[] } };
    const inHtml = new Set([...code.matchAll(/\bclass="([^"]*)"/g)].flatMap((m) => m[1]!.split(/\s+/)).filter(Boolean));
    expect(classNames).toEqual([...inHtml].sort());
    expect(classNames).toContain('raw-made');
    expect(classNames).toContain('mathbb');
    expect(opening.math).toContain('mathbf');
    expect(opening.math).toContain('mfrac');
    expect(opening.math).not.toContain('mathbb'); // fourth block
  });

  test('the layout gets the same stylesheet and font preloads as from the HTML', async () => {
    const { code, metadata } = await processor.render(POST);
    const { classNames, opening } = metadata.frontmatter as { classNames: string[]; opening: { math: string[] } };
    expect(await katexCss(classNames)).toBe(await katexCss(code));
    const fromHtml = openingOf(code);
    expect(await katexFontFiles(opening.math)).toEqual(await katexFontFiles(fromHtml.math));
  });
});
