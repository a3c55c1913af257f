// Under a base path (ADJOINT_BASE=/repo/) root-relative links written in Markdown get the base
// in front: Markdown links and images, and raw HTML (src/markdown/rehype-base-links.ts). The
// whole built site under a base is tested in tests/site/base-path.test.ts.
import rehypeStringify from 'rehype-stringify';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { describe, expect, test } from 'vitest';
import rehypeBaseLinks, { rawWithBase } from '../../src/markdown/rehype-base-links.ts';

const render = (markdown: string, base: string) =>
  String(
    unified()
      .use(remarkParse)
      .use(remarkRehype, { allowDangerousHtml: true })
      .use(rehypeBaseLinks, { base })
      .use(rehypeStringify, { allowDangerousHtml: true })
      .processSync(markdown),
  );

describe('rehype-base-links', () => {
  test('Markdown links and images from the root get the base; relative, fragment, protocol-relative and external ones do not', () => {
    const html = render('[a](/posts/a/#x) [b](b/) [c](#c) [d](//cdn.example/d) [e](https://e.org/) ![i](/img.png)', '/repo/');
    expect(html).toBe(
      '<p><a href="/repo/posts/a/#x">a</a> <a href="b/">b</a> <a href="#c">c</a> <a href="//cdn.example/d">d</a> <a href="https://e.org/">e</a> <img src="/repo/img.png" alt="i"></p>',
    );
  });

  test('raw HTML: href, src and poster from the root, quoted or not', () => {
    expect(
      rawWithBase('<a href="/p/">p</a><img alt="" src=\'/i.png\'><video poster=/v.png></video><a href="//x.org/">x</a>', '/repo/'),
    ).toBe('<a href="/repo/p/">p</a><img alt="" src=\'/repo/i.png\'><video poster=/repo/v.png></video><a href="//x.org/">x</a>');
    // Text that merely looks like an attribute, outside a tag, is left alone.
    expect(rawWithBase('write href="/x" in a tag', '/repo/')).toBe('write href="/x" in a tag');
    expect(render('<div><a href="/tags/">t</a></div>', '/docs/')).toBe('<div><a href="/docs/tags/">t</a></div>');
  });

  test('with base / nothing changes', () => {
    const markdown = '[a](/posts/a/) <a href="/b/">b</a>';
    expect(render(markdown, '/')).toBe('<p><a href="/posts/a/">a</a> <a href="/b/">b</a></p>');
  });
});
