// The build-time link checker on a hand-made output folder (no Astro build needed).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkLinks, formatBrokenLinks } from '../../src/integrations/check-links.ts';

function site(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'adjoint-links-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const page = (body: string, head = '') => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;

describe('checkLinks', () => {
  test('resolves pages, files, anchors, relative and same-origin absolute links', async () => {
    const dir = site({
      'index.html': page(
        '<a href="/posts/a/">a</a> <a href="posts/a">a, relative, no slash</a> <a href="/posts/a/#sec">anchor</a>' +
          '<a href="#top">top</a> <a href="https://example.org/other">external</a> <a href="mailto:x@y.z">mail</a>' +
          '<img src="/img/plot.svg">',
        '<link rel="canonical" href="https://site.test/"><link rel="stylesheet" href="/katex/katex.min.css?v=1">',
      ),
      'posts/a/index.html': page('<h2 id="sec">S</h2><a href="../../">home</a>'),
      'img/plot.svg': '<svg/>',
      'katex/katex.min.css': '',
    });
    expect(await checkLinks(dir, 'https://site.test')).toEqual([]);
  });

  test('names the Markdown source for links inside post content, the page otherwise', async () => {
    const dir = site({
      'index.html': page('<a href="/gone/">gone</a>'),
      'posts/a/index.html': page(
        '<h2 id="sec">S</h2><div class="prose" data-source="content/posts/a.md">' +
          '<a href="/posts/b/">b</a> <a href="#nope">nope</a> <a href="/data.csv">csv</a> <a href="https://site.test/posts/a/#sec">ok</a></div>',
      ),
    });
    const broken = await checkLinks(dir, 'https://site.test');
    expect(broken.map((b) => [b.source.replace(/^.*(index\.html)/, '$1'), b.link, b.reason])).toEqual([
      ['index.html (page template)', '/gone/', 'no page or file at /gone/'],
      ['content/posts/a.md', '/posts/b/', 'no page or file at /posts/b/'],
      ['content/posts/a.md', '#nope', '/posts/a/ has no element with id "nope"'],
      ['content/posts/a.md', '/data.csv', 'no page or file at /data.csv'],
    ]);
    expect(formatBrokenLinks(broken)).toContain('4 broken internal links:\n');
    expect(formatBrokenLinks(broken)).toContain('  content/posts/a.md: link "#nope" on /posts/a/: /posts/a/ has no element with id "nope"');
  });
});
