// Live cells (issue 10), measured where readers and authors meet them:
//  1. JavaScript a page with cells loads before any interaction (target ≤ 10 KB gzipped);
//  2. the on-demand cost of the first Edit + Run: editor, runner, worker with engine and
//     transpiler (target ≤ 150 KB gzipped);
//  3. warm run latency, click to output, of the xᵀAy cell in headless Chromium (target ≤ 30 ms median);
//  4. build time added per cell: the Markdown pipeline on a post of 20 cells, against the same
//     post with plain listings, in this process (target: 20 cells ≤ 1 s);
//  5. the choice of transpiler: sucrase's parser with the types blanked (what cells use),
//     sucrase's transform, TypeScript's transpileModule and esbuild-wasm, by gzipped size for
//     the browser and by speed on the post's own cells.
// Builds the site first (ADJOINT_SKIP_BUILD=1 reuses dist/ when it has the post).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createMarkdownProcessor } from '@astrojs/markdown-remark';
import { build } from 'esbuild';
import { transform as sucraseTransform } from 'sucrase';
import ts from 'typescript';
import * as esbuildWasm from 'esbuild-wasm';
import { compileCell } from '../src/cells/compile.ts';
import { remarkRehype, shikiConfig } from '../src/markdown/pipeline.ts';
import remarkLiveCells from '../src/markdown/remark-live-cells.ts';
import { serve } from '../scripts/serve.mjs';
import { launch } from '../tests/helpers/browser.ts';

const POST = 'posts/flux-gradient-jacobian/';
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (!process.env.ADJOINT_SKIP_BUILD || !existsSync(`dist/${POST}index.html`)) {
  execFileSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--silent'], { stdio: 'inherit' });
}

// --- 1–3: in Chromium -------------------------------------------------------------------
const server = await serve('dist', 0);
const browser = await launch();
const before: [string, number][] = [];
const onDemand: [string, number][] = [];
let latencies: number[] = [];
let coldMs = 0;
try {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  let phase: [string, number][] = before;
  context.on('response', async (response) => {
    if (!/\.m?js(\?|$)/.test(response.url())) return;
    const into = phase;
    try {
      into.push([new URL(response.url()).pathname, gzipSync(await response.body()).length]);
    } catch {}
  });
  await page.goto(new URL(POST, server.url).href, { waitUntil: 'networkidle' });
  phase = onDemand;
  const cell = page.locator('figure.cell', { has: page.locator('.cell__code', { hasText: 'const bilinear' }) });
  await cell.getByRole('button', { name: 'Edit' }).click();
  await cell.locator('.cm-content').waitFor();
  await cell.getByRole('button', { name: 'Run' }).click();
  await page.waitForFunction(() => document.querySelector('figure.cell[data-run-ms]') !== null);
  coldMs = Number(await cell.getAttribute('data-run-ms'));
  await page.waitForLoadState('networkidle');
  // Warm: the worker is up and the upstream cells have run; each click re-runs this cell.
  for (let i = 0; i < RUNS; i++) {
    await cell.evaluate((figure) => figure.removeAttribute('data-run-ms'));
    await cell.getByRole('button', { name: 'Run' }).click();
    await page.waitForFunction((f) => f?.hasAttribute('data-run-ms'), await cell.elementHandle());
    latencies.push(Number(await cell.getAttribute('data-run-ms')));
  }
  latencies = latencies.slice(5);
  await context.close();
} finally {
  await browser.close();
  await server.close();
}
const sum = (rows: [string, number][]) => rows.reduce((s, [, n]) => s + n, 0);

// --- 4: build time per cell ----------------------------------------------------------------
const body = Array.from(
  { length: 20 },
  (_, i) =>
    `Cell ${i}.\n\n\`\`\`ts run\nconst v${i} = tensor([1, 2, 3]);\ngradient((x: Tensor) => sum(mul(x, mul(x, ${i + 1}))), v${i})\n\`\`\`\n`,
).join('\n');
const processor = await createMarkdownProcessor({ remarkPlugins: [[remarkLiveCells, { cacheDir: false }]], remarkRehype, shikiConfig });
const plainBody = body.replace(/```ts run/g, '```ts');
await processor.render(body); // warm: Shiki's grammar, the engine and sucrase's parser load once
const timeIt = async (markdown: string) => {
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    await processor.render(markdown);
    times.push(performance.now() - t);
  }
  return median(times);
};
const withCells = await timeIt(body);
const plain = await timeIt(plainBody);
const perCell = (withCells - plain) / 20;

