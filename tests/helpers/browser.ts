// Launching Debian's Chromium through playwright-core. `npx playwright install` cannot
// download browsers on these machines, so we never fall back to one: a missing Chromium
// is a failure that says how to install it.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const INSTALL_HINT = 'apt-get update && apt-get install -y chromium';

export function chromiumPath(
  candidates: (string | undefined)[] = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'],
): string {
  const found = candidates.find((path): path is string => !!path && existsSync(path));
  if (!found) {
    throw new Error(
      `No Chromium found (looked at CHROME_PATH, /usr/bin/chromium, /usr/bin/chromium-browser).\n` +
        `Browser tests never skip: install it with\n\n    ${INSTALL_HINT}\n\nor set CHROME_PATH.`,
    );
  }
  return found;
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    // The machine has no outside network: without these flags Chromium keeps trying to
    // reach Google's services and floods the log with refused connections.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');

/**
 * A screenshot of the whole page at `path`. Off-screen prose is skipped by
 * content-visibility (prose.css) until a reader scrolls near it, and a capture beyond the
 * window would show it blank, so it is rendered for the capture.
 */
export async function fullPageScreenshot(page: Page, path: string): Promise<void> {
  // Playwright's own `style` option, not addStyleTag: that waits on a script, and hangs for
  // good on a page opened with JavaScript off.
  await page.screenshot({ path, fullPage: true, style: '* { content-visibility: visible !important; }' });
}

/** Save a full-page screenshot for a person to look at; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await fullPageScreenshot(page, path);
  return path;
}

/**
 * Wait until a page's text is in the faces it ends in. The body face is switched on only after
 * the first paint (src/components/WebFonts.astro), so `document.fonts.ready` alone can resolve
 * before its files are even asked for: wait for the switch (on a page of the site; a page
 * without its stylesheet has none), lay the page out so the faces in use are requested, then
 * wait for them.
 */
export async function fontsSettled(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      document.documentElement.classList.contains('web-fonts') ||
      !getComputedStyle(document.documentElement).getPropertyValue('--font-web'),
  );
  await page.evaluate(() => {
    document.body.getBoundingClientRect();
    return document.fonts.ready;
  });
}

/** Collect console errors and uncaught page errors so a test can assert there were none. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  return errors;
}

export interface Opened {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors, collected from the start. */
  errors: string[];
}
