// Build cost at scale (issue 8, item 9): a generated corpus of posts (math, code and a table
// each) built by Adjoint and by a bare Astro 7 with the same Markdown stack
// (bench/bare-astro/: remark-math + rehype-katex + Shiki, one collection, one route), side by
// side, interleaved, cold (no cache, no output) and warm (a rebuild over the first one's
// cache, nothing changed). Prints median wall times and project/bare ratios.
// Target: within 1.25× of bare Astro, cold and warm.
//   BENCH_POSTS (default 300), BENCH_ROUNDS (default 3), BENCH_KEEP=1 keeps the temp folder,
//   BENCH_CORPUS=<dir> only writes the corpus there (to profile one build by hand).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const POSTS = Number(process.env.BENCH_POSTS ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const root = mkdtempSync(join(tmpdir(), 'adjoint-build-bench-'));

/** Post i of the corpus: a few paragraphs with inline math, a display equation, code, a table. */
function post(i: number): string {
  const day = String((i % 28) + 1).padStart(2, '0');
  const month = String((i % 12) + 1).padStart(2, '0');
  return `---
title: Generated post ${i}
date: 2024-${month}-${day}
description: Post ${i} of the build benchmark corpus.
tags: [bench, group-${i % 10}]
---

## The function

Take $f(x) = x^${(i % 5) + 2} + ${i}x$ on $x \\in [0, 1]$. Its derivative is
$f'(x) = ${(i % 5) + 2}x^${(i % 5) + 1} + ${i}$, and the loss $L = \\tfrac12 (f(x) - y)^2$ has

$$
\\frac{\\partial L}{\\partial x} = (f(x) - y)\\, f'(x) = \\sum_{k=1}^{${(i % 7) + 2}} \\frac{(f(x) - y)}{k} \\cdot \\frac{k\\, f'(x)}{${(i % 7) + 2}} .
$$

## In code

\`\`\`ts
function f(x: number): number {
  return x ** ${(i % 5) + 2} + ${i} * x;
}
export function grad(x: number, y: number): number {
  const fx = f(x);
  const dfdx = ${(i % 5) + 2} * x ** ${(i % 5) + 1} + ${i};
  return (fx - y) * dfdx; // chain rule
}
\`\`\`

## Values

| $x$ | $f(x)$ | $f'(x)$ |
|---:|---:|---:|
| 0 | 0 | ${i} |
| 0.5 | ${(0.5 ** ((i % 5) + 2) + i * 0.5).toFixed(4)} | ${(((i % 5) + 2) * 0.5 ** ((i % 5) + 1) + i).toFixed(4)} |
| 1 | ${1 + i} | ${(i % 5) + 2 + i} |

Each row checks the formula above at one point; see also [the first post](/posts/post-0/).
`;
}

function writeCorpus(dir: string): void {
  mkdirSync(join(dir, 'posts'), { recursive: true });
  for (let i = 0; i < POSTS; i++) writeFileSync(join(dir, 'posts', `post-${i}.md`), post(i));
  writeFileSync(join(dir, 'about.md'), '---\ntitle: About\n---\n\nThe build benchmark corpus.\n');
}

interface Variant {
  name: 'project' | 'bare';
  args: string[];
  env: (out: string, cache: string) => Record<string, string>;
}

if (process.env.BENCH_CORPUS) {
  writeCorpus(process.env.BENCH_CORPUS);
  rmSync(root, { recursive: true, force: true });
  process.exit(0);
}
const content = join(root, 'content');
writeCorpus(content);
const variants: Variant[] = [
  {
    name: 'project',
    args: ['build'],
    env: (out, cache) => ({ ADJOINT_CONTENT_DIR: content, ADJOINT_OUT_DIR: out, ADJOINT_CACHE_DIR: cache }),
  },
  {
    name: 'bare',
    args: ['build', '--root', 'bench/bare-astro'],
    env: (out, cache) => ({ BARE_CONTENT_DIR: content, BARE_OUT_DIR: out, BARE_CACHE_DIR: cache }),
  },
];

// CPU time (user + system) as well as wall time: on a machine shared with other work, wall
// time mostly measures the neighbours; CPU time of the build is far steadier. GNU time gives
// it for the child; without it only wall time is shown.
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function build(variant: Variant, out: string, cache: string): { wall: number; cpu: number } {
  const start = performance.now();
  const astro = [process.execPath, 'node_modules/astro/bin/astro.mjs', ...variant.args];
  const [command, ...args] = TIME ? [TIME, '-f', 'cpu-seconds %U %S', ...astro] : astro;
  const result = spawnSync(command!, args, { encoding: 'utf8', env: { ...process.env, ...variant.env(out, cache), NO_COLOR: '1' } });
  const wall = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(`${variant.name} build failed:\n${result.stdout}\n${result.stderr}`);
  const cpu = /cpu-seconds ([\d.]+) ([\d.]+)/.exec(result.stderr);
  return { wall, cpu: cpu ? Number(cpu[1]) + Number(cpu[2]) : Number.NaN };
}

const times: Record<string, number[]> = {};
const record = (key: string, value: number) => {
  times[key] = [...(times[key] ?? []), value];
};
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

console.log(`${POSTS} posts, ${ROUNDS} rounds, ${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(2)} at start; corpus in ${root}`);
for (let round = 0; round < ROUNDS; round++) {
  // Alternate which variant goes first, so a slow moment on the shared machine hits both.
  const order = round % 2 === 0 ? variants : [...variants].reverse();
  for (const variant of order) {
    const out = join(root, `${variant.name}-out`);
    const cache = join(root, `${variant.name}-cache`);
    rmSync(out, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
    const cold = build(variant, out, cache);
    const warm = build(variant, out, cache);
    for (const [kind, t] of [['cold', cold] as const, ['warm', warm] as const]) {
      record(`${variant.name} ${kind}`, t.wall);
      record(`${variant.name} ${kind} cpu`, t.cpu);
    }
    const show = (t: { wall: number; cpu: number }) => `${t.wall.toFixed(2)} s (cpu ${t.cpu.toFixed(2)} s)`;
    console.log(`round ${round + 1} ${variant.name}: cold ${show(cold)}, warm ${show(warm)}, load ${loadavg()[0]!.toFixed(1)}`);
  }
}

const spread = (key: string) => `${Math.min(...times[key]!).toFixed(1)}–${Math.max(...times[key]!).toFixed(1)}`;
const rows = ['cold', 'warm', 'cold cpu', 'warm cpu'].map((kind) => {
  const project = median(times[`project ${kind}`]!);
  const bare = median(times[`bare ${kind}`]!);
  const label = kind.endsWith('cpu') ? `${kind.split(' ')[0]}, CPU time` : `${kind}, wall time`;
  return `| ${label} | ${project.toFixed(2)} s (${spread(`project ${kind}`)}) | ${bare.toFixed(2)} s (${spread(`bare ${kind}`)}) | ${(project / bare).toFixed(2)}× |`;
});
const table = [
  `Build of ${POSTS} generated posts, median of ${ROUNDS} interleaved rounds (range in brackets); load ${loadavg()[0]!.toFixed(2)} at end`,
  '',
  '| build | project | bare Astro | project / bare |',
  '|---|---:|---:|---:|',
  ...rows,
  '',
  'Target (issue 8): project / bare ≤ 1.25×, cold and warm.',
].join('\n');
console.log(`\n${table}`);
mkdirSync('bench/.out', { recursive: true });
writeFileSync('bench/.out/build.md', `${table}\n`);
if (!process.env.BENCH_KEEP) rmSync(root, { recursive: true, force: true });
