// Nothing in the reading column is clipped without a cue, on every built page (read from the
// sitemap of the built site, plus the 404 page), on a phone (360×800) and two laptops
// (1280×900, 1366×650), with every widget mounted:
//  - the page itself never scrolls sideways; when it does, the widest element that sticks
//    out of the window (and is not inside a box that scrolls or clips) is named;
//  - display math: a display wider than its box scrolls (overflow-x auto), is a focusable
//    region (rehype-display-math.ts), carries the edge-shadow cue (.scroll-x) and its
//    equation number is inside the visible box (an aligned display's numbers scroll with
//    their rows); on any display the number never lies over its formula's glyphs;
//  - tables: no cell breaks inside a word, value chip or LaTeX command (each word's glyph
//    boxes stay on one line), and a table wider than its box scrolls with the cue;
//  - code blocks: a block wider than its box scrolls with the cue (.scroll-x) and, once the
//    script has run, has its Copy and Wrap buttons; Wrap makes it fit.
// Then the features themselves: axe (light and dark) on a page with all of them, keyboard
// scrolling of a display, the current tag, one body text size, the aside within the grid.
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { audit, describeViolations } from '../helpers/axe.ts';
import { test } from '../helpers/fixtures.ts';
import { sitePaths } from '../helpers/sitemap.ts';

async function builtPages(): Promise<string[]> {
  const paths = await sitePaths();
  expect(paths.length).toBeGreaterThan(10);
  return [...paths, 'no-such-page/'];
}

/** Scroll each widget into view so it mounts, and wait until it is live: a live widget lays
 *  out its controls differently from its static first frame. */
async function mountWidgets(page: Page): Promise<void> {
  const figures = page.locator('figure[data-widget]');
  for (let i = 0; i < (await figures.count()); i++) {
    await figures.nth(i).scrollIntoViewIfNeeded();
    await expect.poll(() => figures.nth(i).getAttribute('data-widget-state'), { timeout: 30_000 }).toBe('live');
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** '' when the page does not scroll sideways; else by how much, and the widest element that sticks out. */
function pageOverflow(page: Page): Promise<string> {
  return page.evaluate(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return '';
    const contained = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') return true;
      }
      return false;
    };
    let widest: { el: Element; width: number; right: number } | undefined;
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || (r.right <= root.clientWidth + 1 && r.left >= -1) || contained(el)) continue;
      if (!widest || r.width > widest.width) widest = { el, width: r.width, right: r.right };
    }
    const what = widest
      ? `${widest.el.tagName.toLowerCase()}.${[...widest.el.classList].join('.')} (${Math.round(widest.width)} px wide, right edge at ${Math.round(widest.right)} px)`
      : 'no element found';
    return `the page scrolls sideways (${root.scrollWidth} > ${root.clientWidth} px): ${what}`;
  });
}

