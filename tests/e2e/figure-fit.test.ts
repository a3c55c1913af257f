// Figures that fit (issue 13): a widget is never a nested scroll box hiding its controls.
// At the three laptop windows the issue measured, every control and caption of every figure
// can be brought into view by scrolling the page, and nothing that holds one scrolls inside
// itself; the playground's essential view (with its settings folded) fits the window beside
// the text and stays there while the reader scrolls. Plus the playground's network diagram,
// its log loss axis and its ∞ marker, and a phone-sized figure.
import type { Locator, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { screenshot } from '../helpers/browser.ts';
import { type BrowserFixtures, test as it } from '../helpers/fixtures.ts';

const PLAYGROUND = 'posts/backprop-simple-case/';
const GUIDE = 'posts/guide/widgets/';
const WINDOWS = [
  [1280, 900],
  [1366, 650],
  [1100, 700],
] as const;
const CONTROLS = 'input, select, button, summary, textarea, [tabindex="0"], figcaption';

async function openLive({ open }: Pick<BrowserFixtures, 'open'>, path: string, width: number, height: number, dark = false) {
  const { page, errors } = await open(path, { viewport: { width, height }, colorScheme: dark ? 'dark' : 'light' });
  // Bring every widget in (they mount as they near the viewport), then go back to the top.
  for (const figure of await page.locator('figure[data-widget]').all()) {
    await figure.scrollIntoViewIfNeeded();
    await expect.poll(() => figure.getAttribute('data-widget-state'), { timeout: 60_000 }).toMatch(/^(live|error)$/);
    expect(await figure.getAttribute('data-widget-state'), errors.join('\n')).toBe('live');
  }
  await page.evaluate(() => scrollTo(0, 0));
  return { page, errors };
}

/** Elements that scroll vertically inside themselves and hold a control or a caption: must be none. */
const nestedScrollers = (page: Page) =>
  page.evaluate((controls) => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const { overflowY } = getComputedStyle(el);
      if (!/(auto|scroll)/.test(overflowY) || el.scrollHeight <= el.clientHeight + 1) continue;
      const held = el.querySelector(controls);
      if (held) out.push(`${el.tagName}.${el.className} (${el.scrollHeight} > ${el.clientHeight}) holds ${held.tagName}`);
    }
    return out;
  }, CONTROLS);

/**
 * Scroll the page (never an inner box) to each control and caption of a figure, and check it
 * is then wholly inside the window and on top (not under anything). Returns the failures.
 */
async function unreachable(figure: Locator): Promise<string[]> {
  return figure.evaluate(async (fig, controls) => {
    const frame = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    const out: string[] = [];
    // Shown ones only: a folded <details> keeps its content laid out but hidden.
    const items = [...fig.querySelectorAll<HTMLElement>(controls)].filter((el) => el.checkVisibility({ visibilityProperty: true }));
    for (const el of items) {
      el.scrollIntoView({ block: 'center' });
      await frame();
      const r = el.getBoundingClientRect();
      const name = `${el.tagName.toLowerCase()}${el.getAttribute('name') ? `[name=${el.getAttribute('name')}]` : ''}${el.dataset.act ? `[${el.dataset.act}]` : ''}`;
      if (r.top < -0.5 || r.bottom > innerHeight + 0.5) {
        out.push(`${name}: ${Math.round(r.top)}–${Math.round(r.bottom)} in a ${innerHeight} px window`);
        continue;
      }
      const hit = document.elementFromPoint(r.left + Math.min(r.width / 2, 8), r.top + Math.min(r.height / 2, 8));
      // (A line in the network diagram is thin and slanted: its box's corner is not on it.)
      if (el.tagName !== 'FIGCAPTION' && !(el instanceof SVGElement) && hit && !el.contains(hit) && !hit.contains(el))
        out.push(`${name}: covered by ${hit.tagName}.${hit.className}`);
    }
    return out;
  }, CONTROLS);
}

