// The graph stepper measured: (1) laying out a 1 000-node trace — a 2-unit recurrence
// unrolled over many steps, recorded by the engine — in Node, against the engine's own
// `trace` of the same function as the in-process baseline; (2) in headless Chromium on the
// built post "Forward and reverse mode", the time per step with a ~1 000-node formula typed
// into the widget, and the JavaScript the page loads, gzipped.
// Targets (issue 11): layout ≤ 200 ms; a step within a 60 Hz frame (16.7 ms); JS ≤ 40 KB gzipped.
// Builds the site first (ADJOINT_SKIP_BUILD=1 reuses dist/ when it has the post).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { type Tensor, add, mul, pow, sub, tanh, trace } from '../src/autodiff/index.ts';
import { layoutGraph } from '../src/widgets/autodiff-graph/layout.ts';
import { launch } from '../tests/helpers/browser.ts';
import { serve } from '../scripts/serve.mjs';

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function time(f: () => void, runs = 15): number {
  f(); // warm-up
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    f();
    t.push(performance.now() - s);
  }
  return median(t);
}

// h ← tanh(W h + c_k), loss += (h₁ − c_k)²: one weight node read by every step (long edges).
const STEPS = 50;
const recurrence = (w11: Tensor, w12: Tensor, w21: Tensor, w22: Tensor, h0: Tensor): Tensor => {
  let h1: Tensor = h0;
  let h2: Tensor = h0;
  let loss: Tensor | null = null;
  for (let k = 0; k < STEPS; k++) {
    const c = Math.sin(k);
    const a = tanh(add(add(mul(w11, h1), mul(w12, h2)), c));
    const b = tanh(sub(add(mul(w21, h1), mul(w22, h2)), c));
    const term = add(pow(sub(a, c), 2), pow(sub(b, -c), 2));
    loss = loss === null ? term : add(loss, term);
    h1 = a;
    h2 = b;
  }
  return loss!;
};
const args = [0.5, -0.3, 0.2, 0.8, 0.1] as const;
const t = trace(recurrence, ...args);
const nodes = t.forward.map((n) => ({ id: n.id, inputs: n.inputs, floating: n.op === 'const' }));
const layoutMs = time(() => layoutGraph(nodes));
const traceMs = time(() => trace(recurrence, ...args));
console.log(`Layout of a ${nodes.length}-node trace (${STEPS}-step 2-unit recurrence), Node, median of 15:`);
console.log(
  `  layoutGraph ${layoutMs.toFixed(1)} ms; the engine's trace of the same function ${traceMs.toFixed(1)} ms (×${(layoutMs / traceMs).toFixed(2)})`,
);
const layoutOk = layoutMs <= 200 && nodes.length >= 1000;

// In the browser: a long formula (about 1 000 nodes) typed into the widget, then stepped.
const POST = 'posts/forward-and-reverse-mode/';
if (!process.env.ADJOINT_SKIP_BUILD || !existsSync(`dist/${POST}index.html`)) {
  execFileSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--silent'], { stdio: 'inherit' });
}
const TERMS = 250;
const longF = Array.from({ length: TERMS }, (_, i) => `sin(x*y + ${(i % 7) + 1})`).join(' + ');
const server = await serve('dist', 0);
const browser = await launch();
let jsGzip = 0;
let jsBytes = 0;
const scripts: string[] = [];
let stepMs = Number.NaN;
let relayoutMs = Number.NaN;
let graphNodes = 0;
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const js = new Map<string, Buffer>();
  page.on('response', async (response) => {
    if (response.url().endsWith('.js')) js.set(response.url(), await response.body().catch(() => Buffer.alloc(0)));
  });
  await page.goto(new URL(POST, server.url).href, { waitUntil: 'load' });
  for (const name of ['autodiff-graph', 'dual-sqrt']) {
    const figure = page.locator(`figure[data-widget="${name}"]`).first();
    await figure.scrollIntoViewIfNeeded();
    await page.waitForFunction(
      (n) => document.querySelector(`figure[data-widget="${n}"]`)?.getAttribute('data-widget-state') === 'live',
      name,
    );
  }
  await page.waitForTimeout(300);
  for (const [url, body] of js) {
    jsBytes += body.length;
    jsGzip += gzipSync(body).length;
    scripts.push(`${new URL(url).pathname} ${(gzipSync(body).length / 1024).toFixed(1)} KB`);
  }
  const figure = page.locator('figure[data-widget="autodiff-graph"]').first();
  await figure.scrollIntoViewIfNeeded();
  const start = Date.now();
  await figure.locator('input[name="f"]').fill(longF);
  await figure.locator('input[name="at"]').fill('x=0.5, y=-1');
  await page.waitForFunction((n) => document.querySelectorAll('figure[data-widget="autodiff-graph"] .adg-node').length >= n, 900, {
    timeout: 60_000,
  });
  relayoutMs = Date.now() - start - 120; // minus the widget's typing debounce
  graphNodes = await figure.locator('.adg-node').count();
  await figure.locator('[data-part="graph"]').focus();
  await page.keyboard.press('Home');
  // Each step: keydown → re-render → next animation frame, timed inside the page.
  stepMs = await page.evaluate(async () => {
    const box = document.querySelector<HTMLElement>('figure[data-widget="autodiff-graph"] [data-part="graph"]')!;
    const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      const s = performance.now();
      box.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
      await frame();
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)]!;
  });
} finally {
  await browser.close();
  await server.close();
}
console.log(`\nIn headless Chromium, a ${graphNodes}-node graph (${TERMS} terms typed into the widget):`);
console.log(`  re-parse + trace + layout + render after typing: about ${relayoutMs.toFixed(0)} ms`);
console.log(`  one step (keydown to next frame), median of 40: ${stepMs.toFixed(1)} ms (a 60 Hz frame is 16.7 ms)`);
console.log(
  `\nJavaScript the post loads (both widgets mounted): ${(jsBytes / 1024).toFixed(1)} KB, ${(jsGzip / 1024).toFixed(1)} KB gzipped (target ≤ 40 KB)`,
);
for (const s of scripts) console.log(`  ${s}`);
const ok = layoutOk && jsGzip <= 40 * 1024 && stepMs <= 16.7;
console.log(`\nTargets (layout ≤ 200 ms at ≥ 1 000 nodes, a step within a frame, JS ≤ 40 KB): ${ok ? 'met' : 'NOT met'}`);
mkdirSync('bench/.out', { recursive: true });
writeFileSync(
  'bench/.out/graph.json',
  JSON.stringify({ nodes: nodes.length, layoutMs, traceMs, graphNodes, relayoutMs, stepMs, jsBytes, jsGzip, scripts }, null, 2),
);
