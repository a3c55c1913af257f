// KaTeX's stylesheet cut to what a page's math uses (src/katex-dist.ts). The browser test
// (tests/e2e/katex-css.test.ts) shows the cut changes no formula on the real site; these pin
// the rules of the cut on formulas rendered by the KaTeX the site uses.
import katex from 'katex';
import { describe, expect, test } from 'vitest';
import { katexCss, katexFontFiles } from '../../src/katex-dist.ts';

const html = (tex: string, displayMode = false) => katex.renderToString(tex, { displayMode, throwOnError: true });

describe('katexCss', () => {
  test('without a page it is the whole stylesheet, fonts served from the site, woff2 only', async () => {
    const whole = await katexCss();
    expect(whole.match(/@font-face/g)).toHaveLength(20);
    expect(whole).toContain('url(/katex/fonts/KaTeX_Main-Regular.woff2) format("woff2")');
    expect(whole).not.toMatch(/\.woff\)|\.ttf\)/);
  });

  test('a page keeps the rules its classes match and the faces of the families they use', async () => {
    const whole = await katexCss();
    const css = await katexCss(`<p>${html('x^2')}</p>`);
    expect(css.length).toBeLessThan(whole.length / 3);
    expect(css).toContain('.katex .mathnormal{font-family:KaTeX_Math;font-style:italic}');
    expect(css).toContain('.katex .msupsub{text-align:left}');
    expect(css).not.toContain('.mfrac'); // no fraction on the page
    expect(css).not.toContain('font-family:KaTeX_Fraktur;'); // nor its face
    expect(css).toMatch(/@font-face\{[^}]*font-family:KaTeX_Math;/);
  });

  test('a rule with several selectors keeps only those the page matches', async () => {
    const css = await katexCss(html('\\sum_i x_i', true));
    expect(css).toContain('.katex .op-symbol.large-op{font-family:KaTeX_Size2}');
    expect(css).not.toContain('.small-op');
    const inline = await katexCss(html('\\sum_i x_i'));
    expect(inline).toContain('.katex .op-symbol.small-op{font-family:KaTeX_Size1}');
    expect(inline).toMatch(/@font-face\{[^}]*font-family:KaTeX_Size1;/);
  });

  test('a class under :not() is not required: an accent keeps its zero-width body rule', async () => {
    const css = await katexCss(html('\\bar{x}'));
    expect(css).toContain('.katex .katex-accent .accent-body:not(.accent-full){width:0}');
  });

  test('pages with the same math share one cut; single-quoted class attributes count', async () => {
    const a = await katexCss(html('\\frac{a}{b}'));
    const b = await katexCss(`<div class='other'>${html('\\frac{c}{d}')}</div>`);
    expect(a).toBe(b);
    expect(await katexCss(`<span class='katex'><span class='mfrac'></span></span>`)).toContain('.mfrac');
  });
});

describe('katexFontFiles', () => {
  test('the faces the rules set: KaTeX_Main upright for any formula, KaTeX_Math italic for a variable', async () => {
    expect(await katexFontFiles(`<p>${html('2+3')}</p>`)).toEqual(['/katex/fonts/KaTeX_Main-Regular.woff2']);
    expect(await katexFontFiles(`<p>${html('x^2')}</p>`)).toEqual([
      '/katex/fonts/KaTeX_Main-Regular.woff2',
      '/katex/fonts/KaTeX_Math-Italic.woff2',
    ]);
  });

  test('bold, blackboard and large operators bring their own faces', async () => {
    const files = await katexFontFiles(html('\\mathbf{W} \\in \\mathbb{R} \\quad \\sum_i x_i', true));
    expect(files).toEqual(
      expect.arrayContaining([
        '/katex/fonts/KaTeX_Main-Bold.woff2',
        '/katex/fonts/KaTeX_AMS-Regular.woff2',
        '/katex/fonts/KaTeX_Size2-Regular.woff2',
      ]),
    );
    expect(files).not.toContain('/katex/fonts/KaTeX_Main-Italic.woff2');
  });

  test('no math, no faces', async () => {
    expect(await katexFontFiles('<p>plain <em>text</em></p>')).toEqual([]);
  });
});
