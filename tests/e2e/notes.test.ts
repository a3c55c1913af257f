// Sidenotes, citations and hover cards in the browser, on built posts: the sidenote sits in
// the right margin beside its reference on a wide screen and is absent on a phone; pointing
// at or focusing a reference shows what it points to, Escape closes it, the link still
// jumps; axe finds nothing, light and dark. Screenshots land in test-results/screenshots/.
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { audit, describeViolations } from '../helpers/axe.ts';
import { SCREENSHOT_DIR } from '../helpers/browser.ts';
import { test } from '../helpers/fixtures.ts';

const FINITE = 'posts/basics/finite-differences/';
const KINK = 'posts/what-autodiff-returns-at-a-kink/';
const CONVEXITY = 'posts/convexity-and-shallow-networks/';

const card = (page: Page) => page.locator('#preview-card');

describe('sidenotes', () => {
  test('on a 1366 px screen the note sits in the right margin, level with its reference', async ({ open }) => {
    const { page, errors } = await open(FINITE, { viewport: { width: 1366, height: 650 } });
    const sidenote = page.locator('.sidenote').first();
    const ref = page.locator('sup a[data-footnote-ref]').first();
    await sidenote.scrollIntoViewIfNeeded();
    const [note, mark, prose] = await Promise.all([sidenote.boundingBox(), ref.boundingBox(), page.locator('.prose').boundingBox()]);
    expect(note!.x).toBeGreaterThanOrEqual(prose!.x + prose!.width);
    expect(note!.x + note!.width).toBeLessThanOrEqual(1366);
    expect(Math.abs(note!.y - mark!.y)).toBeLessThan(40);
    expect((await sidenote.textContent())!.replace(/\s+/g, ' ')).toMatch(/^1 Nocedal and Wright \[1, §8\.1\] derive both error terms/);
    // A visual copy: hidden from screen readers, its links out of the tab order; the endnote stays.
    expect(await sidenote.getAttribute('aria-hidden')).toBe('true');
    expect(await sidenote.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('tabindex')))).toEqual(['-1']);
    expect(await page.locator('section[data-footnotes] li').count()).toBe(1);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/notes-sidenote-1366.png` });
    expect(errors).toEqual([]);
  });

  test('on a 360 px phone there is no sidenote and nothing overflows sideways', async ({ open }) => {
    const { page } = await open(FINITE, { viewport: { width: 360, height: 800 } });
    expect(await page.locator('.sidenote').first().isVisible()).toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.locator('section[data-footnotes]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/notes-endnotes-360.png` });
  });
});

describe('hover cards', () => {
  test('pointing at a citation shows its reference entry; leaving hides it; a click still jumps', async ({ open }) => {
    const { page, errors } = await open(KINK, { viewport: { width: 1366, height: 650 } });
    const link = page.locator('a.citation__link').first();
    await link.scrollIntoViewIfNeeded();
    await link.hover();
    await expect.poll(() => card(page).isVisible()).toBe(true);
    expect(await card(page).textContent()).toContain('Rockafellar, R. T. (1970). Convex Analysis. Princeton University Press.');
    expect(await link.getAttribute('aria-describedby')).toBe('preview-card');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/notes-citation-card.png` });
    await page.mouse.move(5, 5);
    await expect.poll(() => card(page).isVisible()).toBe(false);
    await link.click();
    expect(page.url()).toMatch(/#ref-rockafellar1970$/);
    expect(errors).toEqual([]);
  });

  test('keyboard focus on an equation reference shows the equation; Escape closes it', async ({ open }) => {
    const { page } = await open(FINITE, { colorScheme: 'dark', viewport: { width: 1366, height: 650 } });
    const eqref = page.locator('a.eqref').first();
    await eqref.focus();
    await expect.poll(() => card(page).isVisible()).toBe(true);
    expect(await card(page).getAttribute('data-kind')).toBe('equation');
    expect(await card(page).locator('.katex-display').count()).toBe(1);
    // The copy has no ids (no duplicates of the equation's anchors in the page), is out of
    // the tab order and is no second "Equation (n)" landmark.
    expect(await card(page).locator('[id]').count()).toBe(0);
    expect(await card(page).locator('[tabindex="0"], [role="region"]').count()).toBe(0);
    expect(await card(page).getAttribute('aria-label')).toBe(`Equation ${(await eqref.textContent())!.trim()}`);
    expect(describeViolations(await audit(page))).toBe('');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/notes-equation-card-dark.png` });
    await page.keyboard.press('Escape');
    await expect.poll(() => card(page).isVisible()).toBe(false);
  });

  test('a footnote mark and a figure reference preview the note and the caption', async ({ open }) => {
    const { page } = await open(FINITE, { viewport: { width: 800, height: 700 } });
    await page.locator('sup a[data-footnote-ref]').first().focus();
    await expect
      .poll(async () => (await card(page).textContent())!.replace(/\s+/g, ' '))
      .toMatch(/Nocedal and Wright \[1, §8\.1\] derive both error terms/);
    expect(await card(page).locator('[data-footnote-backref]').count()).toBe(0);

    const convexity = (await open(CONVEXITY, { viewport: { width: 800, height: 700 } })).page;
    const figref = convexity.locator('a.figref').first();
    expect(await figref.textContent()).toBe('1');
    expect(await figref.evaluate((a) => a.parentElement!.textContent)).toBe('Figure\u00a01');
    await figref.focus();
    await expect
      .poll(async () => (await card(convexity).textContent())!.replace(/\s+/g, ' ').trim())
      .toMatch(/^Figure 1\. The loss of a three-unit relu network/);
  });

  test('axe: no violations with a card open and sidenotes shown, light and dark', async ({ open }) => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page } = await open(KINK, { colorScheme, viewport: { width: 1366, height: 650 } });
      await page.locator('a.citation__link').first().focus();
      await expect.poll(() => card(page).isVisible()).toBe(true);
      const violations = await audit(page);
      expect(violations, describeViolations(violations)).toEqual([]);
    }
  });
});
