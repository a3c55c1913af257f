// A page carries only the part of KaTeX's stylesheet its math uses (src/katex-dist.ts). The
// proof that nothing needed was left out is in the browser: on every built page with math,
// each element of each formula has exactly the computed style it gets under KaTeX's whole
// stylesheet, and every KaTeX font family a formula asks for has its @font-face.
import { describe, expect, inject } from 'vitest';
import { katexCss } from '../../src/katex-dist.ts';
import { test } from '../helpers/fixtures.ts';
import { sitePaths } from '../helpers/sitemap.ts';

async function pagesWithMath(): Promise<string[]> {
  const base = inject('baseUrl');
  const paths = await sitePaths(base);
  const withMath: string[] = [];
  for (const path of paths) {
    if ((await (await fetch(new URL(path, base))).text()).includes('data-katex-css')) withMath.push(path);
  }
  return withMath;
}

/**
 * The properties katex.min.css sets (its shorthands as their longhands), as computed for every
 * element inside a formula and its ::before/::after, in document order.
 */
const formulaStyles = () => {
  const properties = (
    'display position top right bottom left width height min-width max-width min-height max-height ' +
    'margin-top margin-right margin-bottom margin-left padding-top padding-right padding-bottom padding-left ' +
    'border-top-width border-right-width border-bottom-width border-left-width border-top-style ' +
    'border-bottom-style border-right-style border-left-style border-collapse box-sizing ' +
    'font-family font-size font-style font-weight line-height text-align text-indent text-rendering ' +
    'vertical-align white-space overflow-x overflow-y clip-path transform table-layout flex-direction ' +
    'align-items content counter-increment counter-reset fill fill-rule stroke stroke-width'
  ).split(' ');
  return [...document.querySelectorAll('.katex, .katex *')].map((el) =>
    ['', '::before', '::after']
      .map((pseudo) => {
        const style = getComputedStyle(el, pseudo || null);
        return properties.map((name) => style.getPropertyValue(name)).join(';');
      })
      .join('|'),
  );
};

const pages = await pagesWithMath();

describe('KaTeX stylesheet per page', () => {
  test('the real site has pages with math to check', () => {
    expect(pages.length).toBeGreaterThan(5);
  });

  test.for(pages)('every formula on %s looks as it does under the whole stylesheet', async (path, { open, baseUrl }) => {
    const whole = await katexCss();
    /** The page as built, or (`replace`) with KaTeX's whole stylesheet in place of its part. */
    const load = async (replace: boolean) => {
      const { page, errors } = await open(null, { javaScriptEnabled: false });
      if (replace) {
        await page.route('**/*', async (route) => {
          if (route.request().resourceType() !== 'document') return route.continue();
          const response = await route.fetch();
          const html = (await response.text()).replace(
            /(<style data-katex-css>)[^<]*(<\/style>)/,
            (_, open, close) => open + whole + close,
          );
          await route.fulfill({ response, body: html });
        });
      }
      await page.goto(new URL(path, baseUrl).href);
      // A face loads when layout first asks for it, and the post's sections off screen are not
      // laid out (content-visibility): load every declared face, so both pages measure with
      // the same fonts. A stand-in for another system (Noto Serif, fonts.css) may have no
      // local font here: it fails alike on both pages.
      await page.evaluate(async () => {
        await Promise.allSettled([...document.fonts].map((face) => face.load()));
      });
      return { page, errors };
    };
    const { page, errors } = await load(false);
    const carried = await page.locator('style[data-katex-css]').textContent();
    expect(carried!.length, path).toBeLessThan(whole.length);
    const missingFaces = await page.evaluate(() => {
      const faces = new Set([...document.fonts].map((face) => face.family.replace(/"/g, '')));
      const asked = [...document.querySelectorAll('.katex, .katex *')].map((el) =>
        getComputedStyle(el).fontFamily.split(',')[0]!.trim().replace(/"/g, ''),
      );
      return [...new Set(asked)].filter((family) => family.startsWith('KaTeX_') && !faces.has(family));
    });
    expect(missingFaces, `${path}: KaTeX families without an @font-face`).toEqual([]);
    const subset = await page.evaluate(formulaStyles);
    expect(subset.length, `${path} has formulas`).toBeGreaterThan(0);
    const reference = await load(true);
    expect(await reference.page.locator('style[data-katex-css]').textContent()).toBe(whole);
    const full = await reference.page.evaluate(formulaStyles);
    expect(full.length).toBe(subset.length);
    const differing = subset.findIndex((style, i) => style !== full[i]);
    const where =
      differing < 0
        ? ''
        : await page.evaluate((i) => [...document.querySelectorAll('.katex, .katex *')][i]!.outerHTML.slice(0, 300), differing);
    expect(
      differing,
      `${path}: element ${differing} inside a formula is styled differently:\n${where}\n${subset[differing]}\n${full[differing]}`,
    ).toBe(-1);
    expect([...errors, ...reference.errors]).toEqual([]);
  });
});
