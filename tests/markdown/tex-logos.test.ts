// $\LaTeX$ and $\TeX$ alone are logos, drawn without KaTeX (src/markdown/remark-tex-logos.ts),
// so a page whose only "math" is the logo (the About page) needs no KaTeX stylesheet.
import { createMarkdownProcessor, type MarkdownRenderer } from '@astrojs/markdown-remark';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { rehypePlugins, remarkPlugins, remarkRehype, shikiConfig } from '../../src/markdown/pipeline.ts';

let processor: MarkdownRenderer;
beforeAll(async () => {
  processor = await createMarkdownProcessor({ remarkPlugins, rehypePlugins, remarkRehype, shikiConfig });
});

async function render(markdown: string): Promise<{ html: string; hasMath: boolean }> {
  const { code, metadata } = await processor.render(markdown, { frontmatter: {} });
  return { html: code, hasMath: metadata.frontmatter.hasMath === true };
}

describe('TeX logos', () => {
  test('$\\LaTeX$ and $\\TeX$ become a labelled span in the page font, and the page has no math', async () => {
    const { html, hasMath } = await render('Written in $\\LaTeX$, after $\\TeX{}$.');
    expect(hasMath).toBe(false);
    expect(html).not.toContain('katex');
    expect(html).toContain('<span class="tex-logo" role="img" aria-label="LaTeX">L<span style="text-transform:uppercase;font-size:0.75em;');
    expect(html).toContain(
      '<span class="tex-logo" role="img" aria-label="TeX">T<span style="text-transform:uppercase;vertical-align:-0.5ex;',
    );
  });

  test('a formula that merely contains the logo is still math, and KaTeX renders it', async () => {
    const { html, hasMath } = await render('Both $\\LaTeX$ and $x^2$ here; $\\text{\\LaTeX} + 1$ too.');
    expect(hasMath).toBe(true);
    expect(html.match(/class="katex"/g)).toHaveLength(2);
    expect(html.match(/class="tex-logo"/g)).toHaveLength(1);
  });

  test("the site's About page uses the logo and no other math", async () => {
    const about = readFileSync('content/about.md', 'utf8').replace(/^---[\s\S]*?---\n/, '');
    expect(about).toContain('$\\LaTeX$');
    const { html, hasMath } = await render(about);
    expect(hasMath).toBe(false);
    expect(html).toContain('aria-label="LaTeX"');
  });
});
