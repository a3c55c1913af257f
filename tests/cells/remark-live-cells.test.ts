// The live-cell plugin on Astro's real Markdown processor (Shiki included), cache off.
import { createMarkdownProcessor, type MarkdownRenderer } from '@astrojs/markdown-remark';
import { beforeAll, describe, expect, test } from 'vitest';
import { remarkRehype, shikiConfig } from '../../src/markdown/pipeline.ts';
import { DEFAULT_TIMEOUT } from '../../src/cells/runtime.ts';
import remarkLiveCells, { DEFAULT_CELL_TIMEOUT, parseCellOptions } from '../../src/markdown/remark-live-cells.ts';

let processor: MarkdownRenderer;
beforeAll(async () => {
  processor = await createMarkdownProcessor({ remarkPlugins: [[remarkLiveCells, { cacheDir: false }]], remarkRehype, shikiConfig });
});

const fence = (meta: string, code: string) => [`\`\`\`ts ${meta}`, code, '```', ''].join('\n');

async function failure(markdown: string): Promise<string> {
  const error = await processor.render(markdown).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(error, 'expected rendering to fail').toBeInstanceOf(Error);
  return error!.message;
}

describe('live cells at build time', () => {
  test("the plugin's default time limit is the runtime's (the plugin imports the runtime only when a post has cells)", () => {
    expect(DEFAULT_CELL_TIMEOUT).toBe(DEFAULT_TIMEOUT);
    expect(parseCellOptions('run')).toEqual({ timeout: DEFAULT_TIMEOUT, error: false, hide: false });
  });

  test('the code is highlighted by Shiki and the output follows it', async () => {
    const { code, metadata } = await processor.render(fence('run', 'const x = 3;\nconsole.log("x is", x)\ngradient((t) => mul(t, t), x)'));
    expect(code).toContain('class="cell"');
    expect(code).toMatch(/<pre class="astro-code[^"]*"/);
    expect(code).toContain('--shiki-light');
    expect(code).toContain('<pre class="cell__log">x is 3</pre>');
    expect(code).toContain('<pre class="cell__value">[6]</pre>');
    expect(metadata.frontmatter.liveCells).toBe(1);
  });

  test('cells share a scope in page order; a later cell may redefine a name', async () => {
    const { code } = await processor.render(
      [
        fence('run', 'const f = (x: Tensor) => mul(x, 2);'),
        'Prose.',
        '',
        fence('run', 'const g = (x: number) => mul(f(x), 10);\ng(1)'),
        fence('run', 'const f = 5;\n[f, g(2)]'),
      ].join('\n'),
    );
    expect(code).toContain('<pre class="cell__value">Tensor [] 20.</pre>');
    // The redefinition shadows f for the cells below; g keeps the f it closed over.
    expect(code).toContain('<pre class="cell__value">[5, Tensor [] 40.]</pre>');
  });

  test('a plain ts fence stays a listing', async () => {
    const { code, metadata } = await processor.render(fence('', 'const x = 1'));
    expect(code).not.toContain('class="cell"');
    expect(metadata.frontmatter.liveCells).toBe(0);
  });

  test('a throwing cell fails with the fence line and the line:column inside the cell', async () => {
    const message = await failure(['# Title', '', fence('run', 'const a = 1;\nconst b = nope(a);')].join('\n'));
    expect(message).toContain(
      '<markdown>:3:1: live cell 1 threw at line 2, column 11 of the cell (<markdown>:5): ReferenceError: nope is not defined',
    );
  });

  test('a syntax error names its line:column in the cell', async () => {
    const message = await failure(fence('run', 'const a: number = 1;\nconst = 2;'));
    expect(message).toMatch(/live cell 1 threw at line 2, column 7 of the cell \(<markdown>:3\): SyntaxError: /);
  });

  test('`run error` shows the error as output, and fails the build when nothing throws', async () => {
    const { code } = await processor.render(fence('run error', 'det(tensor([1, 2]))'));
    expect(code).toContain('<pre class="cell__error">AutodiffError: det:');
    expect(code).toContain('data-expect-error');
    expect(await failure(fence('run error', '1 + 1'))).toContain('is marked `run error` but ran without an error');
  });

  test('`hide` keeps the code in the page, hidden; `timeout=` stops an endless loop', async () => {
    const { code } = await processor.render(fence('run hide', '40 + 2'));
    expect(code).toMatch(/<div class="cell__code" hidden>/);
    expect(code).toContain('<pre class="cell__value">42</pre>');
    const message = await failure(fence('run timeout=200', 'while (true) {}'));
    expect(message).toContain('time limit of 200 ms');
  });

  test('plot() writes an SVG chart into the page', async () => {
    const { code } = await processor.render(fence('run', 'plot((x) => x * x, [-1, 1])'));
    expect(code).toMatch(/<div class="cell__plot"><svg class="cell-plot"[^>]*role="img"/);
    expect(code).toMatch(/<path class="cell-plot__line cell-plot__line--0" d="M44,/);
  });

  test('options are checked', () => {
    expect(parseCellOptions('run timeout=5000 hide')).toEqual({ timeout: 5000, error: false, hide: true });
    expect(parseCellOptions('run fast')).toContain('unknown cell option "fast"');
    expect(parseCellOptions('run timeout=0')).toContain('timeout must be between');
  });
});

describe('the run cache', () => {
  test('a rebuild re-runs only the changed cell and those below it', async () => {
    const { mkdtempSync, readdirSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const cacheDir = mkdtempSync(join(tmpdir(), 'cells-cache-'));
    const cached = await createMarkdownProcessor({ remarkPlugins: [[remarkLiveCells, { cacheDir }]], remarkRehype, shikiConfig });
    const page = (second: string) => [fence('run', 'const a = 2;'), fence('run', second), fence('run', 'a * 10')].join('\n');
    const first = await cached.render(page('const b = 3;'));
    expect(first.metadata.frontmatter.liveCellsRan).toBe(3);
    expect(readdirSync(cacheDir)).toHaveLength(3);
    const again = await cached.render(page('const b = 3;'));
    expect(again.metadata.frontmatter.liveCellsRan).toBe(0);
    expect(again.code).toBe(first.code);
    // Cell 2 changed: cells 1 (to rebuild the scope), 2 and 3 run; cell 1's output is still cached.
    const changed = await cached.render(page('const b = 4;'));
    expect(changed.metadata.frontmatter.liveCellsRan).toBe(3);
    expect(changed.code).toContain('<pre class="cell__value">20</pre>');
    // Cells 2 and 3 have new keys (a key covers the cells above), cell 1 kept its own.
    expect(readdirSync(cacheDir)).toHaveLength(5);
  });
});
