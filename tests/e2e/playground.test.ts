// The shallow-net playground on the built post "Backprop: a simple case", in Chromium.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { collectErrors, launch, screenshot } from '../helpers/browser.ts';

const POST = 'posts/backprop-simple-case/';
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Open the post and wait until the n-th playground (0-based) is live. */
async function open(query = '', options: { width?: number; height?: number; dark?: boolean; n?: number; reducedMotion?: boolean } = {}) {
  const page = await browser.newPage({
    reducedMotion: options.reducedMotion ? 'reduce' : 'no-preference',
    viewport: { width: options.width ?? 1400, height: options.height ?? 900 },
    colorScheme: options.dark ? 'dark' : 'light',
    hasTouch: (options.width ?? 1400) < 500,
  });
  const errors = collectErrors(page);
  await page.goto(new URL(POST + query, inject('baseUrl')).href);
  const figure = page.locator('figure[data-widget="nn-playground"]').nth(options.n ?? 0);
  await figure.scrollIntoViewIfNeeded();
  await page.waitForFunction(
    (n) => document.querySelectorAll('figure[data-widget="nn-playground"]')[n]?.getAttribute('data-widget-state') === 'live',
    options.n ?? 0,
  );
  return { page, figure, errors };
}

const stepOf = async (figure: Locator) => Number(await figure.locator('[data-part="step"]').textContent());
const lossOf = async (figure: Locator) => Number(await figure.locator('[data-part="train-loss"]').textContent());
const statusOf = (figure: Locator) => figure.locator('[data-nnp]').getAttribute('data-status');

async function waitForStep(page: Page, figure: Locator, atLeast: number) {
  await expect.poll(() => stepOf(figure), { timeout: 20_000 }).toBeGreaterThanOrEqual(atLeast);
  void page;
}

