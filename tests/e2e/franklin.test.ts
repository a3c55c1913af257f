// An imported Franklin page in Chromium: light, dark and 360 px wide, checked with axe-core. The
// fixture Franklin site (tests/fixtures/franklin-site) is built and served on its own, since the
// real site has no Franklin folder.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../../scripts/serve.mjs';
import { audit, describeViolations } from '../helpers/axe.ts';
import { collectErrors, fontsSettled, launch, screenshot } from '../helpers/browser.ts';
import { buildFixture } from '../site/build.ts';

let browser: Browser;
let server: { url: string; close: () => Promise<void> | void };
/** A URL on the fixture site (the server's url ends with a slash). */
const at = (path: string) => new URL(path, server.url).href;

beforeAll(async () => {
  const built = buildFixture('../../fixtures/franklin-site', { as: 'franklin-e2e' });
  if (!built.ok) throw new Error(built.log);
  server = await serve(built.out, 0);
  browser = await launch();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const CASES = [
  { name: 'light', colorScheme: 'light', width: 1366, height: 650 },
  { name: 'dark', colorScheme: 'dark', width: 1366, height: 650 },
  { name: 'narrow', colorScheme: 'light', width: 360, height: 740 },
] as const;

describe('an imported Franklin page', () => {
  for (const { name, colorScheme, width, height } of CASES) {
    it(`reads well and passes axe: ${name} (${width} px)`, async () => {
      const context = await browser.newContext({ viewport: { width, height }, colorScheme, deviceScaleFactor: 1 });
      const page = await context.newPage();
      const errors = collectErrors(page);
      await page.goto(at('blog/2021/first-steps'));
      await fontsSettled(page);
      expect(page.url()).toBe(at('blog/2021/first-steps/')); // the URL without its slash resolves
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(colorScheme);
      expect(await page.locator('h1').count()).toBe(1);
      expect(await page.locator('.katex-display').count()).toBeGreaterThanOrEqual(2);
      // Nothing of the page is wider than the screen: long formulas and code scroll inside their own box.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      expect(describeViolations(await audit(page))).toBe('');
      await screenshot(page, `franklin-page-${name}`);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('the home page with the Franklin introduction passes axe in the dark theme', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 650 }, colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto(at(''));
    expect(describeViolations(await audit(page))).toBe('');
    await screenshot(page, 'franklin-home-dark');
    await context.close();
  });

  it('the page with marked markup passes axe', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 650 }, colorScheme: 'light' });
    const page = await context.newPage();
    await page.goto(at('blog/2022/second-order/'));
    expect(await page.locator('.franklin-unsupported').count()).toBe(2);
    expect(describeViolations(await audit(page))).toBe('');
    await screenshot(page, 'franklin-marked-light');
    await context.close();
  });
});
