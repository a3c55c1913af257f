// Lighthouse on the built site, as a reader's phone would see it: `npm run lighthouse`.
// Builds the site (skip with --no-build to audit the dist/ already there), serves it with
// scripts/serve.mjs (compressed, with the cache headers of a real host, as `npm start` does),
// and runs Lighthouse's default mobile audit (a Moto G-class phone, simulated slow 4G and 4×
// CPU slowdown) in the system Chromium on three pages: the home page, a math-heavy post and
// the playground post. Prints each category's score and the main timings; every audit that
// keeps accessibility, best practices or SEO under 100 is listed by name; exits 1 if any of
// those three is under 100. Full JSON reports go to test-results/lighthouse/.
//   LIGHTHOUSE_RUNS=3  runs per page (the median performance run is reported; default 1)
//   CHROME_PATH        the Chromium to drive (default /usr/bin/chromium)
// Performance depends on the machine's load: run it on a quiet machine and say so with the figures
// (the one-minute load average at the start of each run is printed under the table).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { serve } from './serve.mjs';

export const PAGES = [
  ['home', ''],
  ['math-heavy post', 'posts/forward-and-reverse-mode/'],
  ['playground post', 'posts/backprop-simple-case/'],
];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const RUNS = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS ?? 1));
const REPORTS = join('test-results', 'lighthouse');

/** The failing audits of a category (score < 1), as "id: title". */
function failing(lhr, category) {
  return lhr.categories[category].auditRefs
    .filter((ref) => ref.weight > 0)
    .map((ref) => lhr.audits[ref.id])
    .filter((audit) => audit.score !== null && audit.score < 1)
    .map((audit) => `${audit.id}: ${audit.title}`);
}

const score = (lhr, category) => Math.round((lhr.categories[category].score ?? 0) * 100);
const ms = (lhr, id) => lhr.audits[id]?.numericValue;

async function main() {
  if (!process.argv.includes('--no-build')) {
    execFileSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--silent'], { stdio: 'inherit' });
  }
  const server = await serve('dist', 0);
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    chromeFlags: [
      '--headless=new',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ],
  });
  mkdirSync(REPORTS, { recursive: true });
  const rows = [];
  let belowHundred = false;
  try {
    for (const [label, path] of PAGES) {
      const url = new URL(path, server.url).href;
      const runs = [];
      const loads = new Map();
      for (let i = 0; i < RUNS; i++) {
        const load = loadavg()[0];
        const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES });
        if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
        if (result.lhr.runtimeError) throw new Error(`Lighthouse could not audit ${url}: ${result.lhr.runtimeError.message}`);
        runs.push(result.lhr);
        loads.set(result.lhr, load);
      }
      runs.sort((a, b) => score(a, 'performance') - score(b, 'performance'));
      const lhr = runs[Math.floor(runs.length / 2)];
      writeFileSync(join(REPORTS, `${label.replace(/\W+/g, '-')}.json`), JSON.stringify(lhr));
      const problems = [];
      for (const category of CATEGORIES.slice(1)) {
        if (score(lhr, category) < 100) {
          belowHundred = true;
          problems.push(...failing(lhr, category).map((audit) => `${category}: ${audit}`));
        }
      }
      rows.push({
        label,
        path: `/${path}`,
        scores: CATEGORIES.map((category) => score(lhr, category)),
        performanceRuns: runs.map((run) => score(run, 'performance')),
        runLoads: [...loads].map(([run, load]) => `${score(run, 'performance')} at load ${load.toFixed(1)}`),
        fcp: ms(lhr, 'first-contentful-paint'),
        si: ms(lhr, 'speed-index'),
        lcp: ms(lhr, 'largest-contentful-paint'),
        tbt: ms(lhr, 'total-blocking-time'),
        cls: ms(lhr, 'cumulative-layout-shift'),
        problems,
      });
    }
  } finally {
    chrome.kill();
    await server.close();
  }
  console.log(
    `\nLighthouse ${(await import('lighthouse/package.json', { with: { type: 'json' } })).default.version}, mobile, ${RUNS} run(s) per page, ${new Date().toISOString().slice(0, 16)}Z\n`,
  );
  console.log('| page | performance | accessibility | best practices | SEO | FCP | LCP | SI | TBT | CLS |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    const [performance, ...others] = row.scores;
    const perf = row.performanceRuns.length > 1 ? `${performance} (${row.performanceRuns.join(', ')})` : `${performance}`;
    console.log(
      `| ${row.label} \`${row.path}\` | ${perf} | ${others.join(' | ')} | ${(row.fcp / 1000).toFixed(1)} s | ${(row.lcp / 1000).toFixed(1)} s | ${(row.si / 1000).toFixed(1)} s | ${Math.round(row.tbt)} ms | ${row.cls.toFixed(3)} |`,
    );
  }
  for (const row of rows) console.log(`  ${row.label}: performance ${row.runLoads.join(', ')}`);
  for (const row of rows) for (const problem of row.problems) console.log(`  ${row.label}: ${problem}`);
  console.log(`\nReports: ${REPORTS}/`);
  if (belowHundred) process.exitCode = 1;
}

await main();
