// Build output for ::autodiff-graph: a formula that does not parse stops the real Astro
// build at the directive's file:line:column, with the column inside the formula.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { FIXTURES, OUT, buildFixture } from './build.ts';

test('a bad f fails the build with file:line:column and the column in the formula', () => {
  rmSync(join(OUT, 'autodiff-graph-bad.cache'), { recursive: true, force: true });
  const { ok, log, out } = buildFixture('autodiff-graph-bad');
  expect(ok).toBe(false);
  expect(log).toContain(
    `${FIXTURES}/autodiff-graph-bad/posts/bad.md:7:1: ::autodiff-graph: f="ln(x1 + 2": column 10: expected ")" to close ln(, found the end.`,
  );
  expect(existsSync(join(out, 'posts', 'bad', 'index.html'))).toBe(false);
});
