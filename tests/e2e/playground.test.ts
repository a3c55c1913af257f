// The shallow-net playground on the built post "Backprop: a simple case", in Chromium.
import type { Locator, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { audit, describeViolations } from '../helpers/axe.ts';
import { screenshot } from '../helpers/browser.ts';
import { type BrowserFixtures, test as it } from '../helpers/fixtures.ts';
import { decodePng } from '../helpers/pixels.ts';
import { createRun } from '../../src/widgets/nn-playground/run.ts';
import { defaults } from '../../src/widgets/nn-playground/state.ts';

const POST = 'posts/backprop-simple-case/';
/** Open the post and wait until the n-th playground (0-based) is live. */
async function openPlayground(
  { open }: Pick<BrowserFixtures, 'open'>,
  query = '',
  options: { width?: number; height?: number; dark?: boolean; n?: number; reducedMotion?: boolean; forcedColors?: boolean } = {},
) {
  const { page, errors } = await open(POST + query, {
    reducedMotion: options.reducedMotion ? 'reduce' : 'no-preference',
    forcedColors: options.forcedColors ? 'active' : 'none',
    viewport: { width: options.width ?? 1400, height: options.height ?? 900 },
    colorScheme: options.dark ? 'dark' : 'light',
    hasTouch: (options.width ?? 1400) < 500,
  });
  const figure = page.locator('figure[data-widget="nn-playground"]').nth(options.n ?? 0);
  await figure.scrollIntoViewIfNeeded();
  // Wait until the widget has started or failed; a failure says why at once (its note, the
  // console) instead of timing out.
  await expect.poll(() => figure.getAttribute('data-widget-state'), { timeout: 60_000 }).toMatch(/^(live|error)$/);
  expect(
    await figure.getAttribute('data-widget-state'),
    `${await figure.locator('.widget__error').allTextContents()} ${errors.join('\n')}`,
  ).toBe('live');
  return { page, figure, errors };
}

/** Unfold the settings (data set, size, learning rate, speed…) if they are folded. */
async function openSettings(figure: Locator) {
  const details = figure.locator('details.nnp-more');
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').click();
}

const stepOf = async (figure: Locator) => Number(await figure.locator('[data-part="step"]').textContent());
const lossOf = async (figure: Locator) => Number(await figure.locator('[data-part="train-loss"]').textContent());
const statusOf = (figure: Locator) => figure.locator('[data-nnp]').getAttribute('data-status');

async function waitForStep(page: Page, figure: Locator, atLeast: number) {
  await expect.poll(() => stepOf(figure), { timeout: 60_000 }).toBeGreaterThanOrEqual(atLeast);
  void page;
}

/** Wait for n animation frames: "nothing happened meanwhile" then means n chances to, however slow the machine. */
const animationFrames = (page: Page, n: number) =>
  page.evaluate(
    (n) =>
      new Promise<void>((done) => {
        const tick = (left: number) => (left ? requestAnimationFrame(() => tick(left - 1)) : done());
        tick(n);
      }),
    n,
  );

/** Pause a playing run and wait until the widget says so and its last frame is painted. */
async function pauseAndSettle(page: Page, figure: Locator) {
  await figure.locator('[data-act="play"]').click();
  await expect.poll(() => statusOf(figure)).toBe('paused');
  const step = await stepOf(figure);
  await animationFrames(page, 2);
  expect(await stepOf(figure)).toBe(step); // really stopped
}

/** Mean and 99th-percentile per-channel difference of two (same-sized, ±1 px) PNG screenshots. */
async function comparePngs(page: Page, a: Buffer, b: Buffer) {
  const [x, y] = await Promise.all([decodePng(page, a), decodePng(page, b)]);
  // An element at a fractional position can come out one pixel taller or wider in one of
  // the two shots: compare the common area then; any larger difference is a real one.
  if (Math.abs(x.width - y.width) > 1 || Math.abs(x.height - y.height) > 1)
    return { mean: Infinity, p99: Infinity, size: [x.width, x.height, y.width, y.height] };
  const [w, h] = [Math.min(x.width, y.width), Math.min(x.height, y.height)];
  const diffs = new Uint8Array(w * h * 3);
  let n = 0;
  let sum = 0;
  for (let r = 0; r < h; r++)
    for (let c = 0; c < w; c++)
      for (let k = 0; k < 3; k++) {
        const d = Math.abs(x.data[4 * (r * x.width + c) + k]! - y.data[4 * (r * y.width + c) + k]!);
        diffs[n++] = d;
        sum += d;
      }
  diffs.sort();
  return { mean: sum / diffs.length, p99: diffs[Math.floor(diffs.length * 0.99)]!, size: [w, h] };
}

describe('nn-playground in the browser', () => {
  it('loads with no console errors and trains the flower below 0.3 within 1,000 steps', async ({ open }) => {
    const { figure, errors } = await openPlayground({ open });
    expect(await figure.locator('[data-part="heat"]').evaluate((el) => el.tagName)).toBe('CANVAS');
    expect(await statusOf(figure)).toBe('paused'); // no autoplay
    expect(await lossOf(figure)).toBeGreaterThan(0.6);
    await figure.locator('[data-act="play"]').click();
    await expect.poll(() => lossOf(figure), { timeout: 20_000 }).toBeLessThan(0.3);
    expect(await stepOf(figure)).toBeLessThanOrEqual(1000);
    await figure.locator('[data-act="play"]').click();
    expect(await statusOf(figure)).toBe('paused');
    expect(errors).toEqual([]);
  });

  it('is operated by keys: p, s, r, tabs with arrows, sliders with arrows', async ({ open }) => {
    const { page, figure, errors } = await openPlayground({ open });
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

    const network = figure.locator('[role="tab"][data-tab="network"]');
    await network.focus();
    await page.keyboard.press('ArrowRight');
    expect(await figure.locator('[data-tab="loss"]').getAttribute('aria-selected')).toBe('true');
    expect(await figure.locator('[data-panel="loss"]').isVisible()).toBe(true);
    await page.keyboard.press('ArrowLeft');
    expect(await figure.locator('[data-panel="network"]').isVisible()).toBe(true);
    await page.keyboard.press('Tab'); // into the diagram: the line x₁ → unit 0
    const readout = figure.locator('[data-part="net-readout"]');
    await expect
      .poll(() => readout.textContent())
      .toMatch(/^W1\[0,0\] = -?\d\.\d{4} \(weight from input x₁ to hidden unit 0\); ∂L\/∂W1\[0,0\] = -?\d/);
    await page.keyboard.press('ArrowDown'); // the next unit's line from x₁
    await expect.poll(() => readout.textContent()).toMatch(/^W1\[0,1\]/);
    await page.keyboard.press('ArrowRight'); // its line from x₂
    await expect.poll(() => readout.textContent()).toMatch(/^W1\[1,1\]/);

    await openSettings(figure);

    const hidden = figure.locator('input[name="hidden"]');
    await hidden.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => figure.locator('[data-out="hidden"]').textContent()).toBe('5');
    expect(await figure.locator('[data-part="caption"]').textContent()).toContain('2–5–1');
    expect(page.url()).toContain('hidden=5');
    // Focus is visible: the ring is drawn with the accent colour.
    expect(await hidden.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
    expect(errors).toEqual([]);
  });

  it('reproduces a run from its URL, step for step, even with the learning rate changed mid-run', async ({ open }) => {
    const first = await openPlayground({ open }, '?dataset=moons&hidden=6&activation=relu&lr=0.3&batch=32&seed=42');
    // The page was built with the flower; the link's data set, seed and size are what it shows.
    expect(await first.figure.locator('[data-part="caption"]').textContent()).toContain('A 2–6–1 network, relu, two moons');
    const expected = createRun({ ...defaults(), dataset: 'moons', hidden: 6, activation: 'relu', lr: 0.3, batch: '32', seed: 42 }).data
      .train.x;
    const shown = await first.figure
      .locator('[data-part="points"] circle')
      .evaluateAll((cs) => cs.slice(0, 5).map((c) => Number(c.getAttribute('cx'))));
    expect(shown).toEqual([0, 2, 4, 6, 8].map((i) => Number(expected[i].toFixed(2))));
    const play = first.figure.locator('[data-act="play"]');
    await play.click();
    await waitForStep(first.page, first.figure, 60);
    await play.click();
    await openSettings(first.figure);
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

    const second = await openPlayground({ open }, url.slice(url.indexOf('?')));
    await expect.poll(() => statusOf(second.figure), { timeout: 20_000 }).toBe('paused');
    expect(await stepOf(second.figure)).toBe(step);
    expect(await second.figure.locator('.nnp-stats').textContent()).toBe(stats);
    expect(await second.figure.locator('canvas[data-part="heat"]').evaluate((c: HTMLCanvasElement) => c.toDataURL())).toBe(pixels);
    expect(first.errors).toEqual([]);
    expect(second.errors).toEqual([]);
  });

  it('trains one step per frame at speed 1 (the URL does not change with the speed)', async ({ open }) => {
    const { page, figure, errors } = await openPlayground({ open });
    await openSettings(figure);
    await figure.locator('select[name="speed"]').selectOption('1');
    // Count animation frames in the page while it plays.
    await page.evaluate(() => {
      const w = window as unknown as { frames_: number };
      w.frames_ = 0;
      const tick = () => {
        w.frames_++;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await figure.locator('[data-act="play"]').click();
    await waitForStep(page, figure, 5);
    await pauseAndSettle(page, figure);
    const frames = await page.evaluate(() => (window as unknown as { frames_: number }).frames_);
    const steps = await stepOf(figure);
    expect(steps).toBeGreaterThan(0);
    expect(steps).toBeLessThanOrEqual(frames); // at most one step per frame
    expect(page.url()).toContain(`step=${steps}`);
    expect(page.url()).not.toContain('speed');
    expect(errors).toEqual([]);
  });

  it('follows the site theme when the reader toggles it: the heatmap is redrawn in the new colours', async ({ open }) => {
    const { page, figure, errors } = await openPlayground({ open });
    const pixel = () =>
      figure
        .locator('canvas[data-part="heat"]')
        .evaluate((c: HTMLCanvasElement) => [...c.getContext('2d')!.getImageData(0, 0, 1, 1).data].join(','));
    const light = await pixel();
    await page.locator('[data-theme-toggle]').first().click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await expect.poll(pixel).not.toBe(light);
    expect(errors).toEqual([]);
  });

  it('in forced colours (Windows high contrast) the heatmap keeps its two classes apart, not all one system colour', async ({ open }) => {
    const { figure, errors } = await openPlayground({ open }, '', { forcedColors: true });
    const colours = () =>
      figure.locator('canvas[data-part="heat"]').evaluate((c: HTMLCanvasElement) => {
        const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
        const seen = new Set<string>();
        for (let i = 0; i < data.length; i += 4 * 97) seen.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
        return seen.size;
      });
    await expect.poll(colours).toBeGreaterThan(10);
    expect(errors).toEqual([]);
  });

  it("in forced colours the key's class swatches and the weights' colour scale keep the plot's colours", async ({ open }) => {
    const { figure, errors } = await openPlayground({ open }, '', { forcedColors: true });
    const painted = await figure.evaluate((fig) => {
      const colour = (el: Element | null, pseudo?: string) => (el ? getComputedStyle(el, pseudo).backgroundColor : 'missing');
      const bar = fig.querySelector('.nnp-net-bar');
      return {
        c0: colour(fig.querySelector('.nnp-key-c0'), '::before'),
        c1: colour(fig.querySelector('.nnp-key-c1'), '::before'),
        background: getComputedStyle(fig).backgroundColor,
        bar: bar ? getComputedStyle(bar).backgroundImage : 'missing',
      };
    });
    expect(painted.c0).not.toBe(painted.c1);
    expect([painted.c0, painted.c1]).not.toContain(painted.background);
    expect(painted.bar).toMatch(/^linear-gradient/);
    expect(errors).toEqual([]);
  });

  it('with reduced motion: no autoplay, and a linked run replays to its step without animating', async ({ open }) => {
    const { page, figure, errors } = await openPlayground({ open }, '?step=200', { reducedMotion: true });
    await expect.poll(() => statusOf(figure), { timeout: 20_000 }).toBe('paused');
    expect(await stepOf(figure)).toBe(200);
    await animationFrames(page, 20);
    expect(await stepOf(figure)).toBe(200); // stays paused
    expect(errors).toEqual([]);
  });

  it('pauses when it leaves the viewport and resumes when it comes back', async ({ open }) => {
    const { page, figure, errors } = await openPlayground({ open });
    await figure.locator('[data-act="play"]').click();
    await waitForStep(page, figure, 20);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await expect.poll(() => statusOf(figure)).toBe('paused');
    const at = await stepOf(figure);
    await animationFrames(page, 20);
    expect(await stepOf(figure)).toBe(at);
    await figure.scrollIntoViewIfNeeded();
    await expect.poll(() => statusOf(figure)).toBe('playing');
    await waitForStep(page, figure, at + 10);
    expect(errors).toEqual([]);
  });

  it('says which parts of a malformed link it ignored, and uses the defaults for them', async ({ open }) => {
    const { figure, errors } = await openPlayground({ open }, '?hidden=99&activation=swish&seed=7');
    const notice = figure.locator('[data-part="notice"]');
    expect(await notice.isVisible()).toBe(true);
    expect(await notice.textContent()).toMatch(/hidden=99 \(expected an integer 1–16; using 4\).*activation=swish/);
    expect(await figure.locator('input[name="seed"]').inputValue()).toBe('7');
    expect(errors).toEqual([]);
  });

  it('gradient check: agreement for the post’s formulas, disagreement for the flipped σ′', async ({ open }) => {
    const { page, figure, errors } = await openPlayground({ open }, '', { n: 1 });
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
    // The Backprop view shows the formula that is now in use.
    await figure.locator('[data-tab="pass"]').click();
    // (Short bracketed groups are held together with no-break spaces.)
    const formula = async (name: string) => (await figure.locator(`[data-formula="${name}"]`).textContent())?.replaceAll('\u00a0', ' ');
    expect(await formula('dZ2')).toBe('dA2 ⊙ A2 ⊙ (A2 − 1)  ✗ sign');
    expect(await formula('dZ1')).toBe('dA1 ⊙ (1 − A1 ⊙ A1)');
    expect(errors).toEqual([]);
  });

  it('a huge learning rate stops training with a message and a reset, and the page stays responsive', async ({ open }) => {
    const { page, figure, errors } = await openPlayground({ open });
    await openSettings(figure);
    await figure.locator('select[name="lr"]').selectOption('1000');
    await figure.locator('[data-act="play"]').click();
    const overlay = figure.locator('[data-part="overlay"]');
    await expect.poll(() => overlay.isVisible(), { timeout: 5_000 }).toBe(true);
    expect(await overlay.textContent()).toMatch(/Training stopped at step \d+: the loss became (infinite|NaN).*Lower the learning rate/);
    expect(await statusOf(figure)).toBe('diverged');
    expect(await figure.locator('[data-act="play"]').isDisabled()).toBe(true);
    // Responsive: the main thread answers and keeps painting frames (a frozen page would
    // never get through them and the test would time out), and the reset works.
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
    await animationFrames(page, 10);
    await figure.locator('select[name="lr"]').selectOption('1.2');
    await overlay.locator('button').click();
    expect(await overlay.isVisible()).toBe(false);
    expect(await stepOf(figure)).toBe(0);
    expect(await statusOf(figure)).toBe('paused');
    expect(errors).toEqual([]);
  });

  // Mid-training screenshots for a person to look at. Every wait is on the widget's state
  // (its step counter, its status, painted frames), never on the clock, so a slow machine
  // only makes them slower. One test per layout, so each gets the whole time limit.
  it.for([
    ['playground-desktop', { width: 1400, height: 900 }],
    ['playground-360', { width: 360, height: 780 }],
    ['playground-dark', { width: 1400, height: 900, dark: true }],
  ] as const)('screenshot mid-training: %s', async ([name, options], { open }) => {
    const { page, figure, errors } = await openPlayground({ open }, '', options);
    await figure.locator('[data-act="play"]').click();
    await waitForStep(page, figure, 300);
    await pauseAndSettle(page, figure);
    expect(await lossOf(figure)).toBeLessThan(0.5); // mid-training, visibly learning
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
  });

  it.for([
    ['light', false],
    ['dark', true],
  ] as const)(
    'without JavaScript (%s): the first frame, step-0 statistics, a note and the backprop shapes — the same picture the live canvas draws',
    async ([theme, dark], { open }) => {
      const hidePoints = '.nnp-points{visibility:hidden}';
      const { page: still } = await open(POST, {
        javaScriptEnabled: false,
        colorScheme: dark ? 'dark' : 'light',
        viewport: { width: 1400, height: 900 },
      });
      const figure = still.locator('figure[data-widget="nn-playground"]').first();
      await figure.scrollIntoViewIfNeeded();
      expect(await figure.locator('p.nnp-notice', { hasText: 'JavaScript is off' }).isVisible()).toBe(true);
      expect(await figure.locator('[data-part="step"]').textContent()).toBe('0');
      expect(await figure.locator('[data-part="train-loss"]').textContent()).toMatch(/^0\.\d{4}$/);
      expect(await figure.locator('[data-panel="pass"]').isVisible()).toBe(true);
      expect(await figure.locator('[data-panel="pass"] [data-shape="dW1"]').textContent()).toBe('2 × 4');
      expect(await figure.locator('[role="tablist"]').isVisible()).toBe(false);
      expect(await figure.locator('[data-part="caption"]').textContent()).toContain('A 2–4–1 network');
      await figure.screenshot({ path: (await screenshot(still, `playground-nojs-${theme}`)).replace(/\.png$/, '-figure.png') });
      const staticShot = await figure.locator('[data-part="picture"]').screenshot({ style: hidePoints });

      const { page, figure: live, errors } = await openPlayground({ open }, '', { dark });
      await animationFrames(page, 2);
      const liveShot = await live.locator('[data-part="picture"]').screenshot({ style: hidePoints });
      const diff = await comparePngs(page, staticShot, liveShot);
      // Same size, and the same colours up to rounding and the two scalers' edges.
      expect(diff.size.length, JSON.stringify(diff)).toBe(2);
      expect(diff.mean, JSON.stringify(diff)).toBeLessThan(1.5);
      expect(diff.p99, JSON.stringify(diff)).toBeLessThan(4);
      expect(errors).toEqual([]);
    },
  );

  it('every control meets WCAG AA contrast in both themes, in every tab and state (axe-core)', async ({ open }) => {
    const { page, figure, errors } = await openPlayground({ open });
    const check = async (label: string) => {
      const violations = await audit(page, { within: 'figure[data-widget="nn-playground"]', runOnly: ['wcag2a', 'wcag2aa'] });
      expect(describeViolations(violations), label).toBe('');
    };
    for (const theme of ['light', 'dark']) {
      if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme)
        await page.locator('[data-theme-toggle]').first().click();
      await check(`${theme}, paused`);
      for (const tab of ['loss', 'pass', 'check']) {
        await figure.locator(`[data-tab="${tab}"]`).click();
        await check(`${theme}, ${tab} tab`);
      }
      await figure.locator('[data-tab="network"]').click();
      await figure.locator('[data-act="play"]').click();
      expect(await statusOf(figure)).toBe('playing');
      await check(`${theme}, playing (the Pause button)`);
      await pauseAndSettle(page, figure);
      await figure.locator('[data-act="reset"]').click();
    }
    // The divergence message and its reset button (and the unfolded settings).
    await openSettings(figure);
    await figure.locator('select[name="lr"]').selectOption('1000');
    await figure.locator('[data-act="play"]').click();
    await expect.poll(() => statusOf(figure)).toBe('diverged');
    await check('dark, diverged');
    expect(errors).toEqual([]);
  });
});
