// One axe-core helper for every browser test: axe (the engine behind Lighthouse's and
// Deque's checks) is injected into the page and run on the document or on one element.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

export interface AuditOptions {
  /** A CSS selector: audit only this element (default: the whole document). */
  within?: string;
  /** axe tags to run, e.g. ['wcag2a', 'wcag2aa'] (default: all rules). */
  runOnly?: string[];
}

/** Run axe on the page as it is now (inject it first if needed) and return its violations, at every impact. */
export async function audit(page: Page, options: AuditOptions = {}): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async ({ within, runOnly }) => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: object) => Promise<{ violations: Violation[] }> } }).axe;
    const context = within ? document.querySelector(within) : document;
    if (!context) throw new Error(`axe: nothing matches ${within}`);
    return (await axe.run(context, { resultTypes: ['violations'], ...(runOnly ? { runOnly } : {}) })).violations;
  }, options);
  return violations;
}

/** Violations as readable text ('' when there are none), so a failing test shows what and where. */
export function describeViolations(violations: Violation[]): string {
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
