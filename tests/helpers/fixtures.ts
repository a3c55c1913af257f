// Browser-test fixtures after Playwright Test's, on Vitest's test.extend: one Chromium per
// test file, and pages that close themselves and leave a screenshot when their test fails.
// (Kept apart from browser.ts, which the e2e global set-up imports outside any test.)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { test as base, inject } from 'vitest';
import { collectErrors, fontsSettled, fullPageScreenshot, launch, type Opened } from './browser.ts';

export interface BrowserFixtures {
  /** The served site's root URL (tests/e2e/global-setup.ts). */
  baseUrl: string;
  /**
   * A page in a fresh context (own storage, 1280 × 900, light, unless `options` say
   * otherwise) with its errors collected, loaded from `path` on the site with its fonts
   * ready (or blank for `null`, for a test that attaches listeners first). Every
   * page a test opens is closed after it; when the test fails, each still-open page is
   * screenshotted first to test-results/failures/.
   */
  open: (path?: string | null, options?: OpenOptions) => Promise<Opened>;
}

export type OpenOptions = BrowserContextOptions & {
  /** Shorthand for a viewport `width` × 900 CSS px. */
  width?: number;
  /** Options for page.goto (default: wait for the load event). */
  goto?: Parameters<Page['goto']>[1];
};

export const FAILURE_DIR = join(process.cwd(), 'test-results', 'failures');

/**
 * Vitest's `test` with browser fixtures, after Playwright Test's: one Chromium per test file
 * (`browser`), and `open` for pages that close themselves and leave a screenshot on failure.
 */
export const test = base.extend<BrowserFixtures & { browser: Browser }>({
  browser: [
    // biome-ignore lint/correctness/noEmptyPattern: Vitest reads a fixture's dependencies from this pattern
    async ({}, use) => {
      const browser = await launch();
      await use(browser);
      await browser.close();
    },
    { scope: 'file' },
  ],
  // biome-ignore lint/correctness/noEmptyPattern: as above
  baseUrl: async ({}, use) => use(inject('baseUrl')),
  open: async ({ browser, baseUrl, task }, use) => {
    const opened: Opened[] = [];
    await use(async (path = '', { goto, width, ...options } = {}) => {
      const context = await browser.newContext({
        viewport: { width: width ?? 1280, height: 900 },
        colorScheme: 'light',
        deviceScaleFactor: 1,
        ...options,
      });
      const page = await context.newPage();
      const errors = collectErrors(page);
      opened.push({ context, page, errors });
      if (path !== null) {
        await page.goto(new URL(path, baseUrl).href, goto ?? { waitUntil: 'load' });
        if (options.javaScriptEnabled !== false) await fontsSettled(page);
      }
      return { context, page, errors };
    });
    if (task.result?.state === 'fail') {
      mkdirSync(FAILURE_DIR, { recursive: true });
      const name = task.name.replace(/[^\w-]+/g, '-').slice(0, 80);
      for (const [i, { page }] of opened.entries()) {
        if (page.isClosed()) continue;
        const path = join(FAILURE_DIR, `${name}${opened.length > 1 ? `-${i + 1}` : ''}.png`);
        await fullPageScreenshot(page, path).then(
          () => console.error(`screenshot of the failing page: ${path}`),
          () => undefined,
        );
      }
    }
    for (const { context } of opened) await context.close().catch(() => undefined);
  },
});
