// What a careful look at every post (1280×900, 1366×650 and 360×800, light and dark) found,
// held as geometry and computed style so it stays fixed:
//  - inline code short enough for a line is never split (`nn-playground` broke at its hyphen);
//  - the graph stepper's text is at least 12 px on screen, its partials inside the drawing,
//    clear of the nodes and on a halo;
//  - chips never break: the kink table's programs, the playground's backprop values (which
//    also stand apart, as do its hidden-unit maps);
//  - the table of contents marks the section being read;
//  - the end matter's headings (Notes, References) are small labels, not section headings;
//  - a table in a framed box has one frame (no second line under a row-header column) and
//    its caption is set in from the frame like the cells;
//  - a live cell's code and output, when wider than the column, scroll with the edge cue;
//  - the kink figure's framework labels sit clear of the axis, rays and pick segments;
//  - no display in the reading column of a post without an aside overflows at 1280 px;
//  - an equation reference is not wrapped in a second pair of parentheses;
//  - a widget's select is wide enough for each of its options (text cut to "— correc");
//  - a table stacked as cards on a phone labels a value with its column's formula typeset
//    ("tangent, ẋ = (1, 0)" had read "TANGENT, X˙=(1,0)").
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { type BrowserFixtures, test } from '../helpers/fixtures.ts';
import { postPaths } from '../helpers/sitemap.ts';

type OpenFixture = BrowserFixtures['open'];

async function posts(): Promise<string[]> {
  const found = await postPaths();
  expect(found.length).toBeGreaterThan(5);
  return found;
}

/** Scroll through the page so every lazy widget mounts (their tables are built live). */
async function mountAll(page: Page): Promise<void> {
  for (const figure of await page.locator('figure[data-widget]').all()) {
    await figure.scrollIntoViewIfNeeded();
    await expect.poll(() => figure.getAttribute('data-widget-state'), { timeout: 60_000 }).toMatch(/^(live|error)$/);
  }
}

/**
 * Open each page at `viewport`, get it ready (`prepare`), and run `probe` in it: the problems it
 * reports, each labelled with its page, and how many elements it checked in all.
 */
async function survey(
  open: OpenFixture,
  paths: readonly string[],
  viewport: { width: number; height: number },
  probe: () => { problems: string[]; count: number },
  prepare: (page: Page) => Promise<void> = async () => undefined,
): Promise<{ found: string; checked: number }> {
  const found: string[] = [];
  let checked = 0;
  for (const path of paths) {
    const { page } = await open(path, { viewport });
    await prepare(page);
    const { problems, count } = await page.evaluate(probe);
    checked += count;
    found.push(...problems.map((p) => `${path}: ${p}`));
    await page.close();
  }
  return { found: found.join('\n'), checked };
}

/** Framed tables: a stray bottom border on the last row, or a caption against the frame. */
function tableProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const box of document.querySelectorAll<HTMLElement>('.prose .table-scroll')) {
      // A stacked table (phones) has no frame: its rows are cards.
      if (getComputedStyle(box).borderTopWidth === '0px') continue;
      const table = box.querySelector('table');
      if (!table || table.rows.length === 0) continue;
      const last = table.rows[table.rows.length - 1]!;
      for (const cell of last.cells) {
        if (getComputedStyle(cell).borderBottomWidth !== '0px')
          out.push(`second line under the last row: ${cell.tagName} "${cell.textContent?.trim().slice(0, 30)}"`);
      }
      const caption = table.caption;
      if (!caption?.checkVisibility() || caption.getBoundingClientRect().width <= 1) continue;
      const range = document.createRange();
      range.selectNodeContents(caption);
      const text = range.getBoundingClientRect();
      const frame = box.getBoundingClientRect();
      if (text.left - frame.left < 4)
        out.push(`caption against the frame (${Math.round(text.left - frame.left)} px): "${caption.textContent?.slice(0, 40)}"`);
    }
    return out;
  });
}