describe('nn-playground in the browser', () => {
  it('loads with no console errors and trains the flower below 0.3 within 1,000 steps', async () => {
    const { page, figure, errors } = await open();
    expect(await figure.locator('[data-part="heat"]').evaluate((el) => el.tagName)).toBe('CANVAS');
    expect(await statusOf(figure)).toBe('paused'); // no autoplay
    expect(await lossOf(figure)).toBeGreaterThan(0.6);
    await figure.locator('[data-act="play"]').click();
    await expect.poll(() => lossOf(figure), { timeout: 20_000 }).toBeLessThan(0.3);
    expect(await stepOf(figure)).toBeLessThanOrEqual(1000);
    await figure.locator('[data-act="play"]').click();
    expect(await statusOf(figure)).toBe('paused');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('is operated by keys: p, s, r, tabs with arrows, sliders with arrows', async () => {
    const { page, figure, errors } = await open();
    const play = figure.locator('[data-act="play"]');
    await play.focus();
    await page.keyboard.press('s');
    expect(await stepOf(figure)).toBe(1);
    await page.keyboard.press('Enter'); // the focused Play button
    expect(await statusOf(figure)).toBe('playing');
    await waitForStep(page, figure, 20);
    await page.keyboard.press('p');
    expect(await statusOf(figure)).toBe('paused');
    await page.keyboard.press('r');
    expect(await stepOf(figure)).toBe(0);

    const loss = figure.locator('[role="tab"][data-tab="loss"]');
    await loss.focus();
    await page.keyboard.press('ArrowRight');
    expect(await figure.locator('[data-tab="weights"]').getAttribute('aria-selected')).toBe('true');
    expect(await figure.locator('[data-panel="weights"]').isVisible()).toBe(true);
    await page.keyboard.press('Tab'); // into the weights panel: the first W1 cell
    await expect.poll(() => figure.locator('[data-part="readout"]').textContent()).toMatch(/^W1\[0,0\] = -?\d\.\d{4}\s+∂L\/∂W1\[0,0\] = /);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => figure.locator('[data-part="readout"]').textContent()).toMatch(/^W1\[1,0\]/);

    const hidden = figure.locator('input[name="hidden"]');
    await hidden.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => figure.locator('[data-out="hidden"]').textContent()).toBe('5');
    expect(await figure.locator('[data-part="caption"]').textContent()).toContain('2–5–1');
    expect(page.url()).toContain('hidden=5');
    // Focus is visible: the ring is drawn with the accent colour.
    expect(await hidden.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('reproduces a run from its URL, step for step, even with the learning rate changed mid-run', async () => {
    const first = await open('?dataset=moons&hidden=6&activation=relu&lr=0.3&batch=32&seed=42');
    const play = first.figure.locator('[data-act="play"]');
    await play.click();
    await waitForStep(first.page, first.figure, 60);
    await play.click();
    await first.figure.locator('select[name="lr"]').selectOption('0.1');
    await play.click();
    await waitForStep(first.page, first.figure, 150);
    await play.click();
    const url = first.page.url();
    expect(url).toMatch(/hist=\d+_0\.3_32_correct&|hist=\d+_0\.3_32_correct$/);
    const step = await stepOf(first.figure);
    expect(url).toContain(`step=${step}`);
    const stats = await first.figure.locator('.nnp-stats').textContent();
    const pixels = await first.figure.locator('canvas[data-part="heat"]').evaluate((c: HTMLCanvasElement) => c.toDataURL());

    const second = await open(url.slice(url.indexOf('?')));
    await expect.poll(() => statusOf(second.figure), { timeout: 20_000 }).toBe('paused');
    expect(await stepOf(second.figure)).toBe(step);
    expect(await second.figure.locator('.nnp-stats').textContent()).toBe(stats);
    expect(await second.figure.locator('canvas[data-part="heat"]').evaluate((c: HTMLCanvasElement) => c.toDataURL())).toBe(pixels);
    expect(first.errors).toEqual([]);
    expect(second.errors).toEqual([]);
    await first.page.close();
    await second.page.close();
  });

  it('trains one step per frame at speed 1 (the URL does not change with the speed)', async () => {
    const { page, figure, errors } = await open();
    await figure.locator('select[name="speed"]').selectOption('1');
    // Count animation frames in the page while it plays.
    await page.evaluate(() => {
      const w = window as unknown as { frames_: number };
      w.frames_ = 0;
      const tick = () => (w.frames_++, requestAnimationFrame(tick));
      requestAnimationFrame(tick);
    });
    await figure.locator('[data-act="play"]').click();
    await page.waitForTimeout(500);
    await figure.locator('[data-act="play"]').click();
    const frames = await page.evaluate(() => (window as unknown as { frames_: number }).frames_);
    const steps = await stepOf(figure);
    expect(steps).toBeGreaterThan(0);
    expect(steps).toBeLessThanOrEqual(frames); // at most one step per frame
    expect(page.url()).toContain(`step=${steps}`);
    expect(page.url()).not.toContain('speed');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('follows the site theme when the reader toggles it: the heatmap is redrawn in the new colours', async () => {
    const { page, figure, errors } = await open();
    const pixel = () =>
      figure.locator('canvas[data-part="heat"]').evaluate((c: HTMLCanvasElement) => [...c.getContext('2d')!.getImageData(0, 0, 1, 1).data].join(','));
    const light = await pixel();
    await page.locator('[data-theme-toggle]').first().click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await expect.poll(pixel).not.toBe(light);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('with reduced motion: no autoplay, and a linked run replays to its step without animating', async () => {
    const { page, figure, errors } = await open('?step=200', { reducedMotion: true });
    await expect.poll(() => statusOf(figure), { timeout: 20_000 }).toBe('paused');
    expect(await stepOf(figure)).toBe(200);
    await page.waitForTimeout(300);
    expect(await stepOf(figure)).toBe(200); // stays paused
    expect(errors).toEqual([]);
    await page.close();
  });

  it('pauses when it leaves the viewport and resumes when it comes back', async () => {
    const { page, figure, errors } = await open();
    await figure.locator('[data-act="play"]').click();
    await waitForStep(page, figure, 20);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await expect.poll(() => statusOf(figure)).toBe('paused');
    const at = await stepOf(figure);
    await page.waitForTimeout(300);
    expect(await stepOf(figure)).toBe(at);
    await figure.scrollIntoViewIfNeeded();
    await expect.poll(() => statusOf(figure)).toBe('playing');
    await waitForStep(page, figure, at + 10);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says which parts of a malformed link it ignored, and uses the defaults for them', async () => {
    const { page, figure, errors } = await open('?hidden=99&activation=swish&seed=7');
    const notice = figure.locator('[data-part="notice"]');
    expect(await notice.isVisible()).toBe(true);
    expect(await notice.textContent()).toMatch(/hidden=99 \(expected an integer 1–16; using 4\).*activation=swish/);
    expect(await figure.locator('input[name="seed"]').inputValue()).toBe('7');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('gradient check: agreement for the post’s formulas, disagreement for the flipped σ′', async () => {
    const { page, figure, errors } = await open('', { n: 1 });
    expect(await figure.locator('[data-panel="check"]').isVisible()).toBe(true); // tab=check in the post
    const verdicts = () => figure.locator('[data-part^="v-"]').allTextContents();
    await expect.poll(verdicts).toEqual(['✓ agree', '✓ agree', '✓ agree']);
    await figure.locator('select[name="formula"]').selectOption('flipped');
    await expect.poll(verdicts).toEqual(['✗ disagree', '✗ disagree', '✓ agree']);
    expect(Number(await figure.locator('[data-part="e-he"]').textContent())).toBeCloseTo(2, 5);
    // …and training with it climbs the loss.
    const before = await lossOf(figure);
    for (let i = 0; i < 5; i++) await figure.locator('[data-act="step"]').click();
    expect(await lossOf(figure)).toBeGreaterThan(before);
    expect(page.url()).toContain('p2.formula=flipped');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a huge learning rate stops training with a message and a reset, and the page stays responsive', async () => {
    const { page, figure, errors } = await open();
    await figure.locator('select[name="lr"]').selectOption('1000');
    await figure.locator('[data-act="play"]').click();
    const overlay = figure.locator('[data-part="overlay"]');
    await expect.poll(() => overlay.isVisible(), { timeout: 5_000 }).toBe(true);
    expect(await overlay.textContent()).toMatch(/Training stopped at step \d+: the loss became (infinite|NaN).*Lower the learning rate/);
    expect(await statusOf(figure)).toBe('diverged');
    expect(await figure.locator('[data-act="play"]').isDisabled()).toBe(true);
    // Responsive: the main thread answers at once and the reset works.
    const t = Date.now();
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
    expect(Date.now() - t).toBeLessThan(1000);
    await figure.locator('select[name="lr"]').selectOption('1.2');
    await overlay.locator('button').click();
    expect(await overlay.isVisible()).toBe(false);
    expect(await stepOf(figure)).toBe(0);
    expect(await statusOf(figure)).toBe('paused');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('screenshots mid-training: desktop side by side, 360 px, dark', async () => {
    for (const [name, options] of [
      ['playground-desktop', { width: 1400, height: 900 }],
      ['playground-360', { width: 360, height: 780 }],
      ['playground-dark', { width: 1400, height: 900, dark: true }],
    ] as const) {
      const { page, figure, errors } = await open('', options);
      await figure.locator('[data-act="play"]').click();
      await waitForStep(page, figure, 300);
      await figure.locator('[data-act="play"]').click();
      if (options.width < 500) {
        const box = await figure.boundingBox();
        expect(box!.width).toBeLessThanOrEqual(360);
        // Nothing inside the figure is wider than the figure.
        expect(await figure.evaluate((f) => f.scrollWidth <= f.clientWidth + 1)).toBe(true);
        await figure.screenshot({ path: (await screenshot(page, name)).replace(/\.png$/, '-figure.png') });
      } else {
        await page.screenshot({ path: (await screenshot(page, name)).replace(/\.png$/, '-viewport.png') });
      }
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});
