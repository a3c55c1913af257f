// The gradient-check table: each pair's largest relative error and a verdict.
import { verdict, type CheckResult } from '../gradcheck.ts';

const ROWS: [string, keyof CheckResult][] = [
  ['he', 'handVsEngine'],
  ['hn', 'handVsNumeric'],
  ['en', 'engineVsNumeric'],
];

/** Fill the table; `null` (a diverged run) shows dashes. */
export function showCheck(part: (name: string) => HTMLElement, result: CheckResult | null): void {
  for (const [key, field] of ROWS) {
    const e = result ? result[field] : NaN;
    const v = verdict(e);
    part(`e-${key}`).textContent = result ? (Number.isFinite(e) ? e.toExponential(1) : String(e)) : '–';
    const out = part(`v-${key}`);
    out.textContent = !result ? '–' : v === 'agree' ? '✓ agree' : v === 'disagree' ? '✗ disagree' : '? unclear';
    out.className = `nnp-verdict${!result ? '' : v === 'agree' ? ' nnp-ok' : v === 'disagree' ? ' nnp-bad' : ' nnp-meh'}`;
  }
}
