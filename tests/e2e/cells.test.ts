// Live cells in Chromium, on the built Flux post: outputs are in the static page; nothing
// heavy loads before Edit/Run; Edit → type → Ctrl-Enter gives a new output; an endless loop is
// stopped within its limit and the next run works; Reset; theme; 360 px; axe; no page access.
// Screenshots (light, dark, 360 px; before and after an edit) go to test-results/screenshots/.
import type { Locator, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { audit, describeViolations } from '../helpers/axe.ts';
import { screenshot } from '../helpers/browser.ts';
import { type BrowserFixtures, type OpenOptions, test } from '../helpers/fixtures.ts';

const POST = 'posts/flux-gradient-jacobian/';

/** The Flux post in a fresh page (closed by the fixture), with every request it makes recorded. */
async function openPost(fixture: BrowserFixtures['open'], baseUrl: string, options: OpenOptions = {}) {
  const { context, page, errors } = await fixture(null, options);
  const requests: string[] = [];
  page.on('request', (request) => requests.push(new URL(request.url()).pathname));
  await page.goto(new URL(POST, baseUrl).href, { waitUntil: 'load' });
  await page.locator('figure.cell[data-cell-state]').first().waitFor();
  return { context, page, errors, requests };
}

/** The cell whose code contains `text`. */
const cellWith = (page: Page, text: string) => page.locator('figure.cell', { has: page.locator('.cell__code', { hasText: text }) });
const output = (cell: Locator) => cell.locator('.cell__output');

async function edit(cell: Locator, page: Page, code: string): Promise<void> {
  await cell.getByRole('button', { name: 'Edit' }).click();
  const editor = cell.locator('.cm-content');
  await editor.waitFor();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(code);
}

describe('live cells in the browser', () => {
  test('static outputs; no editor, runner or worker request before the first Edit/Run', async ({ open, baseUrl }) => {
    const { page, errors, requests, context } = await openPost(open, baseUrl);
    expect(await page.locator('figure.cell').count()).toBeGreaterThanOrEqual(15);
    await expect
      .poll(() => output(cellWith(page, 'const bilinear')).textContent())
      .toContain('{ value: 38, gradients: [[10, 5, 6], [1, 2, 4]] }');
    expect(requests.filter((path) => /\/_astro\/(editor|runner|worker)/.test(path))).toEqual([]);
    await screenshot(page, 'cells-light');
    expect(errors).toEqual([]);
    await context.close();
  });

  test('Edit → type → Ctrl-Enter runs the new code; later cells see it; Reset restores', async ({ open, baseUrl }) => {
    const { page, errors, requests, context } = await openPost(open, baseUrl);
    const cell = cellWith(page, 'const bilinear');
    await edit(
      cell,
      page,
      'const A = eye(3);\nconst bilinear = (x: Tensor, y: Tensor) => dot(x, matmul(A, y));\nvalueAndGradient(bilinear, [1, 2, 3], [4, 5, 6])',
    );
    expect(requests.some((path) => /\/_astro\/editor/.test(path))).toBe(true);
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect.poll(() => output(cell).textContent(), { timeout: 15_000 }).toBe('{ value: 32, gradients: [[4, 5, 6], [1, 2, 3]] }');
    await cell.locator('.cell__editor').screenshot({ path: 'test-results/screenshots/cells-editor-light.png' });
    await screenshot(page, 'cells-after-edit-light');
    // Escape leaves the editor for the Run button.
    await cell.locator('.cm-content').click();
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Run');
    await cell.getByRole('button', { name: 'Reset' }).click();
    expect(await output(cell).textContent()).toBe('{ value: 38, gradients: [[10, 5, 6], [1, 2, 4]] }');
    expect(await cell.locator('.cell__editor').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a stale cell above re-runs first; an error shows line:column in the reader’s code', async ({ open, baseUrl }) => {
    const { page, context } = await openPost(open, baseUrl);
    const first = cellWith(page, 'const f = (x: Tensor)');
    await edit(first, page, 'const f = (x: Tensor) => mul(x, mul(x, x));\ngradient(f, 3)');
    // Run a cell below without running the edited one: it must see the new f.
    const below = cellWith(page, 'const df =');
    await below.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => output(first).textContent(), { timeout: 15_000 }).toBe('[27]');
    await expect.poll(() => below.locator('.cell__plot svg').count()).toBe(1);
    // Resetting the edited cell marks the re-run cell below as stale: it used the edited f.
    await first.getByRole('button', { name: 'Reset' }).click();
    expect(await below.getAttribute('data-stale')).toBe('');
    expect(await below.locator('.cell__status').textContent()).toContain('A cell above changed');
    await edit(first, page, 'const f = (x: Tensor) => mul(x, mul(x, x));\ngradient(f, 3)');
    await page.keyboard.press('ControlOrMeta+a');
    await first.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText('const ok = 1;\n  const f = nope(ok);');
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect
      .poll(() => output(first).textContent(), { timeout: 15_000 })
      .toBe('ReferenceError: nope is not defined\n    at line 2, column 13 of this cell');
    await context.close();
  });

  test('an endless loop is stopped within its limit + 1 s, and the next run works', async ({ open, baseUrl }) => {
    const { page, context } = await openPost(open, baseUrl);
    const cell = cellWith(page, 'gradient(det, eye(3))');
    // Warm the worker and the cells above first, so the clock below times the limit itself
    // and not the first download and start of the worker (seconds on a loaded machine).
    await cell.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => cell.locator('.cell__status').textContent(), { timeout: 15_000 }).toMatch(/^Ran in \d+ ms\.$/);
    await edit(cell, page, 'while (true) {}');
    const started = Date.now();
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect
      .poll(() => output(cell).textContent(), { timeout: 10_000, interval: 50 })
      .toContain('did not finish within its time limit of 3000 ms');
    expect(Date.now() - started).toBeLessThan(4000);
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText('det(eye(2)).item() + 1');
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect.poll(() => output(cell).textContent(), { timeout: 15_000 }).toBe('2');
    await context.close();
  });

  test('when the editor cannot load, Edit says so and Run still works', async ({ open, baseUrl }) => {
    const { page, context } = await openPost(open, baseUrl);
    await page.route(/\/_astro\/editor\.[\w-]+\.js$/, (route) => route.abort());
    const cell = cellWith(page, 'const g =');
    await cell.getByRole('button', { name: 'Edit' }).click();
    await expect.poll(() => cell.locator('.cell__status').textContent()).toContain('Could not load the editor');
    expect(await cell.getByRole('button', { name: 'Edit' }).isEnabled()).toBe(true);
    await cell.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => cell.locator('.cell__status').textContent(), { timeout: 15_000 }).toMatch(/^Ran in \d+ ms\.$/);
    expect(await output(cell).textContent()).toBe('[2, 1, 6]');
    await context.close();
  });

  test('cell code cannot reach the page: no document, localStorage or cookies in the worker', async ({ open, baseUrl }) => {
    const { page, context } = await openPost(open, baseUrl);
    await context.addCookies([{ name: 'token', value: 'page-only', url: baseUrl }]);
    await page.evaluate(() => localStorage.setItem('secret', 'page-only'));
    const cell = cellWith(page, 'gradient(det, eye(3))');
    await edit(cell, page, '[typeof document, typeof localStorage, typeof window, String(globalThis.cookieStore ?? "none")]');
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect.poll(() => output(cell).textContent(), { timeout: 15_000 }).toMatch(/^\["undefined", "undefined", "undefined", /);
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText('localStorage.getItem("secret")');
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect
      .poll(() => output(cell).textContent(), { timeout: 15_000 })
      .toBe('ReferenceError: localStorage is not defined\n    at line 1, column 1 of this cell');
    await context.close();
  });

  test('the editor, outputs and charts follow the theme', async ({ open, baseUrl }) => {
    const colours: Record<string, string[]> = {};
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page, context } = await openPost(open, baseUrl, { colorScheme });
      const cell = cellWith(page, 'const bilinear');
      await cell.getByRole('button', { name: 'Edit' }).click();
      const keyword = cell.locator('.cm-content .tok-keyword').first();
      await keyword.waitFor();
      colours[colorScheme] = [
        await keyword.evaluate((el) => getComputedStyle(el).color),
        await cell.locator('.cm-editor').evaluate((el) => getComputedStyle(el).backgroundColor),
        await output(cell).evaluate((el) => getComputedStyle(el).color),
        await page
          .locator('.cell-plot__line--0')
          .first()
          .evaluate((el) => getComputedStyle(el).stroke),
      ];
      // The editor colours keywords, definitions, calls, parameters, types and numbers as the
      // static code (Shiki) does, in the same theme.
      const pairs = await cell.evaluate((figure) => {
        const colourOf = (selector: string, word: string) => {
          const span = [...figure.querySelectorAll<HTMLElement>(selector)].find((s) => s.textContent?.trim() === word);
          return span ? getComputedStyle(span).color : `no ${word} in ${selector}`;
        };
        return ['const', 'A', 'tensor', 'x', 'Tensor', '1'].map((word) => [
          word,
          colourOf('.cm-content span', word),
          colourOf('pre span', word),
        ]);
      });
      for (const [word, editor, shiki] of pairs) expect(editor, `${word} in the editor and in the static code`).toBe(shiki);
      await context.close();
    }
    colours.light.forEach((light, i) => {
      expect(light, `colour ${i} should differ between light and dark`).not.toBe(colours.dark[i]);
    });
  });

  test('dark theme and 360 px: readable, no sideways scrolling of the page; axe finds nothing', async ({ open, baseUrl }) => {
    for (const options of [{ colorScheme: 'dark' as const }, { width: 360 }, { width: 360, colorScheme: 'dark' as const }]) {
      const { page, context, errors } = await openPost(open, baseUrl, options);
      const name = `cells-${options.width ?? 1280}-${options.colorScheme ?? 'light'}`;
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      const cell = cellWith(page, 'const bilinear');
      await cell.scrollIntoViewIfNeeded();
      await screenshot(page, name);
      await edit(
        cell,
        page,
        'const A = eye(3);\nconst bilinear = (x: Tensor, y: Tensor) => dot(x, matmul(A, y));\nvalueAndGradient(bilinear, [1, 2, 3], [4, 5, 6])',
      );
      await page.keyboard.press('ControlOrMeta+Enter');
      await expect.poll(() => output(cell).textContent(), { timeout: 15_000 }).toContain('value: 32');
      await cell.screenshot({ path: `test-results/screenshots/${name}-edited.png` });
      const bar = await cell.getByRole('button', { name: 'Run' }).boundingBox();
      expect(bar?.height ?? 0).toBeGreaterThanOrEqual(24);
      const violations = await audit(page, { within: '.prose', runOnly: ['wcag2a', 'wcag2aa', 'best-practice'] });
      expect(violations, describeViolations(violations)).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