/** The figure's box while the page is scrolled to the middle of its section (the text beside it). */
async function boxMidSection(figure: Locator) {
  return figure.evaluate(async (fig) => {
    const section = fig.closest('.widget-section')!;
    const s = section.getBoundingClientRect();
    scrollTo(0, scrollY + s.top + s.height / 2 - innerHeight / 2);
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    const r = fig.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, height: r.height, window: innerHeight, fit: (fig as HTMLElement).dataset.asideFit };
  });
}

describe('figures that fit beside the text', () => {
  it.for(WINDOWS)(
    '%i × %i: no nested scroll box, every control and caption reachable, the playground in view',
    async ([w, h], { open }) => {
      for (const path of [PLAYGROUND, GUIDE]) {
        const { page, errors } = await openLive({ open }, path, w, h);
        expect(await nestedScrollers(page), path).toEqual([]);
        for (const figure of await page.locator('figure.widget--aside').all()) {
          expect(await unreachable(figure), `${path} ${await figure.getAttribute('data-widget')}`).toEqual([]);
        }
        if (path === PLAYGROUND) {
          // The first playground, settings folded: the whole figure fits and sticks at the top.
          const first = page.locator('figure[data-widget="nn-playground"]').first();
          const box = await boxMidSection(first);
          expect(box.fit, JSON.stringify(box)).toBe('fits');
          expect(box.top, JSON.stringify(box)).toBeGreaterThanOrEqual(0);
          expect(box.bottom, JSON.stringify(box)).toBeLessThanOrEqual(h);
          // Unfolded, it is taller than the window: it stays where it is, and moves with the
          // page as the reader scrolls on, until its bottom is in view; scrolling back up
          // brings its top back. (Scrolled in steps, as a wheel does.)
          await first.locator('summary').click();
          await expect.poll(() => first.getAttribute('data-aside-fit')).toBe('taller');
          const scrollSteps = (by: number) =>
            first.evaluate(async (fig, by) => {
              for (let i = 0; i < Math.abs(by) / 50; i++) {
                scrollBy(0, Math.sign(by) * 50);
                await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
              }
              const r = fig.getBoundingClientRect();
              return { top: r.top, bottom: r.bottom, window: innerHeight };
            }, by);
          const unfolded = await first.evaluate((f) => f.getBoundingClientRect().height);
          expect(unfolded).toBeGreaterThan(h);
          const down = await scrollSteps(unfolded - h + 200);
          expect(down.bottom, JSON.stringify(down)).toBeLessThanOrEqual(h);
          expect(down.bottom, JSON.stringify(down)).toBeGreaterThan(h - 40);
          const up = await scrollSteps(-(unfolded - h + 200));
          expect(up.top, JSON.stringify(up)).toBeGreaterThanOrEqual(0);
          expect(up.top, JSON.stringify(up)).toBeLessThan(40);
          expect(await unreachable(first)).toEqual([]);
          expect(await nestedScrollers(page)).toEqual([]);
          await screenshot(page, `figure-fit-${w}x${h}`);
        }
        expect(errors).toEqual([]);
      }
    },
  );

  it('on a phone: one caption, in one type style, and the playground is not screens tall', async ({ open }) => {
    const { page, errors } = await openLive({ open }, PLAYGROUND, 360, 800);
    const figure = page.locator('figure[data-widget="nn-playground"]').first();
    expect(await figure.locator('figcaption, .nnp-caption').count()).toBe(1);
    const height = await figure.evaluate((f) => f.getBoundingClientRect().height);
    expect(height).toBeLessThan(1.35 * 800);
    expect(await nestedScrollers(page)).toEqual([]);
    expect(await unreachable(figure)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await figure.scrollIntoViewIfNeeded();
    await screenshot(page, 'figure-fit-360');
    expect(errors).toEqual([]);
  });
});

describe('the playground’s network diagram, loss axis and ∞ marker', () => {
  async function playground({ open }: Pick<BrowserFixtures, 'open'>, query = '', dark = false) {
    const { page, errors } = await open(PLAYGROUND + query, {
      viewport: { width: 1280, height: 900 },
      colorScheme: dark ? 'dark' : 'light',
    });
    const figure = page.locator('figure[data-widget="nn-playground"]').first();
    await figure.scrollIntoViewIfNeeded();
    await expect.poll(() => figure.getAttribute('data-widget-state'), { timeout: 60_000 }).toBe('live');
    return { page, figure, errors };
  }

  it('draws inputs → hidden units → output, one map per unit, and reads out a weight and its gradient on hover', async ({ open }) => {
    const { page, figure, errors } = await playground({ open }, '?hidden=5');
    const net = figure.locator('[data-part="net"]');
    expect(await net.locator('canvas.nnp-net-map').count()).toBe(2 + 5 + 1);
    expect(await net.locator('.nnp-net-hit').count()).toBe(4 * 5 + 1);
    // Lines are coloured and sized by their weights: not all the same width.
    const widths = await net.locator('line.nnp-net-edge').evaluateAll((ls) => ls.map((l) => Number(l.getAttribute('stroke-width'))));
    expect(widths).toHaveLength(3 * 5);
    expect(Math.max(...widths)).toBe(5);
    expect(new Set(widths).size).toBeGreaterThan(3);
    // The legend's scale ends at the largest |weight|.
    expect(await net.locator('[data-part="w-hi"]').textContent()).toMatch(/^\+\d/);
    // Each unit's map is painted (not blank): more than one colour in it.
    const colours = await net
      .locator('canvas.nnp-net-map')
      .nth(2)
      .evaluate((c) => {
        const d = (c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, 16, 16).data;
        const seen = new Set<string>();
        for (let i = 0; i < d.length; i += 4) seen.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
        return seen.size;
      });
    expect(colours).toBeGreaterThan(4);
    // Hover: the output weight of unit 0 (W2[0,0]).
    await net.locator('[data-item="3"]').hover();
    const readout = figure.locator('[data-part="net-readout"]');
    await expect
      .poll(() => readout.textContent())
      .toMatch(/^W2\[0,0\] = -?\d\.\d{4} \(weight from hidden unit 0 to the output\); ∂L\/∂W2\[0,0\] = -?\d/);
    expect(await readout.getAttribute('aria-live')).toBe('polite');
    expect(await net.locator('[data-item="3"]').getAttribute('aria-label')).toBe('W2[0,0], weight from hidden unit 0 to the output');
    // The read-out follows training: step, and the value changes.
    const before = await readout.textContent();
    await figure.locator('[data-act="step"]').click();
    await figure.locator('[data-act="step"]').click();
    await net.locator('[data-item="3"]').hover();
    await expect.poll(() => readout.textContent()).not.toBe(before);
    // Leaving clears it (it floats over the diagram).
    await page.mouse.move(5, 5);
    await expect.poll(() => readout.textContent()).toBe('');
    expect(errors).toEqual([]);
  });

  it('the loss chart has a log axis (kept in the URL) and marks where the loss became ∞', async ({ open }) => {
    const { page, figure, errors } = await playground({ open });
    await figure.locator('[data-tab="loss"]').click();
    const chart = figure.locator('[data-part="chart"]');
    for (let i = 0; i < 3; i++) await figure.locator('[data-act="step"]').click();
    await figure.locator('select[name="lossAxis"]').selectOption('log');
    await expect.poll(() => page.url()).toContain('lossAxis=log');
    expect(await chart.getAttribute('aria-label')).toMatch(/log axis: at step 3, train \d\.\d{4}/);

    // Diverge: learning rate 1000.
    await figure.locator('summary').click();
    await figure.locator('select[name="lr"]').selectOption('1000');
    await figure.locator('[data-act="play"]').click();
    await expect.poll(() => figure.locator('[data-nnp]').getAttribute('data-status')).toBe('diverged');
    await expect.poll(() => chart.getAttribute('aria-label')).toMatch(/the loss became (∞|NaN) at step \d+\./);
    // The marker is drawn: pixels of the warning colour in the chart.
    const warnPixels = await chart.evaluate((c) => {
      const canvas = c as HTMLCanvasElement;
      const probe = document.createElement('span');
      probe.style.color = 'var(--nnp-warn)';
      canvas.parentElement!.append(probe);
      const [r, g, b] = getComputedStyle(probe).color.match(/\d+/g)!.map(Number);
      probe.remove();
      const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4)
        if (Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) < 30 && d[i + 3] > 200) n++;
      return n;
    });
    expect(warnPixels).toBeGreaterThan(40);
    await screenshot(page, 'playground-diverged-chart');
    expect(errors).toEqual([]);
  });
});

