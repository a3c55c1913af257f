// The home page shows the work: each post card has a picture (its first widget's static first
// frame, or a glyph tile), a mark when the post has live figures or live code, reading time
// and tags — checked against the built posts themselves; readable at 360 px and 1366 × 650 in
// both themes (screenshots in test-results/screenshots/), with no axe violations.
import { describe, expect } from 'vitest';
import { audit, describeViolations } from '../helpers/axe.ts';
import { fontsSettled, screenshot } from '../helpers/browser.ts';
import { test } from '../helpers/fixtures.ts';

interface Card {
  href: string;
  title: string;
  meta: string;
  tags: string[];
  thumbnail: string | null;
  glyph: string | null;
  picture: { width: number; height: number };
}

describe('home page', () => {
  test('every card has a picture, reading time and tags; live marks match what each post holds', async ({ open }) => {
    const { page, errors } = await open('');
    const cards: Card[] = await page.locator('.post-card').evaluateAll((items) =>
      items.map((item) => {
        const picture = item.querySelector('.post-card__picture')!.getBoundingClientRect();
        return {
          href: item.querySelector('.post-card__title a')!.getAttribute('href')!,
          title: item.querySelector('.post-card__title')!.textContent!.trim(),
          meta: item.querySelector('.post-card__meta')!.textContent!,
          tags: [...item.querySelectorAll('.tag-pill')].map((a) => a.textContent!.trim()),
          thumbnail: item.querySelector('[data-widget-thumbnail]')?.getAttribute('data-widget-thumbnail') ?? null,
          glyph: item.querySelector('.post-card__frame--glyph')?.textContent?.trim() ?? null,
          picture: { width: picture.width, height: picture.height },
        };
      }),
    );
    expect(cards.length).toBeGreaterThanOrEqual(8);
    let live = 0;
    for (const card of cards) {
      expect(card.meta, card.title).toMatch(/\d+ min read/);
      expect(card.tags.length, card.title).toBeGreaterThan(0);
      expect(card.picture.width, card.title).toBeGreaterThan(100);
      expect(card.picture.height, card.title).toBeGreaterThan(60);
      // What the post really holds, from its own page.
      const post = await open(card.href.slice(1), { javaScriptEnabled: false });
      const widgets = await post.page
        .locator('figure[data-widget]')
        .evaluateAll((figures) => figures.map((f) => f.getAttribute('data-widget')));
      const cells = await post.page.locator('figure.cell').count();
      await post.context.close();
      expect(card.meta.includes('Live figures'), `${card.title}: widgets ${widgets}`).toBe(widgets.length > 0);
      expect(card.meta.includes('Live code'), `${card.title}: ${cells} cells`).toBe(cells > 0);
      if (widgets.length > 0 || cells > 0) live++;
      // A post with a widget shows its first picture-bearing widget; the others get a glyph tile.
      if (card.thumbnail) expect(widgets, card.title).toContain(card.thumbnail);
      // A glyph is a mark, not a word: one symbol (∂, Δ) or a short formula (f∘g).
      else expect(card.glyph, card.title).toMatch(/^\S{1,3}$/u);
    }
    expect(live).toBeGreaterThanOrEqual(5);
    expect(cards.filter((card) => card.thumbnail).length).toBeGreaterThanOrEqual(5);
    // The playground's card shows its static decision boundary: the heat map and the points.
    const playground = page.locator('[data-widget-thumbnail="nn-playground"]').first();
    expect(await playground.locator('.nnp-heat-static').count()).toBe(1);
    expect(await playground.locator('circle').count()).toBeGreaterThan(100);
    expect(errors).toEqual([]);
  });

  test('pictures are decorative copies: no ids, no roles, no tab stops; no widget script loads', async ({ open, baseUrl }) => {
    const { page } = await open(null);
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await page.goto(baseUrl);
    const inside = await page
      .locator('.post-card__picture')
      .evaluateAll((pictures) =>
        pictures.flatMap((picture) =>
          [...picture.querySelectorAll('[id], [role], [aria-label], [tabindex]')].map((el) => el.outerHTML.slice(0, 80)),
        ),
      );
    expect(inside).toEqual([]);
    for (const picture of await page.locator('.post-card__picture').all()) {
      expect(await picture.getAttribute('tabindex')).toBe('-1');
      expect(await picture.getAttribute('aria-hidden')).toBe('true');
    }
    expect(scripts.filter((path) => !path.includes('/Search.astro') && !path.includes('preload-helper'))).toEqual([]);
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`${colorScheme}: no axe violations, no sideways scroll at 360 px; screenshots at 1366 × 650 and 360 px`, async ({ open }) => {
      const laptop = await open('', { colorScheme, viewport: { width: 1366, height: 650 } });
      const violations = await audit(laptop.page);
      expect(violations, describeViolations(violations)).toEqual([]);
      await laptop.page.screenshot({ path: await screenshot(laptop.page, `home-${colorScheme}-1366`) });
      const phone = await open('', { colorScheme, viewport: { width: 360, height: 800 } });
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
      const phoneViolations = await audit(phone.page);
      expect(phoneViolations, describeViolations(phoneViolations)).toEqual([]);
      await screenshot(phone.page, `home-${colorScheme}-360`);
    });
  }
});

describe('about page', () => {
  test('its only "math" is the LaTeX logo, drawn without KaTeX: no KaTeX stylesheet or font is fetched', async ({ open, baseUrl }) => {
    const { page, errors } = await open(null);
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await page.goto(new URL('about/', baseUrl).href);
    await fontsSettled(page);
    expect(requested.filter((path) => path.includes('katex'))).toEqual([]);
    expect(await page.locator('style[data-katex-css]').count()).toBe(0);
    const logo = page.getByRole('img', { name: 'LaTeX' });
    expect(await logo.count()).toBe(1);
    const box = await logo.boundingBox();
    expect(box?.width).toBeGreaterThan(20);
    // A post with real math still loads KaTeX: its stylesheet is in the page, and a formula in
    // view fetches KaTeX's fonts.
    await page.goto(new URL('posts/chain-rule-by-hand/', baseUrl).href);
    expect(await page.locator('style[data-katex-css]').count()).toBe(1);
    await page.locator('.katex').first().scrollIntoViewIfNeeded();
    await fontsSettled(page);
    expect(requested.some((path) => /\/katex\/fonts\/KaTeX_[\w-]+\.woff2$/.test(path))).toBe(true);
    expect(errors).toEqual([]);
  });
});
