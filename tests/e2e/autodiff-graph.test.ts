// The forward-and-reverse post in Chromium: the graph stepper and the dual-number widget
// on the built site — stepping moves the graph and the table together, editing re-lays out
// and reports parse errors at the column, keys, URL state, both themes, 360 px, axe.
// Screenshots of the post mid-reverse-pass go to test-results/screenshots/ for a person.
import type { Locator } from 'playwright-core';
import { describe, expect, inject } from 'vitest';
import { audit, describeViolations } from '../helpers/axe.ts';
import { screenshot } from '../helpers/browser.ts';
import { type BrowserFixtures, type OpenOptions, test } from '../helpers/fixtures.ts';
import { decodePng } from '../helpers/pixels.ts';
import { buildGraph } from '../../src/widgets/autodiff-graph/model.ts';
import type { Layout } from '../../src/widgets/autodiff-graph/layout.ts';
import { layoutOf } from '../../src/widgets/autodiff-graph/render.ts';
import { currentAt, frameAt, stepCount } from '../../src/widgets/autodiff-graph/stepper.ts';

const POST = 'posts/forward-and-reverse-mode/';

/** The post in a fresh page (closed by the fixture), its first graph live. */
async function openPost(fixture: BrowserFixtures['open'], options: OpenOptions = {}, query = '', init?: () => void) {
  const { context, page, errors } = await fixture(init ? null : POST + query, options);
  if (init) {
    // Before the page's own scripts: open(null) leaves the page blank to add it first.
    await page.addInitScript(init);
    await page.goto(new URL(POST + query, inject('baseUrl')).href);
  }
  const figure = page.locator('figure[data-widget="autodiff-graph"]').first();
  await figure.scrollIntoViewIfNeeded();
  await figure.locator('button[data-action="step"]:not([disabled])').waitFor({ timeout: 10_000 });
  return { context, page, errors, figure };
}

/**
 * The post with a 1 251-node formula (250 terms: too long for the URL, so typed in as a reader
 * would), once the widget has re-laid it out; with the graph and layout the page should show.
 */
async function openLongGraph(fixture: BrowserFixtures['open'], init?: () => void, options: OpenOptions = {}) {
  const f = Array.from({ length: 250 }, (_, i) => `sin(x*y + ${(i % 7) + 1})`).join(' + ');
  const at = 'x=0.5, y=-1';
  const graph = buildGraph(f, at);
  const layout = layoutOf(graph);
  const opened = await openPost(fixture, options, '', init);
  await opened.figure.locator('input[name="f"]').fill(f);
  await opened.figure.locator('input[name="at"]').fill(at);
  await opened.page.waitForFunction(
    ([root, n]) => root!.querySelector('[data-part="counter"]')?.textContent === `Step ${n} of ${n}`,
    [await opened.figure.elementHandle(), stepCount(graph, 'adjoint')] as const,
    { timeout: 60_000 },
  );
  return { ...opened, graph, layout };
}

/**
 * The colour the screen shows just inside node `id`'s box, bottom left, clear of its text,
 * and the accent fill a current node takes, read off a screenshot of the graph's box: what
 * the reader sees, whichever thread painted the canvas.
 */
async function currentNodeFill(figure: Locator, layout: Layout, id: number) {
  const box = figure.locator('[data-part="graph"]');
  const clip = await box.boundingBox();
  const { x, y, want } = await box.evaluate(
    (el, { lx, ly, h, width }) => {
      const scale = el.querySelector('.adg-plane')!.getBoundingClientRect().width / width;
      const c = el.querySelector('canvas')!.getBoundingClientRect();
      const b = el.getBoundingClientRect();
      const probe = document.createElement('span');
      probe.style.color = 'var(--accent-soft)';
      // The token itself, also in forced colours (where `color` would be the system's).
      probe.style.forcedColorAdjust = 'none';
      el.append(probe);
      const want = getComputedStyle(probe).color.match(/\d+/g)!.slice(0, 3).map(Number);
      probe.remove();
      return {
        x: c.left - b.left + lx * scale - el.scrollLeft + 4,
        y: c.top - b.top + (ly + h) * scale - el.scrollTop - 4,
        want,
      };
    },
    { lx: layout.x[id]!, ly: layout.y[id]!, h: layout.nodeHeight, width: Math.ceil(layout.width) },
  );
  // A shot of the few pixels around the point (polls call this often; the whole box is slow).
  const spot = { x: Math.round(clip!.x + x) - 1, y: Math.round(clip!.y + y) - 1, width: 3, height: 3 };
  const pixels = await decodePng(figure.page(), await figure.page().screenshot({ clip: spot }));
  return { got: pixels.at(1, 1), want };
}

