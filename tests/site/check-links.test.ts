// The build-time link checker: first on hand-made output folders (no Astro build needed),
// then two fixture builds that fail: broken links (found after rendering, reported at
// file:line:column) and missing relative images (found while rendering). Neither may touch
// the previous output folder.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { checkLinks, formatBrokenLinks, isImported, scanPage } from '../../src/integrations/check-links.ts';
import { attributesOf, TagScanner, tags } from '../../src/integrations/html-tags.ts';
import { locate, sourceLinks } from '../../src/integrations/link-sources.ts';
import { stagingDir, swapInto } from '../../src/integrations/staged-output.ts';
import { buildFixture, OUT } from './build.ts';

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

describe('checkLinks with a scan cache', () => {
  test('a rebuild re-uses the scans of unchanged pages and re-scans changed ones', async () => {
    const dir = site({
      'index.html': page('<a href="/posts/a/#sec">a</a>'),
      'posts/a/index.html': page('<h2 id="sec">S</h2><a href="/">home</a>'),
    });
    const scanCache = join(dir, '.cache', 'scan.json');
    expect(await checkLinks(dir, 'https://site.test', { scanCache })).toEqual([]);
    const first = JSON.parse(readFileSync(scanCache, 'utf8')) as { version: string; pages: Record<string, unknown> };
    expect(Object.keys(first.pages)).toHaveLength(2);
    expect(await checkLinks(dir, 'https://site.test', { scanCache })).toEqual([]);
    // The heading is gone: the page's HTML changed, so it is scanned again and the anchor fails.
    writeFileSync(join(dir, 'posts/a/index.html'), page('<h2 id="other">S</h2><a href="/gone/">gone</a>'));
    const broken = await checkLinks(dir, 'https://site.test', { scanCache });
    expect(broken.map((b) => `${b.page} ${b.link}: ${b.reason}`)).toEqual([
      '/ /posts/a/#sec: /posts/a/ has no element with id "sec"',
      '/posts/a/ /gone/: no page or file at /gone/',
    ]);
    // A page deleted from the output breaks the links to it even though every other scan is cached.
    rmSync(join(dir, 'posts'), { recursive: true });
    expect((await checkLinks(dir, 'https://site.test', { scanCache })).map((b) => b.reason)).toEqual(['no page or file at /posts/a/']);
    expect(Object.keys((JSON.parse(readFileSync(scanCache, 'utf8')) as typeof first).pages)).toHaveLength(1);
  });

  test('a cache from other scanning code, or a damaged one, is ignored', async () => {
    const dir = site({ 'index.html': page('<a href="/gone/">gone</a>') });
    const scanCache = join(dir, 'scan.json');
    await checkLinks(dir, 'https://site.test', { scanCache });
    const cache = JSON.parse(readFileSync(scanCache, 'utf8')) as { version: string; pages: Record<string, { links: unknown[] }> };
    // The same page hash with no links: only trusted when the version matches.
    for (const entry of Object.values(cache.pages)) entry.links = [];
    writeFileSync(scanCache, JSON.stringify({ ...cache, version: 'other' }));
    expect(await checkLinks(dir, 'https://site.test', { scanCache })).toHaveLength(1);
    writeFileSync(scanCache, '{ not json');
    expect(await checkLinks(dir, 'https://site.test', { scanCache })).toHaveLength(1);
  });
});

describe('scanPage: ids and links in one pass over the tags', () => {
  test('skips comments and script text, respects quotes, decodes entities, tracks the data-source element', () => {
    const html =
      '<!doctype html><html><head><title>a <a href="/no/"></title><script>if (a<b) x = "<a href=\'/no/\'>"</script></head><body>' +
      '<!-- <a href="/no/"> --><h2 id="sec-1" title="a > b">S</h2><a name="old">o</a>' +
      '<div class="prose" data-source="p.md"><div><a href="/x?a=1&amp;b=2">x</a></div><span id="eq"></span><a href="/x?a=1&amp;b=2">again</a></div>' +
      '<a href="/after/">after</a><img alt="" src=/img.png></body></html>';
    const { ids, links } = scanPage(html);
    expect([...ids]).toEqual(['sec-1', 'old', 'eq']);
    expect(links).toEqual([
      { tagName: 'a', raw: '/x?a=1&b=2', source: 'p.md', nth: 0 },
      { tagName: 'a', raw: '/x?a=1&b=2', source: 'p.md', nth: 1 },
      { tagName: 'a', raw: '/after/', source: undefined, nth: 0 },
      { tagName: 'img', raw: '/img.png', source: undefined, nth: 0 },
    ]);
  });

  test('TagScanner: quotes hide `>` and `<` only inside attribute values; contains() looks in the current tag only', () => {
    const html = `<a title='x > y' href="/a?b=<c>">t</a><p class=x id=main>don't "quote" me</p><span data-x="id=">s</span><i>it's</i><b id="last">`;
    const scan = new TagScanner(html);
    const seen: string[] = [];
    while (scan.next()) seen.push(`${scan.closing ? '/' : ''}${scan.name} ${scan.contains('id=')} ${html.slice(scan.start, scan.end)}`);
    expect(seen).toEqual([
      `a false <a title='x > y' href="/a?b=<c>">`,
      '/a false </a>',
      'p true <p class=x id=main>',
      '/p false </p>',
      'span true <span data-x="id=">',
      '/span false </span>',
      'i false <i>',
      '/i false </i>',
      'b true <b id="last">',
    ]);
    // tags() is the same walk, one object per tag.
    expect([...tags(html)].map((tag) => `${tag.closing ? '/' : ''}${tag.name} ${html.slice(tag.start, tag.end)}`)).toEqual(
      seen.map((line) => line.replace(/ (true|false) /, ' ')),
    );
  });

  test('tags() gives names, offsets and attribute text; attributesOf parses them', () => {
    const html = '<P Class="x">t</p><br/>';
    const found = [...tags(html)];
    expect(found.map((t) => [t.name, t.closing, html.slice(t.start, t.end)])).toEqual([
      ['p', false, '<P Class="x">'],
      ['p', true, '</p>'],
      ['br', false, '<br/>'],
    ]);
    expect(attributesOf(found[0]!)).toEqual(new Map([['class', 'x']]));
  });
});

