// Build-output tests for live cells: fixture sites built with the real Astro config.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { OUT, buildFixture } from './build.ts';

function build(fixture: string) {
  rmSync(join(OUT, `${fixture}.cache`), { recursive: true, force: true });
  return buildFixture(fixture);
}

describe('a site with live cells', () => {
  let site: ReturnType<typeof build>;
  beforeAll(() => {
    site = build('cells-ok');
    if (!site.ok) throw new Error(`fixture build failed:\n${site.log}`);
  });

  test('outputs are in the static HTML, under Shiki-highlighted code', () => {
    const html = site.read('posts/cells/index.html');
    expect(html).toMatch(/<figure class="cell" data-cell="1" data-timeout="3000"><div class="cell__code"><pre class="astro-code/);
    expect(html).toContain('<pre class="cell__log">f(2) = 8</pre><pre class="cell__value">[12]</pre>');
    // The hidden cell: code kept (hidden), output shown, and it saw f from cell 1.
    expect(html).toMatch(/<figure class="cell" data-cell="2" data-timeout="3000" data-hide=""><div class="cell__code" hidden>/);
    expect(html).toContain('<pre class="cell__value">[27]</pre>');
    // `run error`: the engine's message is the output, and the build succeeded.
    expect(html).toMatch(/data-expect-error=""[\s\S]*?<pre class="cell__error">AutodiffError: matmul/);
    expect(html).toMatch(/data-cell="4" data-timeout="5000"[\s\S]*?<div class="cell__plot"><svg class="cell-plot"/);
  });

  test('only pages with cells load the cell script and CSS', () => {
    const withCells = site.read('posts/cells/index.html');
    const plain = site.read('posts/plain/index.html');
    expect(withCells).toMatch(/<script type="module" src="\/_astro\/CellScripts[^"]*\.js"/);
    expect(withCells).toContain('data-cells-css');
    expect(plain).not.toContain('CellScripts');
    expect(plain).not.toContain('data-cells-css');
    expect(plain).not.toContain('class="cell"');
  });
});

describe('a cell that throws', () => {
  test('fails the build at the fence’s file:line, naming the line:column inside the cell', () => {
    const site = build('cells-throw');
    expect(site.ok).toBe(false);
    expect(site.log).toContain(
      'tests/site/fixtures/cells-throw/posts/throws.md:14:1: live cell 2 threw at line 3, column 11 of the cell (tests/site/fixtures/cells-throw/posts/throws.md:17): AutodiffError: det:',
    );
  });
});