describe('end matter and tables', () => {
  test('Notes and References are small labels, not headings as large as a section', async ({ open }) => {
    const { page } = await open('posts/chain-rule-by-hand/');
    const sizes = await page.evaluate(() => {
      const px = (el: Element | null) => Number.parseFloat(getComputedStyle(el!).fontSize);
      return {
        body: px(document.querySelector('.prose p')),
        section: px(document.querySelector('.prose h2:not(.end-title)')),
        labels: [...document.querySelectorAll('.end-title')].map(px),
      };
    });
    expect(sizes.labels).toHaveLength(2);
    for (const size of sizes.labels) {
      expect(size).toBeLessThan(sizes.body);
      expect(size).toBeLessThan(sizes.section / 2);
    }
  });

  for (const [width, height] of [
    [1280, 900],
    [360, 800],
  ] as const) {
    test(`every post at ${width}×${height}: a framed table has one frame and its caption is set in from it`, async ({ open }) => {
      const found: string[] = [];
      let captions = 0;
      for (const path of await posts()) {
        const { page } = await open(path, { viewport: { width, height } });
        await mountAll(page);
        captions += await page.locator('.prose .table-scroll > table > caption:visible').count();
        found.push(...(await tableProblems(page)).map((p) => `${path}: ${p}`));
        await page.close();
      }
      expect(captions).toBeGreaterThan(3);
      expect(found.join('\n')).toBe('');
    });
  }
});

describe('live cells on a phone', () => {
  test('code and output wider than the column scroll sideways behind the edge cue', async ({ open }) => {
    let wide = 0;
    const found: string[] = [];
    for (const path of ['posts/flux-gradient-jacobian/', 'posts/guide/live-cells/']) {
      const { page } = await open(path, { viewport: { width: 360, height: 800 } });
      const result = await page.evaluate(() => {
        const out: string[] = [];
        let count = 0;
        for (const el of document.querySelectorAll<HTMLElement>('.cell__code pre, .cell__output')) {
          if (el.scrollWidth <= el.clientWidth + 1) continue;
          count += 1;
          const style = getComputedStyle(el);
          const name = `${el.className} "${(el.textContent ?? '').slice(0, 40)}"`;
          if (!['auto', 'scroll'].includes(style.overflowX)) out.push(`clipped: ${name}`);
          // The cue is the shared pair of edge shadows: radial gradients in the background.
          if ((style.backgroundImage.match(/radial-gradient/g) ?? []).length < 2) out.push(`no edge cue: ${name}`);
        }
        return { out, count };
      });
      wide += result.count;
      found.push(...result.out.map((p) => `${path}: ${p}`));
    }
    expect(wide).toBeGreaterThan(5);
    expect(found.join('\n')).toBe('');
  });
});

describe('the kink figure', () => {
  test('each framework label sits clear of the axis, the one-sided rays and the pick segments, for every function', async ({ open }) => {
    const { page } = await open('posts/what-autodiff-returns-at-a-kink/');
    const figure = page.locator('figure[data-widget="kink"]').first();
    await figure.scrollIntoViewIfNeeded();
    const select = figure.locator('select[name="fn"]:not([disabled])');
    await select.waitFor({ timeout: 10_000 });
    const options = await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options.length).toBeGreaterThan(4);
    const found: string[] = [];
    let labels = 0;
    for (const value of options) {
      await select.selectOption(value);
      const result = await figure.locator('svg.kink__plot').evaluate((svg) => {
        const out: string[] = [];
        const texts = [...svg.querySelectorAll<SVGTextElement>('text.kink__label')];
        for (const text of texts) {
          const b = text.getBBox();
          // Inside the glyph box, less a pixel of the halo.
          const inside = (x: number, y: number) => x > b.x + 1 && x < b.x + b.width - 1 && y > b.y + 1 && y < b.y + b.height - 1;
          for (const line of svg.querySelectorAll<SVGLineElement>('line.kink__axis, line.kink__ray, line.kink__pick')) {
            const [x1, y1, x2, y2] = (['x1', 'y1', 'x2', 'y2'] as const).map((a) => line[a].baseVal.value);
            for (let t = 0; t <= 1; t += 1 / 200) {
              if (inside(x1! + t * (x2! - x1!), y1! + t * (y2! - y1!))) {
                out.push(`"${text.textContent}" crossed by ${line.getAttribute('class')}`);
                break;
              }
            }
          }
        }
        return { out, count: texts.length };
      });
      labels += result.count;
      found.push(...result.out.map((p) => `${value}: ${p}`));
    }
    expect(labels).toBeGreaterThan(options.length / 2);
    expect(found.join('\n')).toBe('');
  });
});