describe('sourceLinks: where each link was written', () => {
  test('inline, reference, raw HTML and image links at line:column of the file, frontmatter counted', () => {
    const markdown = [
      '---', // 1
      'title: T', // 2
      '---', // 3
      '', // 4
      'See [a](/a/) and', // 5
      '  [b][ref], <span><a href="/raw/">r</a></span>', // 6
      '', // 7
      '![img](./x.png) ![again](/a/)', // 8
      '', // 9
      '<p>', // 10
      '<img alt="" src="/i.png">', // 11
      '</p>', // 12
      '', // 13
      '[ref]: /b/', // 14
    ].join('\n');
    const links = sourceLinks(markdown);
    expect(links.map((l) => `${l.kind} ${l.url} ${l.line}:${l.column}`)).toEqual([
      'link /a/ 5:5',
      'link /b/ 6:3',
      'link /raw/ 6:19',
      'image ./x.png 8:1',
      'image /a/ 8:17',
      'image /i.png 11:1',
    ]);
    expect(locate(links, 'link', '/a/', 0)?.line).toBe(5);
    expect(locate(links, 'image', '/a/', 0)?.column).toBe(17);
    expect(locate(links, 'link', '/nowhere/', 0)).toBeUndefined();
  });

  test('the n-th link with a URL is the n-th in the source; URLs compare percent-decoded', () => {
    const links = sourceLinks('[x](/p/) [y](/p/)\n\n[z](/caf%C3%A9/)');
    expect(locate(links, 'link', '/p/', 1)?.column).toBe(10);
    expect(locate(links, 'link', '/p/', 5)?.column).toBe(10); // fewer in the source: the last one
    expect(locate(links, 'link', '/café/', 0)?.line).toBe(3);
  });

  test('links the parser cannot see (a Franklin raw block, a command) are found where the URL is written', () => {
    // A `~~~` raw HTML block reads as a code fence, `\\goto{…}` as text: the page has three links
    // to /x.png and /p/, the parser sees one of each.
    const text = '~~~\n<img src="/x.png">\n~~~\n\n![a](/x.png) \\goto{/p/} and [p](/p/)\n\nNot /x.pngs.';
    const links = sourceLinks(text);
    expect(locate(links, 'image', '/x.png', 0, { text, inPage: 2 })).toMatchObject({ line: 2, column: 11 });
    expect(locate(links, 'image', '/x.png', 1, { text, inPage: 2 })).toMatchObject({ line: 5, column: 6 });
    expect(locate(links, 'link', '/p/', 0, { text, inPage: 2 })).toMatchObject({ line: 5, column: 20 });
    // A footnote's link is in the page twice (sidenote and endnote) but written once: the parser's place.
    const note = 'Text.[^1]\n\n[^1]: See [q](/q/).';
    expect(locate(sourceLinks(note), 'link', '/q/', 1, { text: note, inPage: 2 })).toMatchObject({ line: 3, column: 11 });
  });
});

describe('swapInto: the staged build replaces the output folder', () => {
  test('old output gone, new output in place, no staging or backup folder left', () => {
    const root = mkdtempSync(join(tmpdir(), 'adjoint-swap-'));
    const final = join(root, 'dist');
    const staging = stagingDir(final);
    mkdirSync(final);
    writeFileSync(join(final, 'old.html'), 'old');
    mkdirSync(staging);
    writeFileSync(join(staging, 'new.html'), 'new');
    expect(staging).toBe(join(root, '.dist-staging'));
    swapInto(staging, final);
    expect(readdirSync(root)).toEqual(['dist']);
    expect(readdirSync(final)).toEqual(['new.html']);
  });
});

