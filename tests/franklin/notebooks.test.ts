// Which files of a Franklin folder are notebooks and where they are published, and how a build
// reports broken ones (src/franklin/notebooks.build.ts), on folders made in a temporary directory.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { notebookSources, redirectPage, renderNotebooks } from '../../src/franklin/notebooks.build.ts';
import { badSites, SOURCE_ONLY, UNSHOWABLE } from '../fixtures/pluto-site/notebooks.ts';
import { exportNotebook, plutoNotebookFile } from './pluto-export.ts';

function site(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'adjoint-notebooks-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('finding the notebooks of a Franklin folder', () => {
  it('exports and Pluto .jl files are notebook pages at their Franklin URLs; other files are not', () => {
    const { html } = exportNotebook(SOURCE_ONLY);
    const dir = site({
      'franklin/a/b/nb.jl.html': html,
      'franklin/a/b/nb.jl': plutoNotebookFile(SOURCE_ONLY), // the export's own source, beside it
      'franklin/solo.jl': plutoNotebookFile(SOURCE_ONLY),
      'franklin/utils.jl': 'hfun_bar(vname) = "bar"\n', // Julia, but not a notebook
      'franklin/script.jl': 'println("not a notebook")\n',
      'franklin/page.html': '<p>an HTML page</p>',
      'franklin/__site/old.jl.html': html, // Franklin's own output: skipped
      'posts/p.md': '---\ntitle: p\n---\n',
    });
    const found = notebookSources(dir).map(({ file, ...rest }) => ({ ...rest, file: file.slice(dir.length) }));
    expect(found).toEqual([
      {
        source: 'a/b/nb.jl.html',
        file: '/franklin/a/b/nb.jl.html',
        kind: 'export',
        url: '/a/b/nb.jl/',
        redirects: ['/a/b/nb.jl.html'],
        companion: 'a/b/nb.jl',
      },
      { source: 'solo.jl', file: '/franklin/solo.jl', kind: 'jl', url: '/solo.jl/', redirects: [] },
    ]);
    expect(notebookSources(site({ 'posts/p.md': '' }))).toEqual([]);
  });

  it('every broken notebook is named in one error; a good notebook’s problems are warnings, or one error under strict', async () => {
    const good = exportNotebook(SOURCE_ONLY).html;
    const corrupt = Object.fromEntries(Object.entries(badSites(good).corrupt).map(([k, v]) => [k, v]));
    await expect(renderNotebooks(site(corrupt), false)).rejects.toThrow(
      /^2 Pluto notebook\(s\) cannot be read; fix or remove them:\n {2}\S+a\/broken-base64\.jl\.html: pluto_statefile: corrupt base64 \(unexpected `!` at character 1\)\n {2}\S+b\/broken-msgpack\.jl\.html: pluto_statefile: corrupt MessagePack/,
    );
    const unshowable = site({ 'franklin/half.jl.html': exportNotebook(UNSHOWABLE).html });
    await expect(renderNotebooks(unshowable, true)).rejects.toThrow(/^2 notebook warning\(s\), errors because strict is on/);
    const pages = await renderNotebooks(unshowable, false);
    expect(pages.map((p) => [p.route.url, p.title, p.problems.length])).toEqual([['/half.jl/', 'Half understood', 2]]);
  });

  it('a frontmatter date is read in the site time zone; a bad one is a problem, not a wrong date', async () => {
    const dated = (date: string) => exportNotebook({ ...SOURCE_ONLY, frontmatter: { title: 'Dated', date } }).html;
    const pages = await renderNotebooks(
      site({ 'franklin/ok.jl.html': dated('2024-02-29'), 'franklin/bad.jl.html': dated('2023-02-29') }),
      false,
    );
    const byUrl = Object.fromEntries(pages.map((p) => [p.route.url, p]));
    expect(byUrl['/ok.jl/']!.published?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(byUrl['/bad.jl/']!.published).toBeUndefined();
    expect(byUrl['/bad.jl/']!.problems).toEqual([
      expect.stringMatching(/bad\.jl\.html: frontmatter date "2023-02-29" is not a date \(February 2023 has 28 days\)/),
    ]);
  });
});

describe('the redirect page for an old .jl.html URL', () => {
  it('refreshes to the page at once, names it canonical, stays out of search engines, and links it', () => {
    const html = redirectPage('/a/nb.jl.html', '/a/nb.jl/', 'Descent <on> a parabola');
    expect(html).toContain('<meta http-equiv="refresh" content="0;url=/a/nb.jl/">');
    expect(html).toContain('<link rel="canonical" href="https://adjoint.example.org/a/nb.jl/">');
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).toContain('<title>Descent &lt;on&gt; a parabola · moved</title>');
    expect(html).toContain('<p>/a/nb.jl.html has moved to <a href="/a/nb.jl/">/a/nb.jl/</a>.</p>');
  });
});
