// Browser tests of the built site (tests/e2e/global-setup.ts builds and serves it).
// Screenshots land in test-results/screenshots/ for a person to look at.
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { screenshot } from '../helpers/browser.ts';
import { test } from '../helpers/fixtures.ts';

const POST = 'posts/chain-rule-by-hand/';
async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe('a post with math and code', () => {
  test('renders with no console errors, and its display math has a size', async ({ open }) => {
    const { page, errors } = await open(POST);
    expect(await page.locator('h1').first().textContent()).toContain('chain rule');
    const display = page.locator('.katex-display').first();
    const box = await display.boundingBox();
    expect(box?.width).toBeGreaterThan(50);
    expect(box?.height).toBeGreaterThan(15);
    // KaTeX's fonts were loaded (self-hosted), not a fallback.
    const katexFonts = await page.evaluate(
      () => [...document.fonts].filter((f) => f.family.startsWith('KaTeX') && f.status === 'loaded').length,
    );
    expect(katexFonts).toBeGreaterThan(0);
    // The stylesheet matches the markup: each formula's pieces are laid out unbroken.
    const base = await page.evaluate(() => getComputedStyle(document.querySelector('.katex-html > *')!).whiteSpace);
    expect(base).toBe('nowrap');
    // Code is highlighted with per-token colours.
    expect(await page.locator('pre.astro-code span[style*="--shiki-light"]').count()).toBeGreaterThan(5);
    expect(errors).toEqual([]);
  });

  test('an equation reference jumps to its equation', async ({ open }) => {
    const { page } = await open(POST);
    const ref = page.locator('a.eqref').first();
    const href = await ref.getAttribute('href');
    expect(href).toMatch(/^#eq-/);
    await ref.click();
    expect(await page.evaluate(() => location.hash)).toBe(href);
    const anchor = page.locator(href!);
    expect(await anchor.count()).toBe(1);
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    for (const [label, width] of [
      ['desktop', 1280],
      ['phone', 360],
    ] as const) {
      test(`screenshot: ${colorScheme}, ${label}`, async ({ open }) => {
        const { page, errors } = await open(POST, { width, colorScheme });
        expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(colorScheme);
        await screenshot(page, `post-${colorScheme}-${label}`);
        expect(errors).toEqual([]);
      });
    }
  }
});

describe('theme', () => {
  test('follows prefers-color-scheme when nothing is saved', async ({ open }) => {
    const { page } = await open(POST, { colorScheme: 'dark' });
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).not.toBe('rgb(253, 252, 250)');
  });

  test('the toggle switches the theme and the choice persists across reloads', async ({ open }) => {
    const { page } = await open(POST, { colorScheme: 'light' });
    const html = page.locator('html');
    const toggle = page.locator('[data-theme-toggle]');
    await expect.poll(() => html.getAttribute('data-theme')).toBe('light');
    const lightBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const lightCode = await page.evaluate(() => getComputedStyle(document.querySelector('pre.astro-code span[style]')!).color);
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');

    await toggle.click();
    expect(await html.getAttribute('data-theme')).toBe('dark');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    const darkBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const darkCode = await page.evaluate(() => getComputedStyle(document.querySelector('pre.astro-code span[style]')!).color);
    expect(darkBg).not.toBe(lightBg);
    expect(darkCode).not.toBe(lightCode); // code blocks follow the site theme

    await page.reload({ waitUntil: 'load' });
    expect(await html.getAttribute('data-theme')).toBe('dark');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');

    await toggle.click();
    await page.reload({ waitUntil: 'load' });
    expect(await html.getAttribute('data-theme')).toBe('light');
  });

  test('<meta name="theme-color"> follows the toggle, not only the OS', async ({ open }) => {
    const { page } = await open(POST, { colorScheme: 'light' });
    // The theme colours whose media query applies now (what the browser chrome uses).
    const active = () =>
      page.evaluate(() =>
        [...document.querySelectorAll<HTMLMetaElement>('meta[name="theme-color"]')]
          .filter((meta) => matchMedia(meta.media || 'all').matches)
          .map((meta) => meta.content),
      );
    expect(await active()).toEqual(['#fdfcfa']);
    await page.locator('[data-theme-toggle]').click();
    expect(await active()).toEqual(['#15171c']);
    await page.reload({ waitUntil: 'load' });
    expect(await active()).toEqual(['#15171c']); // the saved choice, from the first paint
  });

  test('a saved theme is applied before the first paint (no flash)', async ({ open, baseUrl }) => {
    const { page } = await open(null);
    const url = new URL(POST, baseUrl).href;
    // A probe as the first thing in <body> records the theme before anything is painted.
    await page.route(url, async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace(
        /<body([^>]*)>/,
        '<body$1><script>window.themeAtBody = document.documentElement.dataset.theme</script>',
      );
      await route.fulfill({ response, body: html });
    });
    await page.goto(new URL('/', url).href);
    await page.evaluate(() => localStorage.setItem('adjoint-theme', 'dark'));
    await page.goto(url);
    expect(await page.evaluate(() => (window as unknown as { themeAtBody: string }).themeAtBody)).toBe('dark');
  });
});

