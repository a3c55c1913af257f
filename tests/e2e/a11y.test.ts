// Accessibility of every built page type, in the light and the dark theme: axe-core is run
// on the whole document and any violation, at any impact, fails the test (colour contrast
// and best practices such as unique landmarks included). Pages with widgets are checked
// after every widget has mounted, so the live controls (not just their static first frame)
// are covered; every widget appears on at least one page below, and the search dialog is
// checked open, with results. The real site has no Franklin or Pluto pages: those page
// types are built from their fixtures and audited the same way, light and dark, in
// franklin.test.ts and pluto.test.ts.
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { audit, describeViolations } from '../helpers/axe.ts';
import { test } from '../helpers/fixtures.ts';
import { fontsSettled } from '../helpers/browser.ts';

const PAGES: Array<[label: string, path: string]> = [
  ['home', ''],
  ['post with math and code', 'posts/chain-rule-by-hand/'],
  ['post with citations and sidenotes', 'posts/notation/'],
  ['post with live cells', 'posts/flux-gradient-jacobian/'],
  ['post with nn-playground', 'posts/backprop-simple-case/'],
  ['post with autodiff-graph and dual-sqrt', 'posts/forward-and-reverse-mode/'],
  ['post with kink', 'posts/what-autodiff-returns-at-a-kink/'],
  ['post with loss-slice', 'posts/convexity-and-shallow-networks/'],
  ['post with every widget (guide, grad-check included)', 'posts/guide/widgets/'],
  ['tag index', 'tags/'],
  ['tag page', 'tags/calculus/'],
  ['about', 'about/'],
  ['404', 'no-such-page/'],
];

/** Scroll each widget into view so it starts, and wait until it is live. */
async function mountWidgets(page: Page): Promise<void> {
  const figures = page.locator('figure[data-widget]');
  const count = await figures.count();
  for (let i = 0; i < count; i++) {
    const figure = figures.nth(i);
    await figure.scrollIntoViewIfNeeded();
    await expect.poll(() => figure.getAttribute('data-widget-state'), { timeout: 30_000 }).toBe('live');
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

for (const colorScheme of ['light', 'dark'] as const) {
  describe(`axe-core, ${colorScheme} theme`, () => {
    for (const [label, path] of PAGES) {
      test(`${label}: /${path}`, async ({ open }) => {
        const { page } = await open(path, { colorScheme });
        await fontsSettled(page);
        expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(colorScheme);
        await mountWidgets(page);
        expect(describeViolations(await audit(page))).toBe('');
      });
    }

    test('search open, with results', async ({ open }) => {
      const { page } = await open('posts/chain-rule-by-hand/', { colorScheme });
      await page.keyboard.press('/');
      await page.locator('#search-input').fill('gradient');
      await page.locator('#search-results > li').first().waitFor({ timeout: 15_000 });
      expect(describeViolations(await audit(page))).toBe('');
    });
  });
}

// The toggle, not the OS, chose the theme: widgets must follow the site's choice too
// (a widget colour keyed on prefers-color-scheme would pass the runs above and fail here).
test('the playground, switched to dark with the toggle while the OS is light', async ({ open }) => {
  const { page } = await open('posts/backprop-simple-case/');
  await page.click('[data-theme-toggle]');
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  await mountWidgets(page);
  expect(describeViolations(await audit(page))).toBe('');
});
