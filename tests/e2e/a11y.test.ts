// Accessibility of every built page type, in the light and the dark theme: axe-core (the
// engine behind Lighthouse's and Deque's checks) is injected into the page and run on the
// whole document. Serious and critical violations fail the test, colour contrast included;
// pages with widgets are checked after every widget has mounted, so the live controls
// (not just their static first frame) are covered.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launch, newPage } from '../helpers/browser.ts';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const PAGES: Array<[label: string, path: string]> = [
  ['home', ''],
  ['post with math and code', 'posts/chain-rule-by-hand/'],
  ['post with widgets (playground)', 'posts/backprop-simple-case/'],
  ['post with widgets (guide)', 'posts/guide/widgets/'],
  ['tag index', 'tags/'],
  ['tag page', 'tags/calculus/'],
  ['about', 'about/'],
  ['404', 'no-such-page/'],
];

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

/** Scroll through the page so every lazily mounted widget starts, then wait until none is pending. */
async function mountWidgets(page: Page): Promise<void> {
  const figures = page.locator('figure[data-widget]');
  const count = await figures.count();
  for (let i = 0; i < count; i++) await figures.nth(i).scrollIntoViewIfNeeded();
  await page.waitForFunction(
    () => [...document.querySelectorAll('figure[data-widget]')].every((f) => f.getAttribute('data-widget-state') === 'live'),
    undefined,
    { timeout: 30_000 },
  );
  await page.evaluate(() => window.scrollTo(0, 0));
}

async function audit(page: Page): Promise<Violation[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Violation[] }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

function describeViolations(violations: Violation[]): string {
  return violations
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n${v.nodes
          .slice(0, 6)
          .map((n) => `  ${JSON.stringify(n.target)}\n    ${(n.failureSummary ?? '').replace(/\n/g, '\n    ')}`)
          .join('\n')}`,
    )
    .join('\n\n');
}

for (const colorScheme of ['light', 'dark'] as const) {
  describe(`axe-core, ${colorScheme} theme`, () => {
    for (const [label, path] of PAGES) {
      test(`${label}: /${path}`, async () => {
        const { context, page } = await newPage(browser, { colorScheme });
        await page.goto(new URL(path, inject('baseUrl')).href, { waitUntil: 'load' });
        await page.evaluate(() => document.fonts.ready);
        expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(colorScheme);
        await mountWidgets(page);
        const violations = await audit(page);
        expect(describeViolations(violations)).toBe('');
        await context.close();
      });
    }
  });
}

// The toggle, not the OS, chose the theme: widgets must follow the site's choice too
// (a widget colour keyed on prefers-color-scheme would pass the runs above and fail here).
test('the playground, switched to dark with the toggle while the OS is light', async () => {
  const { context, page } = await newPage(browser);
  await page.goto(new URL('posts/backprop-simple-case/', inject('baseUrl')).href, { waitUntil: 'load' });
  await page.click('[data-theme-toggle]');
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  await mountWidgets(page);
  expect(describeViolations(await audit(page))).toBe('');
  await context.close();
});
