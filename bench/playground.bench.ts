// The shallow-net playground measured where readers run it: headless Chromium on the built
// post "Backprop: a simple case". For hidden 4 and 16 (400 points, full batch) it presses
// Play and records, over a few seconds, training steps per second, animation frames per
// second and steps per frame; then it sums the JavaScript the page loads, gzipped.
// Targets (issue 4): ≥ 55 frames/s with ≥ 10 steps/frame at hidden 16; JS ≤ 40 KB gzipped.
// Builds the site first, so the sizes are those of the current code (ADJOINT_SKIP_BUILD=1
// reuses dist/ when it has the post).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { cpus, loadavg } from 'node:os';
import { launch } from '../tests/helpers/browser.ts';
import { serve } from '../scripts/serve.mjs';

const POST = 'posts/backprop-simple-case/';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);

// BENCH_DIST serves another build (say, one of the code before a change) to compare back to back.
const DIST = process.env.BENCH_DIST ?? 'dist';
if (!process.env.BENCH_DIST && (!process.env.ADJOINT_SKIP_BUILD || !existsSync(`dist/${POST}index.html`))) {
  execFileSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--silent'], { stdio: 'inherit' });
}

const server = await serve(DIST, 0);
const browser = await launch();
const rows: {
  hidden: number;
  speed: number;
  stepsPerSecond: number;
  fps: number;
  stepsPerFrame: number;
  workMedian: number;
  workP95: number;
}[] = [];
let jsBytes = 0;
let jsGzip = 0;
const scripts: string[] = [];

