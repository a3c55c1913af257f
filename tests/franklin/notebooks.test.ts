// How a build reports broken notebooks (src/franklin/notebooks.build.ts), on folders made in a
// temporary directory; which files are notebooks is tests/franklin/notebook-sources.test.ts.
import { describe, expect, it } from 'vitest';
import { redirectPage, renderNotebooks } from '../../src/franklin/notebooks.build.ts';
import { badSites, SOURCE_ONLY, UNSHOWABLE } from '../fixtures/pluto-site/notebooks.ts';
import { tempFolder as site } from './temp-folder.ts';
import { exportNotebook } from './pluto-export.ts';

describe('building the notebooks of a Franklin folder', () => {
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