describe('math in the reading column', () => {
  test('at 1280×900 no display beside nothing (no aside next to it) is wider than its box', async ({ open }) => {
    const found: string[] = [];
    for (const path of await posts()) {
      const { page } = await open(path);
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.prose .katex-display')]
          // Beside an aside the column is narrower by design, and a display there may scroll.
          .filter((el) => !el.closest('.widget-section') && el.scrollWidth > el.clientWidth + 1)
          .map((el) => `${el.scrollWidth} > ${el.clientWidth}: ${(el.textContent ?? '').slice(0, 40)}`),
      );
      found.push(...wide.map((w) => `${path}: ${w}`));
      await page.close();
    }
    expect(found.join('\n')).toBe('');
  });

  test('an equation reference is never wrapped in a second pair of parentheses', async ({ open }) => {
    const found: string[] = [];
    for (const path of await posts()) {
      const { page } = await open(path, { javaScriptEnabled: false });
      const doubled = await page.evaluate(() =>
        [...document.querySelectorAll('.prose a.eqref')]
          .filter((a) => (a.textContent ?? '').startsWith('('))
          .filter((a) => /\($/.test(a.previousSibling?.textContent ?? '') && /^\)/.test(a.nextSibling?.textContent ?? ''))
          .map((a) => a.textContent),
      );
      found.push(...doubled.map((d) => `${path}: (${d})`));
      await page.close();
    }
    expect(found.join('\n')).toBe('');
  });
});

describe('widget controls', () => {
  for (const [width, height] of [
    [1280, 900],
    [1366, 650],
    [360, 800],
  ] as const) {
    test(`at ${width}×${height} a widget's select is wide enough for each of its options`, async ({ open }) => {
      const paths = ['posts/backprop-simple-case/', 'posts/convexity-and-shallow-networks/', 'posts/what-autodiff-returns-at-a-kink/'];
      const prepare = async (page: Page) => {
        await mountAll(page);
        // The playground's σ′ select lives on its Grad check tab.
        for (const tab of await page.getByRole('tab', { name: 'Grad check' }).all()) await tab.click();
      };
      const { found, checked } = await survey(
        open,
        paths,
        { width, height },
        () => {
          const out: string[] = [];
          const context = document.createElement('canvas').getContext('2d')!;
          const selects = [...document.querySelectorAll<HTMLSelectElement>('figure[data-widget] select')].filter((s) => s.clientWidth > 0);
          for (const select of selects) {
            const style = getComputedStyle(select);
            context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
            // What is left for the text: the box less its padding and the drop-down arrow.
            const room = select.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight) - 20;
            for (const option of select.options) {
              const text = option.textContent ?? '';
              const needed = context.measureText(text).width;
              if (needed > room) out.push(`"${text}" needs ${Math.round(needed)} px, has ${Math.round(room)}`);
            }
          }
          return { problems: out, count: selects.length };
        },
        prepare,
      );
      expect(checked).toBeGreaterThan(3);
      expect(found).toBe('');
    });
  }
});

describe('tables stacked as cards on a phone', () => {
  test('a column name with a formula labels its values with the formula typeset, in the case it was written', async ({ open }) => {
    const { page } = await open('posts/forward-and-reverse-mode/', { viewport: { width: 360, height: 800 } });
    const labels = await page.locator('.table-scroll--stack .stack-label').evaluateAll((els) =>
      els.map((el) => ({
        shown: el.getBoundingClientRect().height > 0,
        math: el.querySelector('.katex-html') !== null,
        text: el.textContent,
        transform: getComputedStyle(el).textTransform,
      })),
    );
    expect(labels.length).toBeGreaterThan(3);
    for (const label of labels) expect(label).toMatchObject({ shown: true, math: true, transform: 'none' });
    expect(labels[0]!.text).toMatch(/^tangent, /);
    // The names without math keep their data-label, written as in the header.
    const plain = await page
      .locator('.table-scroll--stack td[data-label]:not(:first-child)')
      .first()
      .evaluate((el) => [el.dataset.label, getComputedStyle(el, '::before').textTransform]);
    expect(plain).toEqual(['definition', 'none']);
  });
});

