// A page preloads KaTeX's faces for the math on its first screen (src/layouts/Base.astro), so
// they are fetched with the page instead of after the first layout; the body face is not
// preloaded (it comes after the first paint: src/styles/fonts.css, tests/e2e/web-fonts.test.ts).
// A preload nothing uses is a wasted download that Chromium warns about: every face a page
// preloads must be in use once the page has loaded, on a phone and on a laptop. The preloads
// sit at the top of <body>, where Chromium does not let them hold the first paint.
import { describe, expect, inject } from 'vitest';
import { test } from '../helpers/fixtures.ts';
import { sitePaths } from '../helpers/sitemap.ts';

const base = inject('baseUrl');
const pages: [string, string[]][] = [];
/** Pages with a font preload before <body>. */
const inHead: string[] = [];
/** Every font any page preloads. */
const preloaded = new Set<string>();
for (const path of await sitePaths(base)) {
  const html = await (await fetch(new URL(path, base))).text();
  const links = [...html.matchAll(/<link rel="preload" href="([^"]+)" as="font"/g)];
  const fonts = links.map((m) => m[1]!);
  if (links.some((m) => m.index < html.indexOf('<body'))) inHead.push(path);
  for (const font of fonts) preloaded.add(font);
  if (fonts.length > 0) pages.push([path, fonts]);
}

/** For each URL, whether a loaded FontFace of the document's stylesheets has it as its source. */
const facesInUse = (urls: string[]) => {
  const weight = (w: string) => ({ '': '400', normal: '400', bold: '700' })[w] ?? w;
  const key = (family: string, style: string, w: string) => `${family.replace(/^"|"$/g, '')}|${style || 'normal'}|${weight(w)}`;
  const loaded = new Set([...document.fonts].filter((f) => f.status === 'loaded').map((f) => key(f.family, f.style, f.weight)));
  const faceOf = new Map<string, string>();
  for (const sheet of document.styleSheets) {
    for (const rule of sheet.cssRules) {
      if (!(rule instanceof CSSFontFaceRule)) continue;
      const style = (name: string) => rule.style.getPropertyValue(name);
      for (const url of urls)
        if (style('src').includes(url)) faceOf.set(url, key(style('font-family'), style('font-style'), style('font-weight')));
    }
  }
  return urls.map((url) => {
    const face = faceOf.get(url);
    return `${url}: ${face === undefined ? 'no @font-face' : loaded.has(face) ? 'in use' : `${face} not used`}`;
  });
};

describe('font preloads', () => {
  test("posts preload KaTeX's faces where their opening uses them, and no page preloads anything else", () => {
    expect(pages.some(([path, fonts]) => path.startsWith('posts/') && fonts.some((url) => url.includes('/katex/fonts/')))).toBe(true);
    expect([...preloaded].filter((url) => !url.includes('/katex/fonts/'))).toEqual([]);
  });

  test('no page preloads a font in <head>, where Chromium lets the preload hold the first paint', () => {
    expect(pages.length).toBeGreaterThan(3);
    expect(inHead).toEqual([]);
  });

  for (const [width, height] of [
    [412, 823],
    [1366, 650],
  ] as const) {
    test.for(pages)(`at ${width} px every face %s preloads is in use once it has loaded`, async ([path, fonts], { open }) => {
      const { page } = await open(path, { viewport: { width, height } });
      expect(await page.evaluate(facesInUse, fonts)).toEqual(fonts.map((url) => `${url}: in use`));
    });
  }
});
