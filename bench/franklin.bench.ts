// Importing a Franklin site (issue 9, §4): 100 generated pages written in Franklin's dialect
// (`@def` variables, config.md `\newcommand`s, `@@` blocks, `{{fill}}`, `\eqref`) built by Adjoint,
// against the same pages written as Adjoint Markdown posts, side by side, interleaved, cold (no
// cache, no output) and warm (a rebuild over the first one's cache). Prints median times and ratios.
// Target: Franklin / Adjoint ≤ 1.2×.
//   BENCH_PAGES (default 100), BENCH_ROUNDS (default 3), BENCH_KEEP=1 keeps the temp folder.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const PAGES = Number(process.env.BENCH_PAGES ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const root = mkdtempSync(join(tmpdir(), 'adjoint-franklin-bench-'));

/** The body shared by both dialects; `franklin` decides how the Franklin-only parts are written. */
function body(i: number, franklin: boolean): string {
  const n = (i % 5) + 2;
  const note = franklin ? `@@note\nThe exponent is ${n}.\n@@` : `<div class="note">\n\nThe exponent is ${n}.\n\n</div>`;
  const ref = franklin ? '\\eqref{eq:grad}' : '$\\eqref{eq:grad}$';
  return `## The function

Take $f(x) = x^${n} + ${i}x$ on $x \\in \\R$. Its derivative is $f'(x) = ${n}x^${n - 1} + ${i}$, and
the loss $L = \\tfrac12 (f(x) - y)^2$ has the gradient

$$
\\frac{\\partial L}{\\partial x} = (f(x) - y)\\, f'(x) = \\scal{f(x) - y, f'(x)} \\label{eq:grad}
$$

${note}

As ${ref} shows, the gradient vanishes where $f(x) = y$.

## In code

\`\`\`julia
f(x) = x^${n} + ${i} * x
grad(x, y) = (f(x) - y) * (${n} * x^${n - 1} + ${i})
\`\`\`

| $x$ | $f(x)$ |
|---:|---:|
| 0 | 0 |
| 1 | ${1 + i} |
`;
}

function franklinPage(i: number): string {
  const month = (i % 12) + 1;
  const day = (i % 28) + 1;
  return `@def title = "Generated page ${i}"
@def date = Date(2024, ${month}, ${day})
@def tags = ["bench", "group-${i % 10}"]
@def rss_description = "Page ${i} of the Franklin benchmark corpus."

${body(i, true)}`;
}

function adjointPost(i: number): string {
  const month = String((i % 12) + 1).padStart(2, '0');
  const day = String((i % 28) + 1).padStart(2, '0');
  return `---
title: Generated page ${i}
date: 2024-${month}-${day}
description: Page ${i} of the Franklin benchmark corpus.
tags: [bench, group-${i % 10}]
---

${body(i, false)}`;
}

const ABOUT = '---\ntitle: About\n---\n\nThe Franklin benchmark corpus.\n';
// \R is one of Adjoint's macros already; \scal comes from config.md (Franklin) or is written out (Adjoint).
const franklinDir = join(root, 'franklin-content');
mkdirSync(join(franklinDir, 'posts'), { recursive: true });
mkdirSync(join(franklinDir, 'franklin', 'blog'), { recursive: true });
writeFileSync(join(franklinDir, 'about.md'), ABOUT);
writeFileSync(join(franklinDir, 'franklin', 'config.md'), '\\newcommand{\\scal}[1]{\\left\\langle #1 \\right\\rangle}\n');
for (let i = 0; i < PAGES; i++) writeFileSync(join(franklinDir, 'franklin', 'blog', `page-${i}.md`), franklinPage(i));
const adjointDir = join(root, 'adjoint-content');
mkdirSync(join(adjointDir, 'posts'), { recursive: true });
writeFileSync(join(adjointDir, 'about.md'), ABOUT);
for (let i = 0; i < PAGES; i++) {
  writeFileSync(
    join(adjointDir, 'posts', `page-${i}.md`),
    adjointPost(i).replace(/\\scal\{([^}]*)\}/g, '\\left\\langle $1 \\right\\rangle'),
  );
}

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function build(content: string, out: string, cache: string): { wall: number; cpu: number } {
  const start = performance.now();
  const astro = [process.execPath, 'node_modules/astro/bin/astro.mjs', 'build'];
  const [command, ...args] = TIME ? [TIME, '-f', 'cpu-seconds %U %S', ...astro] : astro;
  const result = spawnSync(command!, args, {
    encoding: 'utf8',
    env: {
      ...process.env,
      ADJOINT_CONTENT_DIR: content,
      ADJOINT_OUT_DIR: out,
      ADJOINT_CACHE_DIR: cache,
      ADJOINT_STRICT: '0',
      NO_COLOR: '1',
    },
  });
  const wall = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(`build of ${content} failed:\n${result.stdout}\n${result.stderr}`);
  const cpu = /cpu-seconds ([\d.]+) ([\d.]+)/.exec(result.stderr);
  return { wall, cpu: cpu ? Number(cpu[1]) + Number(cpu[2]) : Number.NaN };
}

const variants = [
  { name: 'franklin', content: franklinDir },
  { name: 'adjoint', content: adjointDir },
];
const times: Record<string, number[]> = {};
const record = (key: string, value: number) => {
  times[key] = [...(times[key] ?? []), value];
};
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

console.log(`${PAGES} pages, ${ROUNDS} rounds, ${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(2)} at start; corpus in ${root}`);
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? variants : [...variants].reverse();
  for (const variant of order) {
    const out = join(root, `${variant.name}-out`);
    const cache = join(root, `${variant.name}-cache`);
    rmSync(out, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
    const cold = build(variant.content, out, cache);
    const warm = build(variant.content, out, cache);
    for (const [kind, t] of [['cold', cold] as const, ['warm', warm] as const]) {
      record(`${variant.name} ${kind}`, t.wall);
      record(`${variant.name} ${kind} cpu`, t.cpu);
    }
    console.log(
      `round ${round + 1} ${variant.name}: cold ${cold.wall.toFixed(2)} s (cpu ${cold.cpu.toFixed(2)}), warm ${warm.wall.toFixed(2)} s (cpu ${warm.cpu.toFixed(2)})`,
    );
  }
}

const rows = ['cold', 'warm', 'cold cpu', 'warm cpu'].map((kind) => {
  const franklin = median(times[`franklin ${kind}`]!);
  const adjoint = median(times[`adjoint ${kind}`]!);
  const label = kind.endsWith('cpu') ? `${kind.split(' ')[0]}, CPU time` : `${kind}, wall time`;
  return `| ${label} | ${franklin.toFixed(2)} s | ${adjoint.toFixed(2)} s | ${(franklin / adjoint).toFixed(2)}× |`;
});
const table = [
  `Build of ${PAGES} pages, as a Franklin site and as Adjoint posts, median of ${ROUNDS} interleaved rounds; load ${loadavg()[0]!.toFixed(2)} at end`,
  '',
  '| build | Franklin pages | Adjoint posts | Franklin / Adjoint |',
  '|---|---:|---:|---:|',
  ...rows,
  '',
  'Target (issue 9): Franklin / Adjoint ≤ 1.2×.',
].join('\n');
console.log(`\n${table}`);
mkdirSync('bench/.out', { recursive: true });
writeFileSync('bench/.out/franklin.md', `${table}\n`);
if (!process.env.BENCH_KEEP) rmSync(root, { recursive: true, force: true });