describe('inline code', () => {
  for (const [width, height] of [
    [360, 800],
    [1280, 900],
  ] as const) {
    test(`at ${width}×${height} inline code short enough for a line is never split across two (nn-playground at its hyphen)`, async ({
      open,
    }) => {
      const { found, checked } = await survey(open, await posts(), { width, height }, () => {
        const split: string[] = [];
        const codes = [...document.querySelectorAll<HTMLElement>('.prose :not(pre) > code:not(.code--long)')];
        for (const code of codes) {
          const range = document.createRange();
          range.selectNodeContents(code);
          const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (lines.size > 1) split.push(`"${code.textContent}"`);
        }
        return { problems: split, count: codes.length };
      });
      expect(checked).toBeGreaterThan(100);
      expect(found).toBe('');
    });
  }
});

describe('the graph stepper', () => {
  for (const [width, height] of [
    [1366, 650],
    [360, 800],
  ] as const) {
    test(`at ${width}×${height} its text is 12 px or more on screen, and each partial sits inside the drawing, clear of every node, on a halo`, async ({
      open,
    }) => {
      const { page } = await open('posts/forward-and-reverse-mode/', { viewport: { width, height } });
      await mountAll(page);
      const result = await page
        .locator('figure[data-widget="autodiff-graph"] svg.adg-svg')
        .first()
        .evaluate((svg: SVGSVGElement) => {
          const out: string[] = [];
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          const texts = [...svg.querySelectorAll<SVGTextElement>('text')];
          for (const text of texts) {
            const px = Number.parseFloat(getComputedStyle(text).fontSize) * scale;
            if (px < 12) out.push(`"${text.textContent}" at ${px.toFixed(1)} px`);
          }
          const nodes = [...svg.querySelectorAll<SVGRectElement>('.adg-node rect')].map((r) => r.getBBox());
          const view = svg.viewBox.baseVal;
          const labels = [...svg.querySelectorAll<SVGTextElement>('.adg-edge__label')];
          for (const label of labels) {
            const b = label.getBBox();
            if (b.x < view.x || b.y < view.y || b.x + b.width > view.x + view.width || b.y + b.height > view.y + view.height)
              out.push(`partial "${label.textContent}" cut by the drawing's edge`);
            if (nodes.some((n) => b.x < n.x + n.width && b.x + b.width > n.x && b.y < n.y + n.height && b.y + b.height > n.y))
              out.push(`partial "${label.textContent}" under a node`);
            const style = getComputedStyle(label);
            if (!style.paintOrder.startsWith('stroke') || Number.parseFloat(style.strokeWidth) < 3)
              out.push(`partial "${label.textContent}" without a halo`);
          }
          return { out, texts: texts.length, labels: labels.length };
        });
      expect(result.texts).toBeGreaterThan(10);
      expect(result.labels).toBeGreaterThan(5);
      expect(result.out.join('\n')).toBe('');
    });
  }
});

