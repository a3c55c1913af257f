// The authoring guide for live cells documents every option the plugin accepts, shows each
// one in a real cell, and quotes the build's error message in the form the plugin writes it.
import { createMarkdownProcessor } from '@astrojs/markdown-remark';
import { describe, expect, it } from 'vitest';
import { remarkRehype, shikiConfig } from '../../src/markdown/pipeline.ts';
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
