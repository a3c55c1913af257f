// Imported Pluto notebooks in Chromium: the pluto-site fixture (tests/fixtures/pluto-site/),
// built and served by this file, in light and dark, on a laptop and a 360 px phone, with axe.
// Screenshots land in test-results/screenshots/pluto-*.png for a person to look at.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { serve } from '../../scripts/serve.mjs';
import { audit, describeViolations } from '../helpers/axe.ts';
import { fontsSettled, screenshot } from '../helpers/browser.ts';
import { test } from '../helpers/fixtures.ts';
import { buildFixture } from '../site/build.ts';

const DESCENT = 'notebooks/descent.jl/';
const SLIDER = 'notebooks/bind/slider.jl/';
let site: { url: string; close(): Promise<void> | void };

beforeAll(() => {
  const built = buildFixture('../../fixtures/pluto-site/content', { as: 'pluto-e2e' });
  if (!built.ok) throw new Error(`the pluto-site fixture did not build:\n${built.log}`);
  return serve(built.out, 0).then((server: typeof site) => {
    site = server;
  });
}, 300_000);
afterAll(() => site?.close());

const at = (path: string) => new URL(path, site.url).href;
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('an imported notebook page', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const [label, width, height] of [
      ['laptop', 1366, 650],
      ['phone', 360, 800],
    ] as const) {
      for (const path of [DESCENT, SLIDER]) {
        const name = path.includes('slider') ? 'slider' : 'descent';
        test(`${name}, ${colorScheme}, ${label}: no errors, no overflow, no axe violations, only our origin`, async ({ open }) => {
          const { page, errors } = await open(null, { viewport: { width, height }, colorScheme });
          const origins = new Set<string>();
          page.on('request', (request) => origins.add(new URL(request.url()).origin));
          await page.goto(at(path));
          await fontsSettled(page);
          expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(colorScheme);
          expect(await overflow(page)).toBe(0);
          expect(describeViolations(await audit(page))).toBe('');
          expect([...origins].filter((o) => o !== new URL(site.url).origin && !o.startsWith('data:'))).toEqual([]);
          expect(errors).toEqual([]);
          await screenshot(page, `pluto-${name}-${colorScheme}-${label}`);
        });
      }
    }
  }

  test('math is typeset with KaTeX fonts, both plots load and fit the column at 360 px', async ({ open }) => {
    const { page } = await open(at(DESCENT), { width: 360 });
    expect(await page.locator('h1').count()).toBe(1);
    expect(await page.locator('h1').textContent()).toBe('Gradient descent on a parabola');
    const fonts = await page.evaluate(
      () => [...document.fonts].filter((f) => f.family.startsWith('KaTeX') && f.status === 'loaded').length,
    );
    expect(fonts).toBeGreaterThan(0);
    const pictures = page.locator('img.nb-out--picture');
    expect(await pictures.count()).toBe(2);
    for (const img of await pictures.all()) {
      await img.scrollIntoViewIfNeeded();
      await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBeGreaterThan(0);
      const box = await img.boundingBox();
      const column = await page.locator('.notebook__cells').boundingBox();
      expect(box!.width).toBeLessThanOrEqual(column!.width + 0.5);
    }
  });

  test('a wide output scrolls inside its own box at 360 px, not the page', async ({ open }) => {
    const { page } = await open(at(DESCENT), { width: 360 });
    const scroller = page.locator('.nb-output .table-scroll').first();
    expect(await scroller.count()).toBe(1);
    expect(await overflow(page)).toBe(0);
    const text = page.locator('.nb-out--text').first();
    expect(await text.evaluate((el) => getComputedStyle(el.parentElement!).overflowX)).toBe('auto');
  });

  test("a cell's logs sit under its code, unboxed and inside the column at 360 px; the stdout block scrolls itself", async ({ open }) => {
    const { page } = await open(at(DESCENT), { width: 360 });
    const logs = page.locator('.nb-logs');
    expect(await logs.count()).toBe(1);
    await logs.scrollIntoViewIfNeeded();
    expect(await logs.locator('.nb-log__level').allTextContents()).toEqual(['stdout', 'info', 'warning']);
    const code = await page.locator('.nb-cell', { has: logs }).locator('pre.astro-code').boundingBox();
    const box = await logs.boundingBox();
    const column = await page.locator('.notebook__cells').boundingBox();
    expect(box!.y).toBeGreaterThan(code!.y + code!.height - 1);
    expect(box!.x + box!.width).toBeLessThanOrEqual(column!.x + column!.width + 0.5);
    // Prose's code-block box (border, padding) must not apply to printed text in a log.
    const stdout = logs.locator('.nb-log__text');
    expect(await stdout.evaluate((el) => [getComputedStyle(el).borderTopWidth, getComputedStyle(el).overflowX])).toEqual(['0px', 'auto']);
  });

  test('folded code opens from the keyboard; the saved @bind value and its note are shown', async ({ open }) => {
    const { page } = await open(at(SLIDER));
    const folded = page.locator('details.nb-code--folded').first();
    expect(await folded.getAttribute('open')).toBeNull();
    await folded.locator('summary').focus();
    await page.keyboard.press('Enter');
    expect(await folded.getAttribute('open')).not.toBeNull();
    expect(await folded.locator('pre.astro-code').isVisible()).toBe(true);
    const bond = page.locator('.nb-bond').first();
    expect(await bond.locator('output').textContent()).toBe('0.25');
    expect(await bond.textContent()).toContain('moving this control needs Julia');
    expect(await page.locator('.nb-error').textContent()).toContain('the step size is too small to diverge');
    expect(await page.evaluate(() => document.title)).not.toBe('pwned');
  });

  test('old URLs land on the page, and the download link gives the .jl source', async ({ open }) => {
    for (const old of ['notebooks/descent.jl', 'notebooks/descent.jl.html']) {
      const { page } = await open(null);
      await page.goto(at(old));
      await page.waitForURL(at(DESCENT));
      expect(await page.locator('h1').textContent()).toBe('Gradient descent on a parabola');
    }
    const { page } = await open(at(DESCENT));
    const link = page.getByRole('link', { name: 'Download notebook (.jl)' });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('descent.jl');
    const response = await page.request.get(at(`${DESCENT}descent.jl`));
    expect((await response.text()).startsWith('### A Pluto.jl notebook ###')).toBe(true);
  });

  test('a bare .jl notebook says its outputs were not saved', async ({ open }) => {
    const { page, errors } = await open(at('notebooks/newton.jl/'), { width: 360 });
    expect(await page.locator('.notebook__note').textContent()).toContain('outputs were not saved');
    expect(await page.locator('h1').textContent()).toBe('Newton steps');
    expect(await page.locator('.katex-display').count()).toBe(1);
    await screenshot(page, 'pluto-newton-light-phone');
    expect(await overflow(page)).toBe(0);
    expect(describeViolations(await audit(page))).toBe('');
    expect(errors).toEqual([]);
  });
});
