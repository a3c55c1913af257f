// Importing a Pluto notebook export (issue 9): a 1 MB export — Markdown and math cells, code,
// PNG plots, trees and tables, made by the test helper the way Pluto's Export.jl does — decoded
// (base64 + MessagePack, src/franklin/pluto.build.ts) and rendered to page HTML (KaTeX, Shiki,
// the sanitizer; src/franklin/notebook.build.ts). Target: under 1 s per notebook.
// Baseline in the same process: only decoding the export's two base64 payloads (the floor any
// importer pays), so the ratio says what reading and rendering add on this machine today.
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import { mkdirSync, writeFileSync } from 'node:fs';
import { renderNotebook } from '../src/franklin/notebook.build.ts';
import { notebookHighlighter } from '../src/franklin/notebooks.build.ts';
import { readPlutoExport } from '../src/franklin/pluto.build.ts';
import { macros } from '../src/markdown/katex-options.ts';
import { exportNotebook, type FixtureCell } from '../tests/franklin/pluto-export.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Incompressible bytes behind a PNG signature: a stand-in for a plot, sized like one. */
function picture(bytes: number, seed: number): Uint8Array {
  const out = new Uint8Array(bytes);
  let s = seed;
  for (let i = 0; i < bytes; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out[i] = s >>> 24;
  }
  out.set([137, 80, 78, 71, 13, 10, 26, 10]);
  return out;
}

function notebook(targetBytes: number) {
  const cells: FixtureCell[] = [];
  const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  for (let n = 1; ; n++) {
    const k = n % 5;
    if (k === 0) {
      cells.push({
        id: id(n),
        code: `md"""\n## Step ${n}\n"""`,
        folded: true,
        output: {
          mime: 'text/html',
          body:
            `<div class="markdown"><h2>Step ${n}</h2><p>With <span class="tex">$\\eta = 1/${n}$</span> the update is</p>` +
            `<p class="tex">$$x_{k+1} = x_k - \\eta\\, \\nabla f(x_k), \\qquad \\norm{x_{k+1} - x^*} \\le (1 - \\eta\\mu)\\norm{x_k - x^*}.$$</p>` +
            `<ul><li>a list item with <code>code</code></li><li>and <em>emphasis</em></li></ul></div>`,
        },
      });
    } else if (k === 1) {
      cells.push({
        id: id(n),
        code: `plot(xs[1:${n}], ys[1:${n}]; label = "run ${n}")`,
        output: { mime: 'image/png', body: picture(9000, n) },
      });
    } else if (k === 2) {
      cells.push({
        id: id(n),
        code: `xs_${n} = [x - 0.1 * 2(x - 3) for x in range(0, 6; length = 20)]`,
        output: {
          mime: 'application/vnd.pluto.tree+object',
          body: {
            type: 'Array',
            prefix: 'Float64',
            elements: Array.from({ length: 20 }, (_, i) => [i + 1, [String(i * 0.3), 'text/plain']]),
          },
        },
      });
    } else if (k === 3) {
      cells.push({
        id: id(n),
        code: `DataFrame(step = 1:8, loss = losses_${n})`,
        output: {
          mime: 'application/vnd.pluto.table+object',
          body: {
            schema: { names: ['step', 'loss'], types: ['Int64', 'Float64'] },
            rows: Array.from({ length: 8 }, (_, i) => [
              i + 1,
              [
                [String(i + 1), 'text/plain'],
                [String(1 / (i + 1)), 'text/plain'],
              ],
            ]),
          },
        },
      });
    } else {
      cells.push({
        id: id(n),
        code: `function descend_${n}(f, df, x; η = 0.1, steps = 100)\n    for _ in 1:steps\n        x -= η * df(x)\n    end\n    return x, f(x)\nend`,
        output: { mime: 'text/plain', body: `descend_${n} (generic function with 1 method)` },
      });
    }
    if (n % 50 === 0 && exportNotebook({ cells }).html.length >= targetBytes) break;
  }
  return exportNotebook({ cells, frontmatter: { title: 'A big notebook' } }).html;
}

const html = notebook(1024 * 1024);
const highlight = await notebookHighlighter();
const floor: number[] = [];
const decode: number[] = [];
const render: number[] = [];
let cellCount = 0;
for (let run = 0; run < RUNS; run++) {
  let t = performance.now();
  for (const m of html.matchAll(/base64,([A-Za-z0-9+/=]+)"/g)) Buffer.from(m[1]!, 'base64');
  floor.push(performance.now() - t);
  t = performance.now();
  const nb = readPlutoExport(html, 'big.jl.html');
  decode.push(performance.now() - t);
  t = performance.now();
  const page = await renderNotebook(nb, { url: '/big.jl/', macros, highlight, outputsSaved: true });
  render.push(performance.now() - t);
  cellCount = nb.cells.length;
  if (page.problems.length > 0) throw new Error(page.problems.join('\n'));
}
const total = decode.map((d, i) => d + render[i]!);
const rows = [
  `| 1 MB notebook export | median of ${RUNS} |`,
  '|---|---:|',
  `| export size | ${(html.length / 1024 / 1024).toFixed(2)} MB, ${cellCount} cells |`,
  `| baseline: base64 decode only | ${median(floor).toFixed(1)} ms |`,
  `| read (base64 + MessagePack → cells) | ${median(decode).toFixed(1)} ms |`,
  `| render (KaTeX, Shiki, sanitizer → HTML) | ${median(render).toFixed(1)} ms |`,
  `| **import, total** | **${median(total).toFixed(0)} ms** (target < 1000 ms: ${median(total) < 1000 ? 'met' : 'NOT met'}) |`,
  `| total / baseline | ${(median(total) / median(floor)).toFixed(0)}× |`,
];
const table = rows.join('\n');
console.log(table);
mkdirSync('bench/.out', { recursive: true });
writeFileSync('bench/.out/pluto.md', `${table}\n`);
