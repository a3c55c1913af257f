// Search in the browser, on the built site (tests/e2e/global-setup.ts builds and serves it):
// the dialog opens from the button, `/` and Ctrl-K, finds prose, math (by its TeX) and widget
// captions, is driven by the keyboard, passes axe in both themes, and loads nothing until opened.
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { audit, describeViolations } from '../helpers/axe.ts';
import { screenshot } from '../helpers/browser.ts';
import { test } from '../helpers/fixtures.ts';

const POST = 'posts/chain-rule-by-hand/';

/** Type a query into the open dialog and wait until its status line reports on that query. */
async function searchFor(page: Page, query: string): Promise<string> {
  await page.locator('#search-input').fill(query);
  const status = page.locator('#search-status');
  await expect.poll(async () => (await status.textContent()) ?? '', { timeout: 15_000 }).toContain(`“${query}”`);
  return (await status.textContent()) ?? '';
}

const titles = (page: Page) => page.locator('#search-results > li > a .search__title').allTextContents();
const dialogOpen = (page: Page) => page.evaluate(() => document.querySelector<HTMLDialogElement>('#search-dialog')?.open ?? false);

describe('search', () => {
  test('loads nothing until opened; the button then fetches the dialog and Pagefind', async ({ open, baseUrl }) => {
    const { page, errors } = await open(null);
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await page.goto(new URL(POST, baseUrl).href);
    await page.waitForLoadState('networkidle');
    expect(requested.filter((path) => path.includes('search-dialog') || path.startsWith('/pagefind/'))).toEqual([]);
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => dialogOpen(page)).toBe(true);
    await expect.poll(() => requested.some((path) => path === '/pagefind/pagefind.js')).toBe(true);
    expect(requested.some((path) => /\/_astro\/search-dialog\.[\w-]+\.js$/.test(path))).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search-input');
    expect(errors).toEqual([]);
  });

  test('finds prose, math by its TeX, and widget captions; results link to the post', async ({ open }) => {
    const { page, errors } = await open(POST);
    await page.keyboard.press('/');
    await expect.poll(() => dialogOpen(page)).toBe(true);
    // Prose.
    expect(await searchFor(page, 'Taylor')).toMatch(/^\d+ pages? match/);
    expect(await titles(page)).toContain('Checking derivatives with finite differences');
    expect(await page.locator('#search-results mark').count()).toBeGreaterThan(0);
    // A word that appears only inside a formula (equation (5) of the backprop post).
    await searchFor(page, 'Longleftrightarrow');
    expect(await titles(page)).toEqual(['Backprop: a simple case']);
    // A phrase that appears only in a widget's caption (the kink explorer's second figure).
    await searchFor(page, 'supporting line');
    expect(await titles(page)).toContain('What autodiff returns at a kink');
    // Nothing found says so. (Pagefind falls back to the longest indexed prefix of a word, so
    // "zzyzx" would match "z"; a letter no post uses matches nothing.)
    expect(await searchFor(page, 'ßßß')).toBe('No results for “ßßß”.');
    expect(await page.locator('#search-results li').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  test('keyboard: Ctrl-K opens, ↓ walks the results, Enter follows one, Esc closes and returns focus', async ({ open }) => {
    const { page } = await open(POST);
    await page.keyboard.press('Control+k');
    await expect.poll(() => dialogOpen(page)).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialogOpen(page)).toBe(false);
    // Opened by the button, Esc gives focus back to it.
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => dialogOpen(page)).toBe(true);
    // `/` typed in the field is text, not a shortcut.
    await page.keyboard.type('a/b');
    expect(await page.locator('#search-input').inputValue()).toBe('a/b');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialogOpen(page)).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-search-open'))).toBe(true);

    await page.keyboard.press('/');
    await searchFor(page, 'finite differences');
    await page.keyboard.press('ArrowDown');
    const first = await page.evaluate(() => (document.activeElement as HTMLAnchorElement).getAttribute('href'));
    expect(first).toMatch(/^\/posts\//);
    await page.keyboard.press('ArrowDown');
    const second = await page.evaluate(() => (document.activeElement as HTMLAnchorElement).getAttribute('href'));
    expect(second).not.toBe(first);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname + url.hash === first);
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`the open dialog with results has no axe violations (${colorScheme}); screenshots`, async ({ open }) => {
      const { page } = await open(POST, { colorScheme });
      await page.keyboard.press('/');
      await searchFor(page, 'gradient');
      const violations = await audit(page);
      expect(violations, describeViolations(violations)).toEqual([]);
      await page.screenshot({ path: await screenshot(page, `search-${colorScheme}`) });
      const phone = await open(POST, { colorScheme, viewport: { width: 360, height: 800 } });
      await phone.page.getByRole('button', { name: 'Search' }).click();
      await searchFor(phone.page, 'jacobian');
      await phone.page.screenshot({ path: await screenshot(phone.page, `search-${colorScheme}-phone`) });
      // The dialog fits the phone's width.
      const box = await phone.page.locator('#search-dialog').boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 360).toBe(true);
    });
  }

  test('without JavaScript there is no search button to press', async ({ open }) => {
    const { page } = await open(POST, { javaScriptEnabled: false });
    expect(await page.locator('[data-search-open]').count()).toBe(1);
    expect(await page.locator('[data-search-open]').isVisible()).toBe(false);
  });
});
