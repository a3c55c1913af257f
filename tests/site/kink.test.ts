// Build output for ::kink and ::loss-slice: the static first frame a reader without JavaScript
// sees, computed at build time by the engine; and an author's mistake failing the build at
// file:line:column with what is valid.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FIXTURES, OUT, buildFixture } from './build.ts';

function build(fixture: string) {
  rmSync(join(OUT, `${fixture}.cache`), { recursive: true, force: true });
  return buildFixture(fixture);
}

describe('::kink and ::loss-slice in a built site', () => {
  test('the static first frame: plot with rays and labelled picks, the programs table, the heatmap', () => {
    const site = build('widgets-kink');
    if (!site.ok) throw new Error(`fixture build failed:\n${site.log}`);
    const html = readFileSync(join(site.out, 'posts', 'kink', 'index.html'), 'utf8');
    expect(html).toMatch(/<figure class="widget[^"]*" data-widget="kink" data-attrs="[^"]*" data-widget-state="static">/);
    expect(html).toContain('<option value="abs" selected>|x|</option>');
    expect(html.match(/class="kink__ray" data-side/g)).toHaveLength(2);
    // |x| at 0: PyTorch and Flux pick 0, JAX 1 — labelled on the plot and in the table.
    expect(html).toContain('PyTorch, Flux: 0');
    expect(html).toContain('JAX: 1');
    expect(html).toMatch(
      /<code>maximum\(x, -x\)<\/code><\/th><td class="kink__num" role="cell" data-framework="pytorch">0<\/td><td class="kink__num" role="cell" data-framework="jax">0<\/td><td class="kink__num" role="cell" data-framework="flux">−1<\/td>/,
    );
    expect(html).toContain('data-widget="loss-slice"');
    expect(html).toContain('<svg class="loss-slice__plot"');
    expect(html).toContain('<option value="tanh" selected>tanh</option>');
    // Each widget's stylesheet and loader are on the page.
    expect(html).toMatch(/\.kink__plot/);
    expect(html).toMatch(/\.loss-slice__plot/);
  });

  test('a misspelt function fails the build at file:line:column and suggests the right one', () => {
    const { ok, log, out } = build('widgets-kink-bad');
    expect(ok).toBe(false);
    expect(log).toContain(`${FIXTURES}/widgets-kink-bad/posts/bad.md:7:1: ::kink: fn must be one of relu, abs,`);
    expect(log).toContain('got "hardtahn". Did you mean "hardtanh"?');
    expect(existsSync(join(out, 'posts', 'bad', 'index.html'))).toBe(false);
  });
});
