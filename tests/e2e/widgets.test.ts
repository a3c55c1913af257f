// Widgets in the browser, on the built site: the authoring guide's grad-check figures load
// lazily with no console errors, work from the keyboard, and look right in light, dark
// and at 360 px (screenshots in test-results/screenshots/ for a person to look at).
import type { Locator, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { fontsSettled, screenshot, SCREENSHOT_DIR } from '../helpers/browser.ts';
import { type BrowserFixtures, type OpenOptions, test } from '../helpers/fixtures.ts';

const GUIDE = 'posts/guide/widgets/';
/** The guide, with the widget chunks it requests recorded from the first byte. */
async function openGuide({ open, baseUrl }: BrowserFixtures, options: OpenOptions = {}) {
  const { page, errors } = await open(null, options);
  const elementRequests: string[] = [];
  page.on('request', (request) => {
    if (/\/_astro\/element\.[\w-]+\.js$/.test(request.url())) elementRequests.push(request.url());
  });
  await page.goto(new URL(GUIDE, baseUrl).href, { waitUntil: 'load' });
  await fontsSettled(page);
  return { page, errors, elementRequests };
}

const gradChecks = (page: Page) => page.locator('figure[data-widget="grad-check"]');

async function live(figure: Locator): Promise<void> {
  await figure.scrollIntoViewIfNeeded();
  await figure.locator('select[name="fn"]:not([disabled])').waitFor({ timeout: 10_000 });
  expect(await figure.getAttribute('data-widget-state')).toBe('live');
}

/** The three numbers in the table: formula, autodiff, finite difference. */
async function derivatives(figure: Locator): Promise<number[]> {
  const cells = await figure.locator('tbody td.grad-check__num:nth-of-type(1)').allTextContents();
  return cells.map((text) => Number(text.replace('−', '-')));
}

describe('grad-check on the authoring guide', () => {
  test('loads only when near the viewport, then mounts with no console errors', async ({ open, baseUrl }) => {
    const { page, errors, elementRequests } = await openGuide({ open, baseUrl });
    const last = gradChecks(page).last();
    // Far below the first screen: still the static first frame, controls disabled.
    expect(await last.getAttribute('data-widget-state')).toBe('static');
    expect(await last.locator('select[name="fn"]').isDisabled()).toBe(true);
    expect(await last.locator('tbody tr').count()).toBe(3);
    await live(last);
    // One chunk serves every grad-check on the page.
    expect(new Set(elementRequests).size).toBe(1);
    expect(errors).toEqual([]);
  });

  test('operates from the keyboard: function, point and step', async ({ open, baseUrl }) => {
    const { page, errors } = await openGuide({ open, baseUrl });
    const figure = gradChecks(page).first();
    await live(figure);

    // Tab reaches the function select; an arrow key picks the next function (σ after tanh).
    const select = figure.locator('select[name="fn"]');
    await select.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    expect(await select.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('ArrowDown');
    expect(await select.inputValue()).toBe('sigmoid');
    await expect.poll(() => figure.locator('caption').first().textContent()).toContain('σ(x)');

    // Tab to the x slider; arrows move it by 0.01, End to the right edge.
    await page.keyboard.press('Tab');
    const x = figure.locator('input[name="x"]');
    expect(await x.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('ArrowRight');
    expect(await figure.locator('output[data-part="x"]').textContent()).toBe('0.51');
    await page.keyboard.press('End');
    expect(await figure.locator('output[data-part="x"]').textContent()).toBe('3');
    const s = 1 / (1 + Math.exp(-3));
    const [formula, autodiff, finite] = await derivatives(figure);
    expect(formula).toBeCloseTo(s * (1 - s), 10);
    expect(autodiff).toBeCloseTo(s * (1 - s), 10);
    expect(finite).toBeCloseTo(s * (1 - s), 8);
    expect(await figure.locator('[data-part="verdict"]').textContent()).toContain('They agree');

    // Tab to the step; Home makes h = 10⁻¹², and rounding error shows in the verdict.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Home');
    expect(await figure.locator('output[data-part="h"]').textContent()).toBe('10⁻¹²');
    expect(await figure.locator('input[name="h"]').getAttribute('aria-valuetext')).toBe('h = 10⁻¹²');
    expect(await figure.locator('[data-part="verdict"]').textContent()).toContain('rounding');

    // Focus is visible on the control that has it.
    const outline = await figure.locator('input[name="h"]').evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).not.toBe('none');
    expect(errors).toEqual([]);
  });

  test('shows the kink convention for relu at 0', async ({ open, baseUrl }) => {
    const { page, errors } = await openGuide({ open, baseUrl });
    const figure = gradChecks(page).last();
    await live(figure);
    expect(await derivatives(figure)).toEqual([0, 0, 0.5]);
    expect(await figure.locator('[data-part="verdict"]').textContent()).toContain('PyTorch');
    expect(errors).toEqual([]);
  });
});

describe('screenshots', () => {
  // The aside example: figure beside its text on a wide screen.
  async function shootAside(page: Page, name: string) {
    const section = page.locator('.widget-section').first();
    await live(section.locator('figure'));
    await section.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.evaluate(() => window.scrollBy(0, -40));
    await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png` });
  }

  test('light, wide: the aside sits beside its text and stays in view while scrolling', async ({ open, baseUrl }) => {
    const { page, errors } = await openGuide({ open, baseUrl }, { width: 1366 });
    await screenshot(page, 'widgets-guide-light');
    await shootAside(page, 'widgets-aside-light');
    const figure = page.locator('.widget-section figure').first();
    const text = page.locator('.widget-section__text').first();
    const [f, t] = [await figure.boundingBox(), await text.boundingBox()];
    expect(f!.x).toBeGreaterThan(t!.x + t!.width - 1); // beside, to the right
    // Scroll through the section: the figure stays at the top of the window. (More text is
    // added first, so the section is surely taller than the figure on any font.)
    await text.evaluate((el) => {
      for (let i = 0; i < 8; i++) el.append(Object.assign(document.createElement('p'), { textContent: 'More derivation. '.repeat(30) }));
    });
    await page.evaluate(() => window.scrollBy(0, 600));
    const top = await figure.evaluate((el) => el.getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(40);
    // No horizontal scrollbar from the extra column.
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
  });

  test('dark', async ({ open, baseUrl }) => {
    const { page, errors } = await openGuide({ open, baseUrl }, { width: 1366, colorScheme: 'dark' });
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await shootAside(page, 'widgets-aside-dark');
    const first = gradChecks(page).first();
    await live(first);
    await first.screenshot({ path: `${SCREENSHOT_DIR}/widgets-grad-check-dark.png` });
    expect(errors).toEqual([]);
  });

  test('360 px: inline, no horizontal overflow', async ({ open, baseUrl }) => {
    const { page, errors } = await openGuide({ open, baseUrl }, { width: 360 });
    const section = page.locator('.widget-section').first();
    const figure = section.locator('figure');
    await live(figure);
    const [f, t] = [await figure.boundingBox(), await section.locator('.widget-section__text').boundingBox()];
    expect(f!.y + f!.height).toBeLessThanOrEqual(t!.y + 1); // above its text, not beside it
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    const first = gradChecks(page).first();
    await live(first);
    // The table fits: no sideways scrolling inside the figure either.
    const [scrollWidth, clientWidth] = await first.locator('table').evaluate((table) => {
      const box = table.parentElement!;
      return [box.scrollWidth, box.clientWidth];
    });
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    await first.screenshot({ path: `${SCREENSHOT_DIR}/widgets-grad-check-360.png` });
    await screenshot(page, 'widgets-guide-360');
    expect(errors).toEqual([]);
  });
});