/** Every problem on the page as one line naming the element; [] when there is none. */
function problems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.textContent ?? '').replace(/\s+/g, ' ').slice(0, 50)}"`;
    const overflows = (el: Element) => el.scrollWidth > el.clientWidth + 1;
    const scrolls = (el: Element) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
    // The cue is the edge shadows prose.css paints (two radial gradients) on these classes.
    const hasCue = (el: Element) =>
      (el.classList.contains('scroll-x') || el.classList.contains('table-scroll')) &&
      getComputedStyle(el).backgroundImage.includes('radial-gradient');
    for (const el of document.querySelectorAll('.prose .katex-display')) {
      if (!overflows(el)) continue;
      if (!scrolls(el) || !hasCue(el)) out.push(`display clipped without a cue: ${name(el)}`);
      if (el.getAttribute('tabindex') !== '0' || !el.getAttribute('aria-label'))
        out.push(`wide display not keyboard-scrollable: ${name(el)}`);
      const box = el.getBoundingClientRect();
      for (const tag of el.querySelectorAll('.katex-tag')) {
        const r = tag.getBoundingClientRect();
        // An aligned display's numbers stay beside their rows and scroll with them (math.css).
        const rows = tag.querySelector(':scope > .vlist-t') !== null;
        if (!rows && (r.right > box.right + 1 || r.left < box.left - 1)) out.push(`equation number out of view: ${name(el)}`);
      }
    }
    // On every display, wide or not: a number never lies over a glyph of its own formula.
    for (const el of document.querySelectorAll('.prose .katex-display')) {
      for (const tag of el.querySelectorAll('.katex-tag')) {
        const t = tag.getBoundingClientRect();
        const covered = [...el.querySelectorAll('.katex-html > :not(.katex-tag) *')].some((glyph) => {
          // Leaves that draw something: KaTeX pads its vertical lists with zero-width spaces.
          if (glyph.children.length > 0 || !glyph.textContent?.replace(/[\s\u200b]/g, '')) return false;
          const g = glyph.getBoundingClientRect();
          return g.width > 0 && g.right > t.left + 1 && g.left < t.right - 1 && g.bottom > t.top + 1 && g.top < t.bottom - 1;
        });
        if (covered) out.push(`equation number over its formula: ${name(el)}`);
      }
    }
    for (const el of document.querySelectorAll('.prose pre')) {
      if (el.closest('.cell')) continue;
      const tools = el.closest('.code-frame')?.querySelector('.code-tools');
      const shown = (label: string) =>
        [...(tools?.querySelectorAll('button') ?? [])].some((b) => b.textContent === label && !(b as HTMLButtonElement).hidden);
      if (el.matches('.code-block') && !shown('Copy')) out.push(`code block without its Copy button: ${name(el)}`);
      if (!overflows(el)) continue;
      if (!scrolls(el) || !hasCue(el)) out.push(`code block clipped without a cue: ${name(el)}`);
      if (el.matches('.code-block') && !shown('Wrap')) out.push(`wide code block without its Wrap button: ${name(el)}`);
    }
    for (const el of document.querySelectorAll('.prose .table-scroll')) {
      if (overflows(el) && (!scrolls(el) || !hasCue(el))) out.push(`table clipped without a cue: ${name(el)}`);
    }
    // Widgets lay out their own tables (the grad-check table's headers are being reworked
    // with its figure); this check covers the tables written in Markdown.
    for (const cell of document.querySelectorAll('.prose td:not(.widget td), .prose th:not(.widget th)')) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        if (node.parentElement?.closest('.katex-mathml')) continue;
        for (const word of node.data.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, word.index);
          range.setEnd(node, word.index + word[0].length);
          const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (lines.size > 1) out.push(`word broken in a table cell: "${word[0]}" in ${name(cell)}`);
        }
      }
      for (const math of cell.querySelectorAll('.katex-html')) {
        const lines = new Set([...math.getClientRects()].map((r) => Math.round(r.top)));
        if (lines.size > 1) out.push(`formula broken in a table cell: ${name(math)}`);
      }
    }
    return out;
  });
}

for (const [width, height] of [
  [360, 800],
  [1280, 900],
  [1366, 650],
] as const) {
  test(`every built page at ${width}×${height}: no sideways page scroll; no display, table cell or code block clipped without a cue`, async ({
    open,
  }) => {
    const found: string[] = [];
    for (const path of await builtPages()) {
      const { page, context } = await open(path, { viewport: { width, height } });
      // The code tools are added by a script; wait for it where there is code to enhance.
      if (await page.locator('.prose pre.code-block').count()) await page.locator('.code-tools').first().waitFor();
      await mountWidgets(page);
      const sideways = await pageOverflow(page);
      if (sideways) found.push(`/${path}: ${sideways}`);
      for (const problem of await problems(page)) found.push(`/${path}: ${problem}`);
      await context.close();
    }
    expect(found.join('\n')).toBe('');
    // Forty pages, a few of them with widgets to mount: more than the default two minutes on a busy machine.
  }, 400_000);
}

