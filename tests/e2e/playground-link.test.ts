// What a shared playground link may carry, in Chromium: a huge value in the notice must not
// widen the page, and a linked replay is capped and pauses off-screen like Play.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { REPLAY_MAX } from '../../src/widgets/nn-playground/controller.ts';
import { SCREENSHOT_DIR } from '../helpers/browser.ts';
import { type BrowserFixtures, test } from '../helpers/fixtures.ts';

const POST = 'posts/backprop-simple-case/';

/**
 * Open the post as if from a link with `query`. A 100 KB query is longer than the static
 * server accepts in a request line, so the page is loaded plainly and the address replaced
 * before any script runs (what the widget reads is `location.search`, as from a real link).
 */
async function openWithQuery(
  open: BrowserFixtures['open'],
  baseUrl: string,
  query: string,
  width: number,
): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await open(null, { width });
  await page.addInitScript((search: string) => history.replaceState(null, '', `${location.pathname}?${search}`), query);
  await page.goto(new URL(POST, baseUrl).href);
  const figure = page.locator('figure[data-widget="nn-playground"]').first();
  await figure.scrollIntoViewIfNeeded();
  await page.waitForFunction(
    () =>
      ['live', 'error'].includes(document.querySelector('figure[data-widget="nn-playground"]')?.getAttribute('data-widget-state') ?? ''),
    null,
    { timeout: 60_000 },
  );
  expect(await figure.getAttribute('data-widget-state'), errors.join('\n')).toBe('live');
  return { page, errors };
}

describe('a playground link', () => {
  test('finds the playground styled by one stylesheet in <head>, not by a copy in each figure', async ({ open, baseUrl }) => {
    const { page } = await openWithQuery(open, baseUrl, '', 1366);
    const styles = await page.evaluate(() =>
      [...document.querySelectorAll('style')]
        .filter((style) => style.textContent?.includes('.nnp-plot'))
        .map((style) => style.parentElement?.tagName),
    );
    expect(styles).toEqual(['HEAD']);
  });

  test('with a 100 KB value: the notice quotes it cut short and wrapped, and the page does not scroll sideways at 360 px', async ({
    open,
    baseUrl,
  }) => {
    const { page, errors } = await openWithQuery(open, baseUrl, `hidden=${'9'.repeat(100_000)}&activation=${'x'.repeat(60)}`, 360);
    const notice = page.locator('figure[data-widget="nn-playground"] [data-part="notice"]').first();
    expect(await notice.isVisible()).toBe(true);
    const text = (await notice.textContent()) ?? '';
    expect(text).toMatch(
      /^Ignored in the link: hidden=9{40}… \(100000 characters\) \(expected an integer 1–16; using 4\); activation=x{40}…/,
    );
    expect(text.length).toBeLessThan(400);
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      viewport: document.documentElement.clientWidth,
      notice: document.querySelector('[data-part="notice"]')!.getBoundingClientRect().width,
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    expect(widths.notice).toBeLessThanOrEqual(widths.viewport);
    await notice.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'playground-link-notice-360.png') });
    expect(errors).toEqual([]);
  });

  test('asking for 10 million steps: the replay is capped, says so, and pauses while off-screen', async ({ open, baseUrl }) => {
    const { page, errors } = await openWithQuery(open, baseUrl, 'step=10000000', 1366);
    const root = page.locator('figure[data-widget="nn-playground"] [data-nnp]').first();
    const notice = page.locator('figure[data-widget="nn-playground"] [data-part="notice"]').first();
    await expect
      .poll(() => notice.textContent(), { timeout: 30_000 })
      .toMatch(new RegExp(`^Replaying the linked run: step \\d+ of ${REPLAY_MAX}…$`));
    expect(await root.getAttribute('data-status')).toBe('replaying');

    // Off-screen: paused, and no more steps are computed.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect.poll(() => root.getAttribute('data-status'), { timeout: 10_000 }).toBe('paused');
    const stepOf = async () => Number(await root.getAttribute('data-step'));
    const before = await stepOf();
    await page.waitForTimeout(500);
    expect(await stepOf()).toBe(before);

    // Back in view: the replay goes on.
    await root.scrollIntoViewIfNeeded();
    await expect.poll(() => root.getAttribute('data-status'), { timeout: 10_000 }).toBe('replaying');
    await expect.poll(stepOf, { timeout: 10_000 }).toBeGreaterThan(before);
    expect(errors).toEqual([]);
  });
});