/** Off screen the trace table follows the steps when the page is idle (at most a second late, element.ts): polls wait that long and more on a busy machine. */
const TABLE_CATCH_UP = { timeout: 5_000 };
const counter = (figure: Locator) => figure.locator('[data-part="counter"]').textContent();
const currentNode = (figure: Locator) => figure.locator('.adg-node.is-current').getAttribute('data-id');
const currentRow = (figure: Locator) => figure.locator('tr.is-current').getAttribute('data-id');
const click = (figure: Locator, action: string) => figure.locator(`button[data-action="${action}"]`).click();

describe('autodiff-graph on the post', () => {
  test('the static HTML already holds the graph with values and adjoints', async ({ baseUrl }) => {
    const html = await (await fetch(new URL(POST, baseUrl))).text();
    expect(html).toContain('<svg class="adg-svg"');
    expect(html).toContain('v̄ 5.5');
    expect(html).toContain('v̄₋₁ = v̄₂·5 + v̄₁·0.5 = 5.5');
  });

  test('reverse mode: step, back and reset move the graph and the table together, term by term', async ({ open }) => {
    const { page, errors, figure, context } = await openPost(open);
    await click(figure, 'reset');
    expect(await counter(figure)).toBe('Step 0 of 6');
    expect(await figure.locator('.adg-node.is-current').count()).toBe(0);
    await click(figure, 'step');
    expect(await currentNode(figure)).toBe('6');
    // The table follows at once in view, and within a moment (when idle) out of it.
    await expect.poll(() => currentRow(figure), TABLE_CATCH_UP).toBe('6');
    for (let i = 0; i < 4; i++) await click(figure, 'step');
    // Step 5: v₂ (tape id 3) pushed its adjoint; x1 has one term of two.
    expect(await counter(figure)).toBe('Step 5 of 6');
    expect(await currentNode(figure)).toBe('3');
    await expect.poll(() => currentRow(figure), TABLE_CATCH_UP).toBe('3');
    const x1 = figure.locator('tr[data-id="0"] td').nth(3);
    await expect.poll(() => x1.textContent(), TABLE_CATCH_UP).toBe('v̄₋₁ = v̄₂·5 + … = 5');
    expect(await figure.locator('.adg-edge.is-active').count()).toBe(2);
    expect(await figure.locator('[data-part="status"]').textContent()).toContain('v₂ pushes v̄₂ = 1 back');
    await click(figure, 'step');
    await expect.poll(() => x1.textContent(), TABLE_CATCH_UP).toBe('v̄₋₁ = v̄₂·5 + v̄₁·0.5 = 5.5');
    expect(await figure.locator('[data-part="passes"]').textContent()).toContain('∂f/∂x1 = 5.5, ∂f/∂x2 = 1.716');
    await click(figure, 'back');
    await expect.poll(() => x1.textContent(), TABLE_CATCH_UP).toBe('v̄₋₁ = v̄₂·5 + … = 5');
    expect(await currentNode(figure)).toBe(await currentRow(figure));
    await page.waitForFunction(() => location.search.includes('g.step=5'));
    await screenshot(page, 'autodiff-graph-reverse-light');
    expect(errors).toEqual([]);
    await context.close();
  });

  test('forward mode with seed e₂ fills tangents as dual numbers; the URL restores the frame', async ({ open }) => {
    const { figure, context, page } = await openPost(open);
    await figure.getByLabel('Forward (dual numbers)').check();
    const e1 = figure.getByRole('button', { name: 'e₁ (∂f/∂x1)' });
    const e2 = figure.getByRole('button', { name: 'e₂ (∂f/∂x2)' });
    expect(await e1.getAttribute('aria-pressed')).toBe('true');
    await e2.click();
    expect(await e1.getAttribute('aria-pressed')).toBe('false');
    expect(await e2.getAttribute('aria-pressed')).toBe('true');
    expect(await figure.locator('input[name="seed-0"]').inputValue()).toBe('0');
    expect(await figure.locator('input[name="seed-1"]').inputValue()).toBe('1');
    expect(await figure.locator('[data-part="status"]').textContent()).toBe('Step 0 of 5. Seed ẋ = (0, 1): each input starts as xᵢ + ẋᵢε.');
    for (let i = 0; i < 5; i++) await click(figure, 'step');
    expect(await figure.locator('.adg-node[data-id="6"] .adg-node__value').textContent()).toBe('11.7 + 1.72ε');
    expect(await figure.locator('[data-part="passes"]').textContent()).toContain('∂f/∂x2 = 1.716');
    // The URL catches up once the reader stops.
    await page.waitForFunction(() => location.search.includes('g.seed=0%2C1') && location.search.includes('g.step=5'));
    expect(page.url()).toContain('g.mode=tangent');
    const again = await open(page.url());
    const restored = again.page.locator('figure[data-widget="autodiff-graph"]').first();
    await restored.scrollIntoViewIfNeeded();
    await restored.locator('button[data-action="step"]:not([disabled])').waitFor();
    expect(await counter(restored)).toBe('Step 5 of 5');
    expect(await restored.getByLabel('Forward (dual numbers)').isChecked()).toBe(true);
    expect(await restored.locator('input[name="seed-1"]').inputValue()).toBe('1');
    expect(await restored.getByRole('button', { name: 'e₂ (∂f/∂x2)' }).getAttribute('aria-pressed')).toBe('true');
    await context.close();
  });

  test('forward mode: any seed through the number fields, from the keyboard; a bad entry is named', async ({ open }) => {
    const { figure, context, page, errors } = await openPost(open);
    await figure.getByLabel('Forward (dual numbers)').check();
    // ẋ = (2, 1): the output's tangent is the directional derivative 2·∂f/∂x1 + ∂f/∂x2 = 2·5.5 + 1.716.
    await figure.locator('input[name="seed-0"]').fill('2');
    await figure.locator('input[name="seed-1"]').fill('1');
    expect(await figure.getByRole('button', { name: 'e₁ (∂f/∂x1)' }).getAttribute('aria-pressed')).toBe('false');
    await figure.locator('[data-part="graph"]').focus();
    await page.keyboard.press('End');
    expect(await figure.locator('.adg-node[data-id="6"] .adg-node__value').textContent()).toBe('11.7 + 12.7ε');
    await expect.poll(() => figure.locator('tr[data-id="6"] td').nth(2).textContent(), TABLE_CATCH_UP).toBe('v̇₅ = 12.72 → 11.65 + 12.72ε');
    // Home inside a number field moves the caret, not the stepper.
    await figure.locator('input[name="seed-0"]').focus();
    await page.keyboard.press('Home');
    expect(await counter(figure)).toBe('Step 5 of 5');
    await figure.locator('input[name="seed-1"]').fill('');
    const error = figure.locator('[data-part="seed-error"]');
    await error.waitFor({ state: 'visible' });
    expect(await error.textContent()).toBe('ẋ for x2 needs a number, e.g. 0 or 1.');
    expect(await figure.locator('input[name="seed-1"]').getAttribute('aria-invalid')).toBe('true');
    expect(await figure.locator('input[name="seed-1"]').getAttribute('aria-describedby')).toBe(await error.getAttribute('id'));
    // A unit seed from the keyboard: Tab to e₁, Space.
    await figure.getByRole('button', { name: 'e₁ (∂f/∂x1)' }).focus();
    await page.keyboard.press('Space');
    await error.waitFor({ state: 'hidden' });
    expect(await figure.locator('input[name="seed-1"]').getAttribute('aria-invalid')).toBeNull();
    expect(await figure.locator('input[name="seed-1"]').inputValue()).toBe('0');
    expect(await figure.locator('[data-part="status"]').getAttribute('aria-live')).toBe('polite');
    expect(await counter(figure)).toBe('Step 0 of 5');
    expect(errors).toEqual([]);
    await context.close();
  });

  test('keyboard: arrows, Home and End on the graph', async ({ open }) => {
    const { figure, context } = await openPost(open);
    await figure.locator('[data-part="graph"]').focus();
    await figure.page().keyboard.press('Home');
    expect(await counter(figure)).toBe('Step 0 of 6');
    await figure.page().keyboard.press('ArrowRight');
    await figure.page().keyboard.press('ArrowRight');
    expect(await counter(figure)).toBe('Step 2 of 6');
    await figure.page().keyboard.press('ArrowLeft');
    expect(await counter(figure)).toBe('Step 1 of 6');
    await figure.page().keyboard.press('End');
    expect(await counter(figure)).toBe('Step 6 of 6');
    expect(await figure.locator('[data-part="status"]').getAttribute('aria-live')).toBe('polite');
    await context.close();
  });

  test('a long trace: after steps drawn piece by piece, graph and table equal a fresh render of the same frame', async ({ open }) => {
    // 101 rows, more than the table's window of 80, so the window moves while stepping.
    const f = Array.from({ length: 25 }, (_, i) => `sin(x*y+${i + 1})`).join('+');
    for (const mode of ['adjoint', 'tangent'] as const) {
      const { figure, context, page } = await openPost(
        open,
        {},
        `?g.f=${encodeURIComponent(f)}&g.at=x%3D0.5%2Cy%3D-1&g.mode=${mode}&g.step=0`,
      );
      expect(await figure.locator('.adg-node').count()).toBe(126);
      await figure.locator('[data-part="graph"]').focus();
      for (let i = 0; i < 60; i++) await page.keyboard.press('ArrowRight');
      expect(await counter(figure)).toBe(`Step 60 of ${mode === 'adjoint' ? 100 : 99}`);
      // Off screen the table catches up when the page is idle or the table comes into view.
      await figure.locator('[data-part="table"]').scrollIntoViewIfNeeded();
      await expect.poll(() => currentRow(figure), TABLE_CATCH_UP).toBe(await currentNode(figure));
      expect(await figure.locator('caption').textContent()).toMatch(/\(rows \d+–\d+ of 101, following the current step\)$/);
      expect(await figure.locator('tbody tr').count()).toBe(80);
      const drawn = await figure.evaluate((root) => [root.querySelector('svg')!.outerHTML, root.querySelector('table')!.outerHTML]);
      await page.waitForFunction(() => location.search.includes('g.step=60'));
      const fresh = await open(page.url());
      const again = fresh.page.locator('figure[data-widget="autodiff-graph"]').first();
      await again.scrollIntoViewIfNeeded();
      await again.locator('button[data-action="step"]:not([disabled])').waitFor();
      expect(await again.evaluate((root) => [root.querySelector('svg')!.outerHTML, root.querySelector('table')!.outerHTML])).toEqual(drawn);
      await context.close();
    }
  });

  test('off screen, the table is not rewritten on every step; in view, it shows the frame a fresh page shows', async ({ open }) => {
    const f = Array.from({ length: 25 }, (_, i) => `sin(x*y+${i + 1})`).join('+');
    const { figure, context, page, errors } = await openPost(
      open,
      { viewport: { width: 1366, height: 650 } },
      `?g.f=${encodeURIComponent(f)}&g.at=x%3D0.5%2Cy%3D-1&g.mode=adjoint&g.step=0`,
    );
    const table = figure.locator('[data-part="table"]');
    // The graph's box at the top of the window, the table below it, out of view.
    await figure.locator('[data-part="graph"]').evaluate((box) => box.scrollIntoView({ block: 'start' }));
    expect(await table.evaluate((t) => t.getBoundingClientRect().top > innerHeight)).toBe(true);
    // Two frames, so the widget's observer has reported the table out of view.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const before = await table.evaluate((t) => t.innerHTML);
    // 45 steps in one task, as a held key's steps would come faster than idle time: the rows
    // wait, the graph does not.
    const after = await figure.evaluate((root) => {
      const box = root.querySelector<HTMLElement>('[data-part="graph"]')!;
      for (let i = 0; i < 45; i++) box.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
      return {
        table: root.querySelector('[data-part="table"]')!.innerHTML,
        node: root.querySelector('.adg-node.is-current')?.getAttribute('data-id'),
        counter: root.querySelector('[data-part="counter"]')!.textContent,
      };
    });
    expect(after.counter).toBe('Step 45 of 100');
    // The graph moved: its current node is the one step 45 highlights.
    expect(after.node).toBe(String(currentAt(buildGraph(f, 'x=0.5, y=-1'), 'adjoint', 45)));
    expect(after.table).toBe(before);
    // In view, it catches up: the row of the current node is marked, and the whole table is
    // what a page opened at this step renders (the window moved past row 40 meanwhile).
    await table.scrollIntoViewIfNeeded();
    await expect.poll(() => currentRow(figure), TABLE_CATCH_UP).toBe(after.node);
    const drawn = await table.evaluate((t) => t.innerHTML);
    expect(drawn).not.toBe(before);
    await page.waitForFunction(() => location.search.includes('g.step=45'));
    const fresh = await openPost(open, { viewport: { width: 1366, height: 650 } }, new URL(page.url()).search);
    expect(await fresh.figure.locator('[data-part="table"]').evaluate((t) => t.innerHTML)).toBe(drawn);
    expect(errors).toEqual([]);
    await context.close();
    await fresh.context.close();
  });

  test('a 1 251-node graph is painted on a canvas the size of its box; each step and each pan repaints what the box shows', async ({
    open,
  }) => {
    const { graph, layout, figure, context, page, errors } = await openLongGraph(open);
    expect(graph.nodes.length).toBe(1251);
    const box = figure.locator('[data-part="graph"]');
    const canvas = box.locator('canvas.adg-canvas');
    // One picture with the graph's name, as the SVG was; no element per node.
    expect(await canvas.getAttribute('role')).toBe('img');
    expect(await canvas.getAttribute('aria-label')).toContain('Computational graph of f = sin(x*y + 1) + sin(x*y + 2)');
    expect(await figure.locator('.adg-node').count()).toBe(0);
    const violations = await audit(page, { within: 'figure[data-widget="autodiff-graph"]' });
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(
      await box.evaluate((el) => {
        const c = el.querySelector('canvas')!.getBoundingClientRect();
        return [Math.abs(c.width - el.clientWidth) <= 1, Math.abs(c.height - el.clientHeight) <= 1];
      }),
    ).toEqual([true, true]);

    /**
     * What the screen shows of every node wholly inside the box: the colour at a point inside
     * its box clear of its text (its fill), and how many of its pixels differ from that fill
     * (its text and outline). Read off a screenshot, so it is what the reader sees, whichever
     * thread painted the canvas.
     */
    const shown = async () => {
      const geometry = await box.evaluate(
        (el, { width }) => {
          const c = el.querySelector('canvas')!.getBoundingClientRect();
          const b = el.getBoundingClientRect();
          const plane = el.querySelector('.adg-plane')!.getBoundingClientRect();
          return {
            scale: plane.width / width,
            left: c.left,
            top: c.top,
            scrollLeft: el.scrollLeft,
            scrollTop: el.scrollTop,
            box: { x: b.left + el.clientLeft, y: b.top + el.clientTop, width: el.clientWidth, height: el.clientHeight },
          };
        },
        { width: Math.ceil(layout.width) },
      );
      const { scale, box: clip } = geometry;
      const nodes = graph.nodes
        .map((n) => {
          const x = geometry.left + layout.x[n.id]! * scale - geometry.scrollLeft;
          const y = geometry.top + layout.y[n.id]! * scale - geometry.scrollTop;
          return { id: n.id, x, y, w: layout.nodeWidth * scale, h: layout.nodeHeight * scale };
        })
        .filter(
          (n) => n.x >= clip.x + 2 && n.y >= clip.y + 2 && n.x + n.w <= clip.x + clip.width - 2 && n.y + n.h <= clip.y + clip.height - 2,
        );
      const pixels = await decodePng(page, await page.screenshot({ clip }));
      return nodes.map((n) => {
        const [x0, y0] = [n.x - clip.x, n.y - clip.y];
        const fill = pixels.at(x0 + 4, y0 + n.h - 4);
        let ink = 0;
        for (let y = Math.round(y0) + 3; y < Math.round(y0) + 3 + Math.round(n.h) - 6; y++)
          for (let x = Math.round(x0) + 3; x < Math.round(x0) + 3 + Math.round(n.w) - 6; x++) {
            const [r, g, b] = pixels.at(x, y);
            if (Math.abs(r - fill[0]) + Math.abs(g - fill[1]) + Math.abs(b - fill[2]) > 60) ink++;
          }
        return { id: n.id, fill, ink };
      });
    };
    /** The theme's colours as the screen shows them. */
    const theme = await figure.evaluate((root) => {
      const probe = document.createElement('span');
      root.append(probe);
      const rgb = (v: string) => {
        probe.style.color = `var(${v})`;
        return getComputedStyle(probe).color.match(/\d+/g)!.slice(0, 3).map(Number);
      };
      const out = { surface: rgb('--surface'), accentSoft: rgb('--accent-soft') };
      probe.remove();
      return out;
    });
    const near = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]!) <= 2);
    /** Every node in view painted, filled as the frame says, with its text; `shows`: the current one among them. */
    const expectPainted = async (current: number, label: string, shows = true) => {
      await expect
        .poll(
          async () => {
            const nodes = await shown();
            const wrong = nodes.filter((n) => !near(n.fill, n.id === current ? theme.accentSoft : theme.surface) || n.ink < 20);
            return { count: nodes.length > 0, current: !shows || nodes.some((n) => n.id === current), wrong: wrong.map((n) => n.id) };
          },
          { timeout: 5_000, message: label },
        )
        .toEqual({ count: true, current: true, wrong: [] });
    };

    // Reverse mode jumps between the running sum on the right and each term's ops on the left.
    await box.focus();
    await page.keyboard.press('Home');
    for (let step = 1; step <= 12; step++) {
      await page.keyboard.press('ArrowRight');
      const id = frameAt(graph, 'adjoint', step, [1, 0]).current!;
      expect(await counter(figure)).toBe(`Step ${step} of 1000`);
      await expectPainted(id, `step ${step}, node ${id}`);
    }
    const current = frameAt(graph, 'adjoint', 12, [1, 0]).current!;

    // Panned as a reader would, to the inputs on the far left and to the middle of the sum.
    const panTo = async (id: number) => {
      await box.evaluate(
        (el, [x, y, width]) => {
          const scale = el.querySelector('.adg-plane')!.getBoundingClientRect().width / width!;
          el.scrollTo(x! * scale - el.clientWidth / 2, y! * scale - el.clientHeight / 2);
        },
        [layout.x[id]!, layout.y[id]!, Math.ceil(layout.width)],
      );
    };
    await panTo(0);
    await expectPainted(current, 'panned to the inputs', false);
    expect((await shown()).map((n) => n.id)).toContain(0);
    const middle = Math.max(...layout.rank) >> 1;
    const far = graph.nodes.findIndex((n) => layout.rank[n.id] === middle);
    await panTo(far);
    await expectPainted(current, 'panned to the middle', false);
    expect((await shown()).map((n) => n.id)).toContain(far);

    // Hovering a node says what it is, as the SVG's <title> did.
    const { x, y } = await box.evaluate(
      (el, [lx, ly, width]) => {
        const c = el.querySelector('canvas')!.getBoundingClientRect();
        const scale = el.querySelector('.adg-plane')!.getBoundingClientRect().width / width!;
        return { x: c.left + lx! * scale - el.scrollLeft + 20, y: c.top + ly! * scale - el.scrollTop + 20 };
      },
      [layout.x[far]!, layout.y[far]!, Math.ceil(layout.width)],
    );
    await page.mouse.move(x, y);
    const node = graph.nodes[far]!;
    await expect
      .poll(() => canvas.getAttribute('title'))
      .toBe(node.kind === 'const' ? `constant ${node.symbol}` : `${node.name} = ${node.definition} (${node.expr})`);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a 1 251-node graph stepped once a frame keeps up: after 60 steps the box shows the 60th frame, every node in view painted', async ({
    open,
  }) => {
    // As the bench steps (bench/graph.bench.ts): one step at the start of each frame.
    const { graph, layout, figure, context, page, errors } = await openLongGraph(open);
    const box = figure.locator('[data-part="graph"]');
    await box.focus();
    await page.keyboard.press('Home');
    await box.evaluate(async (el) => {
      for (let step = 1; step <= 60; step++) {
        await new Promise<void>((resolve) =>
          requestAnimationFrame(() => {
            el.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
            resolve();
          }),
        );
      }
    });
    expect(await counter(figure)).toBe('Step 60 of 1000');
    // The current node of step 60 is in view, filled with the accent; the box pans to it.
    const id = frameAt(graph, 'adjoint', 60, [1, 0]).current!;
    const inView = await box.evaluate(
      (el, [lx, ly, w, h, width]) => {
        const scale = el.querySelector('.adg-plane')!.getBoundingClientRect().width / width!;
        const c = el.querySelector('canvas')!.getBoundingClientRect();
        const x = c.left + lx! * scale - el.scrollLeft;
        const y = c.top + ly! * scale - el.scrollTop;
        const b = el.getBoundingClientRect();
        return x >= b.left && y >= b.top && x + w! * scale <= b.right && y + h! * scale <= b.bottom;
      },
      [layout.x[id]!, layout.y[id]!, layout.nodeWidth, layout.nodeHeight, Math.ceil(layout.width)],
    );
    expect(inView).toBe(true);
    // The painted frame is the 60th: the pixel inside the current node's box is the accent fill.
    const fill = await currentNodeFill(figure, layout, id);
    expect(
      fill.got.every((v, i) => Math.abs(v - fill.want[i]!) <= 2),
      JSON.stringify(fill),
    ).toBe(true);
    // The reader switches to the dark theme: the canvas is repainted in its colours.
    await page.evaluate(() => {
      document.documentElement.dataset.theme = 'dark';
    });
    await expect
      .poll(async () => {
        const dark = await currentNodeFill(figure, layout, id);
        return dark.want.join() !== fill.want.join() && dark.got.every((v, i) => Math.abs(v - dark.want[i]!) <= 2);
      })
      .toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('where a browser cannot hand a canvas to a worker, the page paints the large graph itself', async ({ open }) => {
    const { graph, layout, figure, context, page, errors } = await openLongGraph(open, () => {
      // As in a browser without OffscreenCanvas (Safari before 16.4).
      delete (HTMLCanvasElement.prototype as { transferControlToOffscreen?: unknown }).transferControlToOffscreen;
    });
    const box = figure.locator('[data-part="graph"]');
    await box.focus();
    await page.keyboard.press('Home');
    for (let step = 1; step <= 3; step++) await page.keyboard.press('ArrowRight');
    const fill = await currentNodeFill(figure, layout, frameAt(graph, 'adjoint', 3, [1, 0]).current!);
    expect(
      fill.got.every((v, i) => Math.abs(v - fill.want[i]!) <= 2),
      JSON.stringify(fill),
    ).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  test("printed, a large graph is the whole SVG within the page width, not the canvas's view; back on the canvas after", async ({
    open,
  }) => {
    const { graph, figure, context, page, errors } = await openLongGraph(open);
    const box = figure.locator('[data-part="graph"]');
    await box.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    // What the browser does around its print dialog or a PDF: the print media, and the events.
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => dispatchEvent(new Event('beforeprint')));
    const printed = await box.evaluate((el) => ({
      canvases: el.querySelectorAll('canvas').length,
      nodes: el.querySelectorAll('svg.adg-svg .adg-node').length,
      current: el.querySelectorAll('svg.adg-svg .adg-node.is-current').length,
      clipped: [el.scrollWidth - el.clientWidth, el.scrollHeight - el.clientHeight],
      svgWidth: el.querySelector('svg')!.getBoundingClientRect().width,
      boxWidth: el.getBoundingClientRect().width,
    }));
    expect(printed.canvases).toBe(0);
    expect(printed.nodes).toBe(graph.nodes.length);
    expect(printed.current).toBe(1);
    expect(
      printed.clipped.every((d) => d <= 1),
      JSON.stringify(printed),
    ).toBe(true);
    expect(printed.svgWidth).toBeLessThanOrEqual(printed.boxWidth);
    await page.evaluate(() => dispatchEvent(new Event('afterprint')));
    await page.emulateMedia({ media: 'screen' });
    expect(await box.evaluate((el) => [el.querySelectorAll('canvas').length, el.querySelectorAll('svg.adg-svg').length])).toEqual([1, 0]);
    // Still stepping on the canvas.
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => figure.locator('[data-part="counter"]').textContent()).toMatch(/^Step 2 of /);
    expect(errors).toEqual([]);
    await context.close();
  });

  test("in forced colours (Windows high contrast) the large graph keeps the small one's colours, not black on black", async ({ open }) => {
    const { graph, layout, figure, context, page, errors } = await openLongGraph(open, undefined, { forcedColors: 'active' });
    const box = figure.locator('[data-part="graph"]');
    await box.focus();
    await page.keyboard.press('Home');
    for (let step = 1; step <= 3; step++) await page.keyboard.press('ArrowRight');
    const id = frameAt(graph, 'adjoint', 3, [1, 0]).current!;
    await expect
      .poll(async () => {
        const fill = await currentNodeFill(figure, layout, id);
        return fill.got.every((v, i) => Math.abs(v - fill.want[i]!) <= 2) && fill.want.some((v) => v > 100);
      })
      .toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('editing the formula re-lays out the graph; a parse error points at its column', async ({ open }) => {
    const { figure, context, errors } = await openPost(open);
    const f = figure.locator('input[name="f"]');
    await f.fill('ln(x1');
    const error = figure.locator('[data-part="f-error"]');
    await error.waitFor({ state: 'visible' });
    expect(await error.textContent()).toContain('column 6: expected ")" to close ln(');
    expect(await f.getAttribute('aria-invalid')).toBe('true');
    expect(await f.getAttribute('aria-describedby')).toBe(await error.getAttribute('id'));
    await f.fill('x1*x2*x2 + relu(x1 - 2)');
    await error.waitFor({ state: 'hidden' });
    await figure.page().waitForFunction((root) => root.querySelectorAll('.adg-node').length === 8, await figure.elementHandle());
    expect(await figure.locator('tr[data-id]').count()).toBe(7); // the constant 2 has no row
    expect(await figure.locator('[data-part="kinks"]').textContent()).toContain('relu at 0');
    // The node's ◆ is in the warning colour, as the list's marks are.
    const kinkFill = await figure.locator('.adg-node__kink').evaluate((mark) => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--warning)';
      mark.closest('figure')!.append(probe);
      const warning = getComputedStyle(probe).color;
      probe.remove();
      return { fill: getComputedStyle(mark).fill, warning };
    });
    expect(kinkFill.fill).toBe(kinkFill.warning);
    await figure.locator('input[name="at"]').fill('x1=2, x3=1');
    await figure.locator('[data-part="f-error"]').waitFor({ state: 'visible' });
    expect(await figure.locator('[data-part="f-error"]').textContent()).toContain('x2 has no value');
    expect(errors).toEqual([]);
    await context.close();
  });

  test('play runs to the end and stops', async ({ open }) => {
    const { figure, context } = await openPost(open);
    await figure.getByLabel('Primal', { exact: true }).check();
    await click(figure, 'play');
    expect(await figure.locator('button[data-action="play"]').getAttribute('aria-pressed')).toBe('true');
    await figure
      .page()
      .waitForFunction((root) => root.querySelector('[data-part="counter"]')?.textContent === 'Step 5 of 5', await figure.elementHandle(), {
        timeout: 15_000,
      });
    await figure
      .page()
      .waitForFunction(
        (root) => root.querySelector('[data-action="play"]')?.getAttribute('aria-pressed') === 'false',
        await figure.elementHandle(),
      );
    await context.close();
  });

  test('dark theme: the current node takes the dark accent', async ({ open }) => {
    const fills: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      const { figure, context, page } = await openPost(open, { colorScheme }, '?g.step=4');
      fills.push(await figure.locator('.adg-node.is-current rect').evaluate((rect) => getComputedStyle(rect).stroke));
      // Everything shown, as fullPageScreenshot does: with content-visibility left on, this came out blank.
      await figure.screenshot({
        path: `test-results/screenshots/autodiff-graph-figure-${colorScheme}.png`,
        style: '* { content-visibility: visible !important; }',
      });
      await screenshot(page, `autodiff-graph-reverse-${colorScheme}`);
      await context.close();
    }
    expect(fills[0]).not.toBe(fills[1]);
  });

  test('on a laptop (1280 and 1366 px) the survey example fits its box whole, its text still 12 px or more', async ({ open }) => {
    for (const width of [1280, 1366]) {
      const { figure, context } = await openPost(open, { width });
      const box = figure.locator('[data-part="graph"]');
      const fit = await box.evaluate((el) => {
        const svg = el.querySelector('svg')!;
        return {
          scroll: el.scrollWidth,
          client: el.clientWidth,
          drawn: svg.getBoundingClientRect().width,
          natural: Number(svg.getAttribute('width')),
        };
      });
      expect(fit.scroll, `${width} px`).toBeLessThanOrEqual(fit.client);
      expect((13 * fit.drawn) / fit.natural, `${width} px`).toBeGreaterThanOrEqual(12);
      await context.close();
    }
  });

  test('360 px: the page does not scroll sideways; the graph pans inside its box', async ({ open }) => {
    const { figure, context, page } = await openPost(open, { width: 360 }, '?g.step=4');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const box = figure.locator('[data-part="graph"]');
    const [scrollWidth, clientWidth] = await box.evaluate((el) => [el.scrollWidth, el.clientWidth]);
    expect(scrollWidth).toBeGreaterThan(clientWidth);
    // The trace table scrolls in its own box; its caption wraps inside the box, all readable.
    const [caption, tableBox] = await figure.evaluate((root) =>
      ['caption', '[data-part="table"]'].map((s) => root.querySelector(s)!.getBoundingClientRect().right),
    );
    expect(caption).toBeLessThanOrEqual(tableBox! + 1);
    const sqrt = page.locator('figure[data-widget="dual-sqrt"]');
    const [sqrtCaption, sqrtBox] = await sqrt.evaluate((root) =>
      [root.querySelector('caption')!, root.querySelector('caption')!.closest('table')!.parentElement!].map(
        (e) => e.getBoundingClientRect().right,
      ),
    );
    expect(sqrtCaption).toBeLessThanOrEqual(sqrtBox! + 1);
    // The box says it pans: a shadow on the edge with more graph beyond it, none on the edge
    // reached. Measured on the box alone (the graph hidden), at either end of its scroll.
    await box.evaluate((el) => {
      el.querySelector('svg')!.style.visibility = 'hidden';
    });
    const edges = async (scrollLeft: number) => {
      await box.evaluate((el, left) => {
        el.scrollLeft = left;
      }, scrollLeft);
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const pixels = await decodePng(page, await box.screenshot());
      /** Mean luminance of a 4 px column starting `x` px in (the 1 px border left out). */
      const column = (x: number) => {
        let sum = 0;
        let n = 0;
        for (let y = 2; y < pixels.height - 2; y++)
          for (let dx = 0; dx < 4; dx++) {
            const [r, g, b] = pixels.at(x + dx, y);
            sum += 0.2126 * r + 0.7152 * g + 0.0722 * b;
            n++;
          }
        return sum / n;
      };
      return { left: column(2), middle: column(Math.floor(pixels.width / 2)), right: column(pixels.width - 6) };
    };
    const start = await edges(0);
    expect(start.left).toBeCloseTo(start.middle, 0);
    expect(start.right).toBeLessThan(start.middle - 3);
    const end = await edges(scrollWidth! - clientWidth!);
    expect(end.right).toBeCloseTo(end.middle, 0);
    expect(end.left).toBeLessThan(end.middle - 3);
    await box.evaluate((el) => {
      el.querySelector('svg')!.style.visibility = '';
      el.scrollLeft = 0;
    });
    await figure.screenshot({
      path: 'test-results/screenshots/autodiff-graph-figure-360.png',
      style: '* { content-visibility: visible !important; }',
    });
    await context.close();
  });

  test('axe: no violations in the live widgets, light and dark', async ({ open }) => {
    for (const colorScheme of ['light', 'dark'] as const) {
      // Dark in forward mode, so the seed's buttons and fields are audited too.
      const { page, context } = await openPost(open, { colorScheme }, colorScheme === 'dark' ? '?g.mode=tangent' : '');
      const sqrt = page.locator('figure[data-widget="dual-sqrt"]');
      await sqrt.scrollIntoViewIfNeeded();
      await sqrt.locator('input[name="x"]:not([disabled])').waitFor();
      for (const widget of ['autodiff-graph', 'dual-sqrt']) {
        const violations = await audit(page, { within: `figure[data-widget="${widget}"]` });
        expect(violations, `${widget}, ${colorScheme}: ${describeViolations(violations)}`).toEqual([]);
      }
      await context.close();
    }
  });
});

describe('dual-sqrt on the post', () => {
  test('changing x and the number of iterations updates the table; the URL keeps them', async ({ open }) => {
    const { page, context, errors } = await openPost(open);
    const figure = page.locator('figure[data-widget="dual-sqrt"]');
    await figure.scrollIntoViewIfNeeded();
    await figure.locator('input[name="x"]:not([disabled])').waitFor();
    await figure.locator('input[name="x"]').fill('9');
    await figure.locator('input[name="iterations"]').fill('8');
    const rows = figure.locator('tbody tr');
    expect(await rows.count()).toBe(9);
    expect(await rows.last().locator('td').nth(0).textContent()).toBe('3');
    expect(await rows.last().locator('td').nth(1).textContent()).toBe(String(Number((1 / 6).toPrecision(12))));
    await figure.locator('input[name="x"]').fill('-1');
    expect(await figure.locator('[data-part="error"]').textContent()).toContain('x must be a number from 0.01 to 10000');
    expect(page.url()).toContain('s.x=9');
    expect(errors).toEqual([]);
    await context.close();
  });
});
