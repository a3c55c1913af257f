// The authoring guide quotes the plugin's error messages; they must be the real ones.
import { readFileSync } from 'node:fs';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { expect, test } from 'vitest';
import remarkWidgets from '../../src/markdown/remark-widgets.ts';

const guide = readFileSync('content/posts/guide/widgets.md', 'utf8');

async function message(markdown: string): Promise<string> {
  const file = new VFile({ value: markdown, path: `${process.cwd()}/post.md` });
  try {
    await unified().use(remarkParse).use(remarkWidgets).use(remarkRehype).use(rehypeStringify).process(file);
  } catch (error) {
    // Drop "post.md:line:column: ": the guide's examples are at made-up places.
    return (error as Error).message.replace(/^post\.md:\d+:\d+: /, '');
  }
  throw new Error(`expected ${markdown} to fail`);
}

test.each([
  '::nn-playgroud{hidden=4}',
  '::grad-check{fnc=sin}',
  '::nn-playground{hidden=32}',
  '::grad-check{x=pi}',
  '::grad-check{fn=Sin}',
  'See :grad-check{fn=sin} here.',
  'Press :kbd[Ctrl].',
  '::grad-check{x=1} as above',
])('the guide quotes the real message for %s', async (markdown) => {
  expect(guide).toContain(await message(markdown));
});

test('every example directive in the guide is valid (the build would fail otherwise)', async () => {
  const examples = [...guide.matchAll(/^```md\n([\s\S]*?)```$/gm)]
    .flatMap((m) => m[1].split('\n'))
    .filter((line) => /^::[a-z]/.test(line) && !line.includes('name'));
  expect(examples.length).toBeGreaterThan(2);
  for (const line of examples) {
    await unified().use(remarkParse).use(remarkWidgets).use(remarkRehype).use(rehypeStringify).process(`${line}\n`);
  }
});