describe('grad-check’s plot and the tables, in the aside and on a phone', () => {
  it.for([
    ['aside, 1280 × 900', 1280, 900],
    ['phone, 360 × 800', 360, 800],
  ] as const)('%s: eˣ at 2.5 stays in the plot, ticks ≥ 11 px, headers and verdicts on one line', async ([, width, height], { open }) => {
    const { page, errors } = await openLive({ open }, GUIDE, width, height);
    const figure = page.locator('figure[data-widget="grad-check"].widget--aside').first();
    await figure.scrollIntoViewIfNeeded();
    await figure.locator('select[name="fn"]').selectOption('exp');
    await figure.locator('input[name="x"]').fill('2.5');
    await expect.poll(() => figure.locator('[data-part="x"]').textContent()).toBe('2.5');
    const plot = await figure.evaluate((f) => {
      const box = f.querySelector('.grad-check__plot svg')!.getBoundingClientRect();
      const point = f.querySelector('.grad-check__point')!.getBoundingClientRect();
      const ticks = [...f.querySelectorAll<HTMLElement>('.grad-check__tick')];
      return {
        inside: point.top >= box.top && point.bottom <= box.bottom && point.left >= box.left && point.right <= box.right,
        yTicks: ticks.filter((t) => t.classList.contains('grad-check__tick--y')).map((t) => t.textContent),
        smallest: Math.min(...ticks.map((t) => Number.parseFloat(getComputedStyle(t).fontSize))),
      };
    });
    expect(plot.inside).toBe(true);
    expect(plot.yTicks).toEqual(['0', '10', '20']);
    expect(plot.smallest).toBeGreaterThanOrEqual(11);
    // Column headers on one line; numbers right-aligned in tabular figures.
    const table = await figure.evaluate((f) => {
      const lineOf = (el: Element) => Number.parseFloat(getComputedStyle(el).lineHeight) || 20;
      const heads = [...f.querySelectorAll('thead th')].map((th) => th.getBoundingClientRect().height / lineOf(th));
      const nums = [...f.querySelectorAll<HTMLElement>('td.grad-check__num')].map((td) => getComputedStyle(td));
      return { heads, aligned: nums.every((s) => s.textAlign === 'right' && s.fontVariantNumeric.includes('tabular-nums')) };
    });
    for (const lines of table.heads) expect(lines).toBeLessThan(2);
    expect(table.aligned).toBe(true);
    expect(errors).toEqual([]);
  });

  it.for([
    ['aside, 1100 × 700', 1100, 700],
    ['phone, 360 × 800', 360, 800],
  ] as const)('%s: the playground’s check table keeps “✓ agree” and its headers on one line', async ([, width, height], { open }) => {
    const { page, errors } = await openLive({ open }, PLAYGROUND, width, height);
    const figure = page.locator('figure[data-widget="nn-playground"]').nth(1); // opens on the check tab
    await figure.scrollIntoViewIfNeeded();
    await expect.poll(() => figure.locator('[data-part="v-he"]').textContent()).toBe('✓ agree');
    const cells = await figure.evaluate((f) =>
      [...f.querySelectorAll('[data-part="check"] :is(thead th, td)')].map((c) => {
        const range = document.createRange();
        range.selectNodeContents(c);
        return { text: c.textContent, lines: new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size };
      }),
    );
    for (const c of cells) expect(c.lines, c.text ?? '').toBe(1);
    expect(errors).toEqual([]);
  });
});