describe('the features themselves', () => {
  test('a wide display scrolls with the keyboard and keeps its number in view', async ({ open }) => {
    const { page } = await open('posts/basics/finite-differences/', { viewport: { width: 360, height: 800 } });
    const display = page
      .locator('.katex-display[tabindex="0"]')
      .filter({ has: page.locator('.katex-tag') })
      .first();
    await display.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => display.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    const [box, tag] = await display.evaluate((el) => [
      el.getBoundingClientRect().right,
      el.querySelector('.katex-tag')!.getBoundingClientRect().right,
    ]);
    expect(tag).toBeLessThanOrEqual(box! + 1);
    expect(await display.getAttribute('aria-label')).toMatch(/^Equation \(\d+\)$/);
    expect(await display.getAttribute('role')).toBe('region');
    // The cue: shadows painted at the edges that have more to scroll to.
    expect(await display.evaluate((el) => getComputedStyle(el).backgroundImage.match(/radial-gradient/g)?.length)).toBe(2);
  });

  test('a code block: Wrap makes it fit and is a toggle; Copy puts the code on the clipboard', async ({ open }) => {
    const { page, context, errors } = await open('posts/chain-rule-by-hand/', { viewport: { width: 360, height: 800 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const frame = page.locator('.code-frame').first();
    const pre = frame.locator('pre');
    expect(await pre.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    const wrap = frame.getByRole('button', { name: 'Wrap' });
    await wrap.focus();
    await page.keyboard.press('Enter');
    expect(await wrap.getAttribute('aria-pressed')).toBe('true');
    expect(await pre.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    await frame.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => frame.getByRole('status').textContent()).toBe('Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await pre.locator('code').textContent());
    expect(errors).toEqual([]);
  });

  test('without JavaScript a code block still scrolls behind its edge cue', async ({ open }) => {
    const { page } = await open('posts/chain-rule-by-hand/', { viewport: { width: 360, height: 800 }, javaScriptEnabled: false });
    const pre = page.locator('.prose pre.code-block').first();
    expect(await page.locator('.code-tools').count()).toBe(0);
    expect(
      await pre.evaluate((el) => [getComputedStyle(el).overflowX, getComputedStyle(el).backgroundImage.includes('radial-gradient')]),
    ).toEqual(['auto', true]);
  });

  test('a wide table becomes one card per row on a phone, each value under its column name', async ({ open }) => {
    const { page } = await open('posts/guide/widgets/', { viewport: { width: 360, height: 800 } });
    const table = page.locator('.table-scroll--stack').first();
    expect(await table.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    const label = await table
      .locator('td[data-label]')
      .first()
      .evaluate((el) => getComputedStyle(el, '::before').content);
    expect(label).toBe('"Values"');
  });

  test('tables stack below 40rem (640 px) and are tables again above it', async ({ open }) => {
    for (const [width, display] of [
      [640, 'block'],
      [660, 'table-row'],
    ] as const) {
      const { page } = await open('posts/guide/widgets/', { viewport: { width, height: 800 } });
      const row = page.locator('.table-scroll--stack tbody tr').first();
      expect(await row.evaluate((el) => getComputedStyle(el).display), `${width} px`).toBe(display);
    }
  });

  test('the current tag is marked on its own page', async ({ open }) => {
    const { page } = await open('tags/calculus/');
    const current = page.locator('.tag-pill[aria-current="page"]');
    expect(await current.count()).toBeGreaterThan(0);
    expect(new Set(await current.allTextContents())).toEqual(new Set(['calculus']));
  });

  test('body text is one size on About and on posts, the lead included', async ({ open }) => {
    const sizes = new Set<string>();
    for (const path of ['about/', 'posts/chain-rule-by-hand/', 'posts/backprop-simple-case/']) {
      const { page } = await open(path);
      for (const selector of ['.prose > p', '.post__description']) {
        const el = page.locator(selector).first();
        if (await el.count()) sizes.add(await el.evaluate((e) => getComputedStyle(e).fontSize));
      }
    }
    expect([...sizes]).toEqual(['19px']);
  });

  for (const width of [1280, 1366]) {
    test(`at ${width} px an aside figure ends within the page grid (the header's right edge)`, async ({ open }) => {
      const { page } = await open('posts/backprop-simple-case/', { viewport: { width, height: 900 } });
      const grid = await page.locator('.site-header [data-theme-toggle]').evaluate((el) => el.getBoundingClientRect().right);
      const asides = await page.locator('.widget--aside').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().right));
      expect(asides.length).toBeGreaterThan(0);
      for (const right of asides) expect(right).toBeLessThanOrEqual(grid + 1);
    });
  }

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`axe: no violations with scrolling displays, stacked tables and code tools, ${colorScheme}`, async ({ open }) => {
      for (const path of ['posts/guide/widgets/', 'posts/basics/finite-differences/', 'posts/notation/']) {
        const { page } = await open(path, { viewport: { width: 360, height: 800 }, colorScheme });
        if (await page.locator('.prose pre.code-block').count()) await page.locator('.code-tools').first().waitFor();
        // Live widgets too: at 360 px their tables scroll, and must be keyboard-reachable.
        await mountWidgets(page);
        expect(describeViolations(await audit(page, { within: '.prose' })), path).toBe('');
      }
    });
  }
});
