// ::kink in the browser, on the built post "What autodiff returns at a kink": the picks follow
// the point when it is dragged or moved with the keys, the state survives in the URL, the
// reader's own formula reports its errors, and the figure works in dark mode, at 360 px and
// for axe. Screenshots land in test-results/screenshots/ for a person to look at.
import type { Locator, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { audit, describeViolations } from '../helpers/axe.ts';
import { fullPageScreenshot, SCREENSHOT_DIR } from '../helpers/browser.ts';
import { test } from '../helpers/fixtures.ts';

const POST = 'posts/what-autodiff-returns-at-a-kink/';
const kinks = (page: Page) => page.locator('figure[data-widget="kink"]');

async function live(figure: Locator): Promise<void> {
  await figure.scrollIntoViewIfNeeded();
  await figure.locator('select[name="fn"]:not([disabled])').waitFor({ timeout: 10_000 });
  expect(await figure.getAttribute('data-widget-state')).toBe('live');
}

/** The table as { program: [PyTorch, JAX, Flux] }, as text. */
async function table(figure: Locator): Promise<Record<string, string[]>> {
  return figure
    .locator('.kink__table tbody tr')
    .evaluateAll((rows) =>
      Object.fromEntries(
        rows.map((row) => [row.querySelector('th')!.textContent!, [...row.querySelectorAll('td')].map((td) => td.textContent!)]),
      ),
    );
}

const pointX = (figure: Locator) => figure.locator('svg.kink__plot').getAttribute('data-x').then(Number);

describe('kink on its post', () => {
  test('the static first frame has the plot at the kink, the picks and the table before any script runs', async ({ open }) => {
    const { page } = await open(POST, { javaScriptEnabled: false });
    const figure = kinks(page).first();
    expect(await figure.locator('select[name="fn"]').isDisabled()).toBe(true);
    expect(await figure.locator('svg.kink__plot line.kink__ray').count()).toBe(2);
    expect(await figure.locator('svg.kink__plot line.kink__pick').getAttribute('data-frameworks')).toBe('pytorch jax flux');
    expect(await table(figure)).toEqual({
      'relu(x)': ['0', '0', '0'],
      'maximum(x, 0)': ['0.5', '0.5', '0'],
      'where(x > 0, x, 0)': ['0', '0', '0'],
    });
  });

  test('arrow keys move x along the axis and the picks follow; the URL keeps the state', async ({ open }) => {
    const { page, errors } = await open(POST);
    const figure = kinks(page).first();
    await live(figure);
    const x = figure.locator('input[name="x"]');
    await x.focus();
    await page.keyboard.press('ArrowRight');
    expect(await figure.locator('output[data-part="x"]').textContent()).toBe('0.05');
    expect(await x.getAttribute('aria-valuetext')).toBe('x = 0.05');
    // Off the kink: every program, every framework returns the derivative 1; no rays, one slope.
    expect(Object.values(await table(figure)).flat()).toEqual(Array(9).fill('1'));
    expect(await figure.locator('svg.kink__plot line.kink__ray').count()).toBe(0);
    expect(await figure.locator('[data-part="verdict"]').textContent()).toContain('differentiable: its slope is 1');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await pointX(figure)).toBe(-0.05);
    expect(Object.values(await table(figure)).flat()).toEqual(Array(9).fill('0'));
    await expect.poll(() => new URL(page.url()).searchParams.get('kink.x')).toBe('-0.05');
    expect(new URL(page.url()).searchParams.get('kink.fn')).toBe('relu');
    // Focus is visible on the slider.
    expect(await x.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
    expect(errors).toEqual([]);
  });

  test('dragging on the plot moves the point to the x under the pointer, snapped to the grid', async ({ open }) => {
    const { page, errors } = await open(POST);
    const figure = kinks(page).nth(1); // hard tanh at 1
    await live(figure);
    const svg = figure.locator('svg.kink__plot');
    const box = (await svg.boundingBox())!;
    // The plot spans x from −2.1 to 2.1 between 8-unit margins of its 360-unit-wide viewBox; the
    // browser maps those units to the screen (the SVG is letterboxed when its height is capped).
    const toScreen = await svg.evaluate((el: SVGSVGElement) => {
      const m = el.getScreenCTM()!;
      return { a: m.a, e: m.e };
    });
    const screenX = (x: number) => toScreen.e + toScreen.a * (8 + ((x + 2.1) / 4.2) * 344);
    await page.mouse.move(screenX(1), box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(screenX(-0.5), box.y + box.height / 2, { steps: 5 });
    expect(await pointX(figure)).toBe(-0.5);
    await page.mouse.move(screenX(-1), box.y + box.height / 3, { steps: 5 });
    await page.mouse.up();
    expect(await pointX(figure)).toBe(-1);
    expect(await figure.locator('output[data-part="x"]').textContent()).toBe('−1');
    // At the lower corner: PyTorch 0, JAX 1 (its select includes the boundary in the middle piece), Flux 0.
    expect((await table(figure))['hardtanh(x)']).toEqual(['0', '1', '0']);
    expect(await figure.locator('[data-part="verdict"]').textContent()).toContain('not convex here');
    expect(new URL(page.url()).searchParams.get('kink2.x')).toBe('-1');
    expect(errors).toEqual([]);
  });

  test('a link restores the function and the point; another function brings its programs', async ({ open }) => {
    const { page, errors } = await open(`${POST}?kink.fn=abs&kink.x=0`);
    const figure = kinks(page).first();
    await live(figure);
    expect(await figure.locator('select[name="fn"]').inputValue()).toBe('abs');
    expect(await table(figure)).toEqual({
      'abs(x)': ['0', '1', '0'],
      'maximum(x, -x)': ['0', '0', '−1'],
      'where(x > 0, x, -x)': ['−1', '−1', '−1'],
    });
    // Another function starts at its own kink: clamp's first is at −1.
    await figure.locator('select[name="fn"]').selectOption('clamp');
    expect(await pointX(figure)).toBe(-1);
    expect((await table(figure))['clamp(x, -1, 1)']).toEqual(['1', '0.5', '1']);
    await figure.locator('select[name="fn"]').selectOption('norm');
    expect(await pointX(figure)).toBe(0);
    expect((await table(figure))['norm(x * d)']).toEqual(['0', 'NaN', '0']);
    expect(await figure.locator('td.kink__nan').count()).toBeGreaterThan(0);
    expect(new URL(page.url()).searchParams.get('kink.fn')).toBe('norm');
    expect(errors).toEqual([]);
  });

  test('the reader’s own formula: analysed live, and a mistake is reported with its column', async ({ open }) => {
    const { page, errors } = await open(POST);
    const figure = kinks(page).first();
    await live(figure);
    await figure.locator('select[name="fn"]').selectOption('expression');
    const input = figure.locator('input[name="expression"]');
    expect(await input.isVisible()).toBe(true);
    await input.fill('abs(x) + relu(x)');
    expect(await figure.locator('[data-part="verdict"]').textContent()).toContain('[−1, 2]');
    expect(await table(figure)).toEqual({ 'abs(x) + relu(x)': ['0', '1', '0'] });
    await input.fill('abs(x');
    const error = figure.locator('[data-part="error"]');
    expect(await error.isVisible()).toBe(true);
    expect(await error.textContent()).toContain('column 6');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    // The last good figure stays.
    expect(await table(figure)).toEqual({ 'abs(x) + relu(x)': ['0', '1', '0'] });
    await input.fill('min(x, 0)');
    expect(await error.isVisible()).toBe(false);
    expect(await figure.locator('[data-part="verdict"]').textContent()).toContain('Clarke');
    await expect.poll(() => new URL(page.url()).searchParams.get('kink.f')).toBe('min(x, 0)');
    expect(errors).toEqual([]);
  });

  test('theme: the curve and the picks take the dark palette', async ({ open }) => {
    const colours = async (page: Page) => {
      const figure = kinks(page).first();
      await live(figure);
      return {
        curve: await figure.locator('.kink__curve').evaluate((el) => getComputedStyle(el).stroke),
        pick: await figure
          .locator('line.kink__pick')
          .first()
          .evaluate((el) => getComputedStyle(el).stroke),
        bg: await figure.evaluate((el) => getComputedStyle(el).backgroundColor),
      };
    };
    const light = await colours((await open(POST)).page);
    const { page, errors } = await open(POST, { colorScheme: 'dark' });
    const dark = await colours(page);
    expect(dark.curve).not.toBe(light.curve);
    expect(dark.pick).not.toBe(light.pick);
    expect(dark.bg).not.toBe(light.bg);
    await kinks(page)
      .first()
      .screenshot({ path: `${SCREENSHOT_DIR}/kink-dark.png` });
    expect(errors).toEqual([]);
  });

  test('360 px: nothing overflows, the controls stack, and the figure is usable', async ({ open }) => {
    const { page, errors } = await open(POST, { width: 360 });
    for (const figure of await kinks(page).all()) {
      await live(figure);
      const box = (await figure.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(360);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await kinks(page)
      .last()
      .screenshot({ path: `${SCREENSHOT_DIR}/kink-360.png` });
    expect(errors).toEqual([]);
  });

  test('axe finds nothing in the live figures, light and dark', async ({ open }) => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page } = await open(POST, { colorScheme });
      for (const figure of await kinks(page).all()) await live(figure);
      expect(describeViolations(await audit(page, { within: 'article' }))).toBe('');
      await kinks(page)
        .first()
        .screenshot({ path: `${SCREENSHOT_DIR}/kink-${colorScheme}.png` });
    }
  });
});

const POST2 = 'posts/convexity-and-shallow-networks/';

describe('loss-slice on the convexity post', () => {
  async function liveSlice(page: Page): Promise<Locator> {
    const figure = page.locator('figure[data-widget="loss-slice"]').first();
    await figure.scrollIntoViewIfNeeded();
    await figure.locator('select[name="activation"]:not([disabled])').waitFor({ timeout: 10_000 });
    return figure;
  }

  test('re-slicing from the keyboard redraws the heatmap and keeps the state in the URL', async ({ open }) => {
    const { page, errors } = await open(POST2);
    const figure = await liveSlice(page);
    const verdict = figure.locator('[data-part="verdict"]');
    expect(await verdict.textContent()).toContain('Not convex');
    const first = await figure.locator('svg.loss-slice__plot').getAttribute('data-worst');
    // Tab to "Another slice" and press it: a new random second direction, a new heatmap.
    await figure.locator('input[name="seed"]').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await figure.locator('input[name="seed"]').inputValue()).toBe('2');
    expect(await figure.locator('svg.loss-slice__plot').getAttribute('data-worst')).not.toBe(first);
    expect(new URL(page.url()).searchParams.get('slice.seed')).toBe('2');
    await figure.locator('select[name="activation"]').selectOption('linear');
    await figure.locator('select[name="slice"]').selectOption('random');
    await figure.locator('input[name="seed"]').fill('1');
    await figure.locator('input[name="seed"]').press('Enter');
    await figure.locator('input[name="seed"]').dispatchEvent('change');
    expect(await verdict.textContent()).toContain('can look convex');
    expect(new URL(page.url()).searchParams.get('slice.activation')).toBe('linear');
    expect(errors).toEqual([]);
  });

  test('a link restores the slice', async ({ open }) => {
    const { page, errors } = await open(`${POST2}?slice.activation=tanh&slice.slice=swap&slice.seed=5`);
    const figure = await liveSlice(page);
    expect(await figure.locator('select[name="activation"]').inputValue()).toBe('tanh');
    expect(await figure.locator('input[name="seed"]').inputValue()).toBe('5');
    expect(errors).toEqual([]);
  });

  test('light, dark, 360 px and axe: both posts', async ({ open }) => {
    for (const path of [POST, POST2]) {
      const name = path.split('/')[1];
      for (const [label, options] of [
        ['light', { width: 1366 }],
        ['dark', { width: 1366, colorScheme: 'dark' as const }],
        ['360', { width: 360 }],
      ] as const) {
        const { page, errors } = await open(path, options);
        for (const figure of await page.locator('figure[data-widget]').all()) {
          await figure.scrollIntoViewIfNeeded();
          await expect.poll(() => figure.getAttribute('data-widget-state')).toBe('live');
        }
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} ${label}`).toBeLessThanOrEqual(options.width);
        expect(describeViolations(await audit(page)), `${name} ${label}`).toBe('');
        await fullPageScreenshot(page, `${SCREENSHOT_DIR}/${name}-${label}.png`);
        expect(errors).toEqual([]);
      }
    }
  });
});