describe('chips never break', () => {
  test('on a phone each program in the kink table is on one line, for every function', async ({ open }) => {
    const { page } = await open('posts/what-autodiff-returns-at-a-kink/', { viewport: { width: 360, height: 800 } });
    const figure = page.locator('figure[data-widget="kink"]').first();
    await figure.scrollIntoViewIfNeeded();
    const select = figure.locator('select[name="fn"]:not([disabled])');
    await select.waitFor({ timeout: 10_000 });
    const found: string[] = [];
    let chips = 0;
    for (const value of await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))) {
      await select.selectOption(value);
      const result = await figure.locator('.kink__table').evaluate((table) => {
        const codes = [...table.querySelectorAll('tbody th code')];
        const split = codes.filter((code) => {
          const range = document.createRange();
          range.selectNodeContents(code);
          return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size > 1;
        });
        return { split: split.map((c) => c.textContent), count: codes.length };
      });
      chips += result.count;
      found.push(...result.split.map((c) => `${value}: "${c}"`));
    }
    expect(chips).toBeGreaterThan(10);
    expect(found.join('\n')).toBe('');
  });

  for (const [width, height] of [
    [1366, 650],
    [360, 800],
  ] as const) {
    test(`at ${width}×${height} the playground's backprop values are one-line chips apart from each other, and its hidden-unit maps do not touch`, async ({
      open,
    }) => {
      const { page } = await open('posts/backprop-simple-case/', { viewport: { width, height } });
      const figure = page.locator('figure[data-widget="nn-playground"]').first();
      await mountAll(page);
      // Each unit's map wears a ring (its bias): the rings of the hidden layer, top to bottom.
      const rings = await figure
        .locator('.nnp-net-ring')
        .evaluateAll((els) =>
          els.map((el) => el.getBoundingClientRect()).map((r) => ({ x: Math.round(r.left + r.width / 2), top: r.top, bottom: r.bottom })),
        );
      const centre = rings.map((r) => r.x).sort((a, b) => a - b)[Math.floor(rings.length / 2)];
      const hidden = rings.filter((r) => Math.abs(r.x - centre!) <= 1).sort((a, b) => a.top - b.top);
      expect(hidden.length).toBeGreaterThan(2);
      // Apart by a visible sliver at least (before, the rings overlapped: a negative gap).
      for (let i = 1; i < hidden.length; i++) expect(hidden[i]!.top - hidden[i - 1]!.bottom).toBeGreaterThanOrEqual(1.5);
      await figure.getByRole('tab', { name: 'Backprop' }).click();
      const chips = await figure.locator('.nnp-vals').evaluateAll((cells) =>
        cells.map((cell) => {
          const spans = [...cell.children].map((s) => s.getBoundingClientRect());
          const oneLine = spans.every((r) => r.height < 24);
          // Neighbours on one row: the gap between them.
          const gaps = spans.slice(1).flatMap((r, i) => (Math.abs(r.top - spans[i]!.top) < 1 ? [r.left - spans[i]!.right] : []));
          return { n: spans.length, oneLine, gaps };
        }),
      );
      expect(chips.length).toBeGreaterThan(10);
      for (const cell of chips) {
        expect(cell.oneLine).toBe(true);
        for (const gap of cell.gaps) expect(gap).toBeGreaterThanOrEqual(3);
      }
    });
  }
});

describe('table of contents', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`scrolling to a section marks its link as the current one, visibly (${colorScheme})`, async ({ open }) => {
      const { page } = await open('posts/backprop-simple-case/', { viewport: { width: 1366, height: 650 }, colorScheme });
      const links = page.locator('.toc a');
      const current = () => links.evaluateAll((as) => as.filter((a) => a.getAttribute('aria-current')).map((a) => a.textContent));
      expect(await links.count()).toBeGreaterThan(3);
      // Before the first section (the introduction) nothing is current.
      expect(await current()).toEqual([]);
      const headings = page.locator('.prose h2:not(.end-title)');
      for (const i of [2, 0, 3]) {
        // A jump, not a smooth scroll: the heading goes from below the window to its top in one
        // go. Off-screen prose is laid out only as it comes near (content-visibility), which can
        // move the heading after the jump: jump again until it is found at the top, and read
        // the marked link at that moment (the marker waits for the browser's next
        // intersection check, late on a busy machine).
        const title = (await headings.nth(i).textContent())!.replace('#', '').trim();
        await expect
          .poll(
            () =>
              headings.nth(i).evaluate((h) => {
                if (Math.abs(h.getBoundingClientRect().top) >= 60) {
                  h.scrollIntoView({ block: 'start' });
                  return null;
                }
                return [...document.querySelectorAll('.toc a[aria-current]')].map((a) => a.textContent);
              }),
            { timeout: 15_000 },
          )
          .toEqual([title]);
      }
      // Visible: the current link's colour and bar differ from every other link's.
      const styles = await links.evaluateAll((as) =>
        as.map((a) => ({
          current: a.hasAttribute('aria-current'),
          look: `${getComputedStyle(a).color} ${getComputedStyle(a).borderLeftColor}`,
        })),
      );
      const marked = styles.filter((s) => s.current).map((s) => s.look);
      expect(marked).toHaveLength(1);
      for (const other of styles.filter((s) => !s.current)) expect(other.look).not.toBe(marked[0]);
    });
  }
});
