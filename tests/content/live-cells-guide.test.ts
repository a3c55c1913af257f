// The authoring guide for live cells documents every option the plugin accepts, shows each
// one in a real cell, and quotes the build's error message in the form the plugin writes it.
import { createMarkdownProcessor } from '@astrojs/markdown-remark';
import { describe, expect, it } from 'vitest';
import { remarkRehype, shikiConfig } from '../../src/markdown/pipeline.ts';
import { compileCell } from '../../src/cells/compile.ts';
import remarkLiveCells, { parseCellOptions } from '../../src/markdown/remark-live-cells.ts';
import { readPost } from './post.ts';

const post = readPost('content/posts/guide/live-cells.md');
const OPTIONS = ['timeout=<ms>', 'error', 'hide'];

describe('the live-cells guide', () => {
  it('documents exactly the options the plugin accepts, and the default time limit', () => {
    // The options table (read directly: readPost's fence stripping does not know ```` fences).
    const rows = [...post.source.matchAll(/^\| `([^`]+)` \| (.*) \|$/gm)];
    expect(rows.map((row) => row[1])).toEqual(OPTIONS);
    expect(parseCellOptions('run timeout=5000 error hide')).toEqual({ timeout: 5000, error: true, hide: true });
    expect(parseCellOptions('run')).toEqual({ timeout: 3000, error: false, hide: false });
    expect(rows[0][2]).toContain('default 3000, at most 60000');
    expect(parseCellOptions('run timeout=60001')).toContain('between 1 and 60000');
    expect(parseCellOptions('run fast')).toContain('unknown cell option');
  });

  it('uses `run error` and `hide` in real cells', () => {
    expect(post.source).toMatch(/^```ts run error$/m);
    expect(post.source).toMatch(/^```ts run hide$/m);
  });

  it('lists the TypeScript a cell refuses, as the compiler refuses it, and what it accepts', () => {
    const refusal = (code: string) => {
      try {
        compileCell(code, 'c.js');
        return 'accepted';
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(post.source).toContain(
      '`enum` (use an object), `namespace` (use an object) and\nparameter properties (`constructor(public x: number)`; assign `this.x = x` yourself)',
    );
    expect(refusal('enum Axis { Rows }')).toMatch(/^an enum .* use a plain object/);
    expect(refusal('namespace N {}')).toMatch(/^a namespace .* use a plain object/);
    expect(refusal('class P { constructor(public x: number) {} }')).toMatch(/^a parameter property .* assign this\.x = x/);
    expect(refusal('return 1')).toMatch(/^'return' outside of a function/);
    expect(refusal('const a = 1;\nconst a = 2;')).toBe("Identifier 'a' has already been declared");
    expect(refusal('import { tensor } from "x";')).toMatch(/^'import' is not available in a cell/);
    const accepted = [
      'let n: number = 1;',
      'interface P { x: number }\ntype Q = P;',
      'const id = <T,>(x: T): T => x;',
      'const v = [1] as const;\nconst w = { x: 1 } satisfies { x: number };\nconst y = v!;',
      'function f(x: number): number;\nfunction f(x: any) { return x }',
      'abstract class A { private readonly a = 1; declare b: string; abstract m(): void }',
    ];
    for (const code of accepted) expect(refusal(code)).toBe('accepted');
  });

  it('quotes the build error as the plugin words it', async () => {
    const quoted =
      /^(content\/posts\/x\.md:42:1: live cell 3 threw at line 2, column 11 of the cell \(content\/posts\/x\.md:44\): ReferenceError: nope is not defined)$/m.exec(
        post.source,
      );
    expect(quoted).not.toBeNull();
    const processor = await createMarkdownProcessor({ remarkPlugins: [[remarkLiveCells, { cacheDir: false }]], remarkRehype, shikiConfig });
    const fence = (code: string) => `\`\`\`ts run\n${code}\n\`\`\`\n`;
    const markdown = `${'\n'.repeat(15)}${fence('1')}\n${fence('2')}\n${'\n'.repeat(15)}${fence('const a = 1;\nconst b = nope(a);')}`;
    const error = await processor.render(markdown).then(
      () => undefined,
      (e: Error) => e.message,
    );
    // Same wording; only the path and the numbers differ.
    const general = (text: string) => text.replace(/<markdown>|content\/posts\/x\.md/g, 'P').replace(/\d+/g, 'N');
    expect(general(error ?? '')).toContain(general(quoted![1]));
  });
});