// --- 5: transpilers --------------------------------------------------------------------------
const post = readFileSync('content/posts/flux-gradient-jacobian.md', 'utf8');
const sources = [...post.matchAll(/^```ts run[^\n]*\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
const bundleGz = async (contents: string) => {
  const out = await build({
    stdin: { contents, resolveDir: process.cwd() },
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    platform: 'browser',
    logLevel: 'silent',
  });
  return gzipSync(out.outputFiles[0].contents).length;
};
const speed = async (one: (source: string) => unknown) => {
  for (const s of sources) await one(s);
  const t = performance.now();
  let n = 0;
  while (performance.now() - t < 500) {
    for (const s of sources) {
      await one(s);
      n++;
    }
  }
  return (performance.now() - t) / n;
};
await esbuildWasm.initialize({});
const transpilers = [
  {
    name: "sucrase's parser, types blanked (chosen: src/cells/compile.ts, names and last expression included)",
    gz: await bundleGz("import { compileCell } from './src/cells/compile.ts'; globalThis.t = compileCell;"),
    ms: await speed((s) => compileCell(s, 'cell.js')),
  },
  {
    name: "sucrase's transform",
    gz: await bundleGz("import { transform } from 'sucrase'; globalThis.t = transform;"),
    ms: await speed((s) => sucraseTransform(s, { transforms: ['typescript'], disableESTransforms: true })),
  },
  {
    name: 'typescript transpileModule',
    gz: await bundleGz("import ts from 'typescript'; globalThis.t = ts.transpileModule;"),
    ms: await speed((s) => ts.transpileModule(s, { compilerOptions: { target: ts.ScriptTarget.ES2022 } })),
  },
  {
    name: 'esbuild-wasm (JS + .wasm)',
    gz:
      (await bundleGz("import * as e from 'esbuild-wasm'; globalThis.t = e;")) +
      gzipSync(readFileSync('node_modules/esbuild-wasm/esbuild.wasm')).length,
    ms: await speed((s) => esbuildWasm.transform(s, { loader: 'ts' })),
  },
];
await esbuildWasm.stop();

// --- report -----------------------------------------------------------------------------------
const lines = [
  'Live cells: the Flux post in headless Chromium; the pipeline in Node',
  '',
  '| measure | value | target |',
  '|---|---:|---:|',
  `| JS before interaction (gz) | ${kb(sum(before))} | ≤ 10 KB |`,
  `| on-demand JS, first Edit + Run (gz) | ${kb(sum(onDemand))} | ≤ 150 KB |`,
  `| cold run, click to output (loads runner + worker) | ${coldMs} ms | — |`,
  `| warm run xᵀAy, click to output, median of ${latencies.length} | ${median(latencies)} ms | ≤ 30 ms |`,
  `| build time per cell (20-cell post: ${withCells.toFixed(0)} ms vs ${plain.toFixed(0)} ms plain) | ${perCell.toFixed(1)} ms | 20 cells ≤ 1 s |`,
  '',
  `Scripts before interaction: ${before.map(([p, n]) => `${p.replace('/_astro/', '')} ${kb(n)}`).join(', ')}`,
  `On demand: ${onDemand.map(([p, n]) => `${p.replace('/_astro/', '')} ${kb(n)}`).join(', ')}`,
  '',
  `| transpiler | browser bundle (gz) | time per cell (the post's ${sources.length} cells, Node) |`,
  '|---|---:|---:|',
  ...transpilers.map((t) => `| ${t.name} | ${kb(t.gz)} | ${t.ms.toFixed(3)} ms |`),
];
console.log(lines.join('\n'));
mkdirSync('bench/.out', { recursive: true });
writeFileSync('bench/.out/cells.md', `${lines.join('\n')}\n`);