describe('layout and accessibility', () => {
  for (const path of ['', POST, 'posts/notation/', 'posts/basics/finite-differences/', 'tags/', 'about/', 'no-such-page/']) {
    test(`no horizontal overflow at 360 px: /${path}`, async ({ open }) => {
      const { page } = await open(path, { width: 360 });
      expect(await horizontalOverflow(page)).toBe(0);
    });
  }

  test('every page with math loads the KaTeX stylesheet (MathML hidden, never shown twice)', async ({ open }) => {
    // (About's only math is the LaTeX logo, drawn without KaTeX: tests/e2e/home.test.ts.)
    for (const path of [POST, 'posts/notation/']) {
      const { page } = await open(path);
      const shown = await page.evaluate(
        () => [...document.querySelectorAll('.katex-mathml')].filter((el) => el.getBoundingClientRect().width > 1).length,
      );
      expect(await page.locator('.katex').count(), path).toBeGreaterThan(0);
      expect(shown, path).toBe(0);
    }
  });

  test('at 360 px an equation number stays in view while its display scrolls, and never sits on the formula’s end', async ({ open }) => {
    const { page } = await open('posts/backprop-simple-case/', { width: 360 });
    const problems = await page.evaluate(() =>
      [...document.querySelectorAll('.katex-display')].flatMap((display) => {
        const tag = display.querySelector('.katex-tag');
        const bases = [...display.querySelectorAll('.katex-html > .katex-base')];
        if (!tag || bases.length === 0) return [];
        const found: string[] = [];
        // Scrolled to either end, the number is inside the display's box; at the far end the
        // formula's last glyph is left of it (in between, the formula fades out under it).
        for (const end of [0, display.scrollWidth]) {
          display.scrollLeft = end;
          const box = display.getBoundingClientRect();
          const t = tag.getBoundingClientRect();
          if (t.left < box.left - 1 || t.right > box.right + 1) found.push(`${tag.textContent}: out of view at scrollLeft ${end}`);
        }
        const formulaRight = Math.max(...bases.map((base) => base.getBoundingClientRect().right));
        const tagText = tag.querySelector('.mord')!.getBoundingClientRect().left;
        if (tagText < formulaRight - 1) found.push(`${tag.textContent}: number at ${tagText}, formula ends at ${formulaRight}`);
        display.scrollLeft = 0;
        return found;
      }),
    );
    expect(await page.locator('.katex-display .katex-tag').count()).toBeGreaterThan(3);
    expect(problems).toEqual([]);
    expect(await horizontalOverflow(page)).toBe(0);
  });

  test('the skip link is the first stop and moves focus to the main content', async ({ open }) => {
    const { page } = await open(POST);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
    expect(focused).toBe('Skip to content');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none'); // visible focus
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => location.hash)).toBe('#main');
    expect(await page.locator('header').count()).toBeGreaterThan(0);
    expect(await page.locator('main').count()).toBe(1);
    expect(await page.locator('footer.site-footer').count()).toBe(1);
  });

  test('screenshots: home page and tag index', async ({ open }) => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page } = await open('', { colorScheme });
      await screenshot(page, `home-${colorScheme}-desktop`);
    }
    const { page } = await open('', { width: 360 });
    await screenshot(page, 'home-light-phone');
    const tags = await open('tags/');
    await screenshot(tags.page, 'tags-light-desktop');
  });

  test('the 404 page is served with status 404', async ({ open, baseUrl }) => {
    const { page } = await open(null);
    const response = await page.goto(new URL('no-such-page/', baseUrl).href);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toContain('Page not found');
  });
});