try {
  // Speed 10 (the default, and the target's 10 steps per frame) is capped at 600 steps/s by
  // a 60 Hz display; speed 30 shows how much training a frame can hold.
  for (const [hidden, speed] of [
    [4, 10],
    [16, 10],
    [16, 30],
  ] as const) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const js = new Map<string, Buffer>();
    // Time every animation-frame callback (the widget's training + drawing per frame), so
    // the table can tell our work per frame from frames lost to a busy machine.
    await page.addInitScript(() => {
      const w = window as unknown as { __work: number[] };
      w.__work = [];
      const raf = window.requestAnimationFrame.bind(window);
      window.requestAnimationFrame = (f) =>
        raf((t) => {
          const s = performance.now();
          f(t);
          w.__work.push(performance.now() - s);
        });
    });
    page.on('response', async (response) => {
      if (!/\.m?js(\?|$)/.test(response.url())) return;
      try {
        js.set(response.url(), await response.body());
      } catch {}
    });
    await page.goto(new URL(`${POST}?hidden=${hidden}&points=400&batch=full&lr=0.3`, server.url).href);
    const figure = page.locator('figure[data-widget="nn-playground"]').first();
    await figure.scrollIntoViewIfNeeded();
    await page.waitForFunction(
      () => document.querySelector('figure[data-widget="nn-playground"]')?.getAttribute('data-widget-state') === 'live',
    );
    // Count animation frames from inside the page, independently of the widget.
    await page.evaluate(() => {
      const w = window as unknown as { __frames: number };
      w.__frames = 0;
      const tick = () => {
        w.__frames++;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    // Sampled inside an animation frame, so both ends of the window see the same phase of
    // the frame and steps/frame is exact rather than off by a frame.
    const read = () =>
      page.evaluate(
        () =>
          new Promise<{ work: number; frames: number; step: number; t: number }>((done) =>
            requestAnimationFrame(() =>
              done({
                work: (window as unknown as { __work: number[] }).__work.length,
                frames: (window as unknown as { __frames: number }).__frames,
                step: Number(document.querySelector<HTMLElement>('[data-nnp]')!.dataset.step),
                t: performance.now(),
              }),
            ),
          ),
      );
    // The speed is with the settings, folded by default in newer versions of the widget.
    const details = figure.locator('details.nnp-more');
    if ((await details.count()) && !(await details.evaluate((d) => (d as HTMLDetailsElement).open)))
      await details.locator('summary').click();
    await figure.locator('select[name="speed"]').selectOption(String(speed));
    await figure.locator('[data-act="play"]').click();
    await page.waitForTimeout(500); // warm-up: JIT, first frames
    const a = await read();
    await page.waitForTimeout(SECONDS * 1000);
    const b = await read();
    const work = await page.evaluate(([from, to]) => (window as unknown as { __work: number[] }).__work.slice(from, to), [a.work, b.work]);
    await figure.locator('[data-act="play"]').click();
    // The callbacks include our frame counter's (microseconds); the widget's dominate.
    const widget = work.filter((ms) => ms > 0.05).sort((x, y) => x - y);
    const seconds = (b.t - a.t) / 1000;
    const frames = b.frames - a.frames;
    const steps = b.step - a.step;
    rows.push({
      hidden,
      speed,
      stepsPerSecond: steps / seconds,
      fps: frames / seconds,
      stepsPerFrame: steps / frames,
      workMedian: widget[Math.floor(widget.length / 2)] ?? NaN,
      workP95: widget[Math.floor(widget.length * 0.95)] ?? NaN,
    });
    if (rows.length === 1) {
      for (const [url, body] of js) {
        jsBytes += body.length;
        jsGzip += gzipSync(body).length;
        scripts.push(`${new URL(url).pathname} ${(gzipSync(body).length / 1024).toFixed(1)} KB`);
      }
    }
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}

const pad = (s: string | number, n: number) => String(s).padStart(n);
console.log('Playground in headless Chromium, 400 points, full batch, training\n');
console.log('| hidden | speed | steps/s | frames/s | steps/frame | work/frame median | p95 |');
console.log('|-------:|------:|--------:|---------:|------------:|------------------:|----:|');
for (const r of rows) {
  console.log(
    `| ${pad(r.hidden, 6)} | ${pad(r.speed, 5)} | ${pad(r.stepsPerSecond.toFixed(0), 7)} | ${pad(r.fps.toFixed(1), 8)} | ${pad(r.stepsPerFrame.toFixed(2), 11)} | ${pad(`${r.workMedian.toFixed(1)} ms`, 17)} | ${pad(`${r.workP95.toFixed(1)} ms`, 7)} |`,
  );
}
console.log("\n(work/frame: time in the widget's animation-frame callback — training and drawing;");
console.log(' a 60 Hz frame has 16.7 ms. Frames/s below 60 with little work per frame means a busy machine.)');
console.log(`\nJavaScript the post loads: ${(jsBytes / 1024).toFixed(1)} KB, ${(jsGzip / 1024).toFixed(1)} KB gzipped (target ≤ 40 KB)`);
for (const s of scripts) console.log(`  ${s}`);
const h16 = rows.find((r) => r.hidden === 16 && r.speed === 10)!;
// 10 steps every frame, except that the frame's 12 ms time box may cut a rare frame short
// (to keep the frame rate); 9.9 on average allows one such frame in ten.
const ok = h16.fps >= 55 && h16.stepsPerFrame >= 9.9 && jsGzip <= 40 * 1024;
console.log(`\nTargets at hidden 16 (≥ 55 frames/s, ≥ 10 steps/frame) and JS ≤ 40 KB: ${ok ? 'met' : 'NOT met'}`);
const [load1] = loadavg();
if (!ok && h16.fps < 55 && h16.workMedian < 8) {
  console.log(
    `  (frames/s is low while the widget needs only ${h16.workMedian.toFixed(1)} ms of each 16.7 ms frame: ` +
      `the machine is busy — load average ${load1.toFixed(1)} on ${cpus().length} cores. Run again on a quiet machine.)`,
  );
}
mkdirSync('bench/.out', { recursive: true });
writeFileSync('bench/.out/playground.json', JSON.stringify({ rows, jsBytes, jsGzip, scripts }, null, 2));