/**
 * Build a fixture into an output folder that already holds a "previous good build", the way
 * a site's dist/ looks before a failing rebuild.
 */
function buildOverPrevious(name: string) {
  const out = join(OUT, name);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'posts', 'old'), { recursive: true });
  writeFileSync(join(out, 'index.html'), 'previous good build');
  writeFileSync(join(out, 'posts', 'old', 'index.html'), 'previous good post');
  const result = buildFixture(name, { keepOutput: true });
  const files = readdirSync(out, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(out, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
  return {
    ok: result.ok,
    log: result.log,
    out,
    files,
    siblings: readdirSync(OUT).filter((f) => f.startsWith(`.${name}`)),
  };
}

describe('a build with broken links', () => {
  let site: ReturnType<typeof buildOverPrevious>;
  beforeAll(() => {
    site = buildOverPrevious('bad-links');
  });
  const fixture = 'tests/site/fixtures/bad-links';

  test('fails, reporting every broken link, anchor and image at file:line:column of its Markdown', () => {
    expect(site.ok).toBe(false);
    const report = site.log.slice(site.log.indexOf('broken internal links'));
    expect(site.log).toContain('7 broken internal links:\n');
    for (const line of [
      `  ${fixture}/posts/anchor.md:7:11: link "#no-such-heading" on /posts/anchor/: /posts/anchor/ has no element with id "no-such-heading"`,
      `  ${fixture}/posts/linker.md:5:11: link "/posts/nope/" on /posts/linker/: no page or file at /posts/nope/`,
      `  ${fixture}/posts/linker.md:5:53: link "/files/data.csv" on /posts/linker/: no page or file at /files/data.csv`,
      `  ${fixture}/posts/linker.md:7:27: link "/posts/gone/" on /posts/linker/: no page or file at /posts/gone/`,
      `  ${fixture}/posts/linker.md:7:49: link "/raw/html/" on /posts/linker/: no page or file at /raw/html/`,
      `  ${fixture}/posts/linker.md:8:41: image "/img/plot.svg" on /posts/linker/: no page or file at /img/plot.svg`,
      `  ${fixture}/posts/linker.md:9:21: link "/posts/nope/" on /posts/linker/: no page or file at /posts/nope/`,
    ]) {
      expect(report).toContain(`${line}\n`);
    }
    expect(site.log).not.toContain('"#real-heading"');
  });

  test('leaves the previous output exactly as it was, and no staging folder', () => {
    expect(site.files).toEqual(['index.html', 'posts/old/index.html']);
    expect(readFileSync(join(site.out, 'index.html'), 'utf8')).toBe('previous good build');
    expect(site.siblings).toEqual([]);
  });
});

describe('a build with missing relative images', () => {
  let site: ReturnType<typeof buildOverPrevious>;
  beforeAll(() => {
    site = buildOverPrevious('missing-image');
  });
  const fixture = 'tests/site/fixtures/missing-image';

  test('fails naming each post and the line:column of every missing image, in one run', () => {
    expect(site.ok).toBe(false);
    expect(site.log).toContain(
      `${fixture}/posts/figures.md:7:20: image "./plot.png" not found (no file ${fixture}/posts/plot.png)\n` +
        `${fixture}/posts/figures.md:9:23: image "../img/curve.png" not found (no file ${fixture}/img/curve.png)\n` +
        "A relative image path is read from the post's folder; fix the path or add the file.",
    );
    expect(site.log).toContain(
      `${fixture}/posts/deep/other.md:7:1: image "./figs/loss.png" not found (no file ${fixture}/posts/deep/figs/loss.png)`,
    );
    expect(site.log).not.toContain('dot.svg');
    expect(site.log).not.toContain('ImageNotFound');
  });

  test('leaves the previous output exactly as it was, and no staging folder', () => {
    expect(site.files).toEqual(['index.html', 'posts/old/index.html']);
    expect(site.siblings).toEqual([]);
  });
});

describe('links in imported pages are warnings', () => {
  const broken = (source: string, page: string) => ({
    source,
    page,
    kind: 'link' as const,
    link: '/gone/',
    reason: 'no page or file at /gone/',
  });
  test('a Franklin page (by its file, relative or absolute) or a notebook page (by its URL); not an Adjoint post', () => {
    expect(isImported(broken('content/franklin/blog/a.md:3:4', '/blog/a/'))).toBe(true);
    expect(isImported(broken(`${process.cwd()}/content/franklin/a.md:1:1`, '/a/'))).toBe(true);
    expect(isImported(broken('content/posts/a.md:3:4', '/posts/a/'))).toBe(false);
    // A notebook page has no Markdown source: the page template is named, and its URL tells.
    const notebook = broken('dist/nb.jl/index.html (page template)', '/nb.jl/');
    expect(isImported(notebook)).toBe(false);
    expect(isImported(notebook, new Set(['/nb.jl/']))).toBe(true);
  });
});
