import { describe, expect, it } from 'vitest';
import {
  finishHtml,
  franklinAnchor,
  isAdjointUrl,
  isBroken,
  listFiles,
  readFranklinSite,
  utilsNames,
} from '../../src/franklin/site.build.ts';
import { tempFolder } from './temp-folder.ts';

const DIR = 'tests/fixtures/franklin-site/franklin';

describe('reading a Franklin site folder', () => {
  const site = readFranklinSite(DIR, {});

  it("lists pages and files, skipping Franklin's layout, output, ignored folders and settings", () => {
    expect(site.pages.map((p) => p.path).sort()).toEqual([
      'about.md',
      'blog/2021/first-steps.md',
      'blog/2022/second-order.md',
      'index.md',
      'notes/derivation.md',
    ]);
    expect(site.files.map((f) => f.url).sort()).toEqual([
      '/assets/plot.png',
      '/assets/scripts/hello.jl',
      '/extras/handmade/index.html', // an HTML page, published as it is at the URL Franklin gave it
      '/notes/derivation.pdf',
    ]);
    expect(listFiles(DIR).some((f) => f.startsWith('__site/'))).toBe(false);
    expect(listFiles('tests/fixtures/no-such-folder')).toEqual([]);
  });

  it("moves a page off a URL Adjoint owns, and says so; index.md is the home page's introduction", () => {
    const about = site.pages.find((p) => p.path === 'about.md')!;
    expect(about.href).toBe('/franklin/about/');
    expect(site.notes).toEqual([`${DIR}/about.md: /about/ belongs to Adjoint's own site, so this page is published at /franklin/about/`]);
    expect(site.pages.find((p) => p.path === 'index.md')!.isIndex).toBe(true);
    // Franklin's 404.md (its /404.html) moves to a page URL, not a folder named 404.html.
    const withMissing = readFranklinSite(tempFolder({ '404.md': '+++\ntitle = "404"\n+++\n\nNot here.\n' }), {});
    expect(withMissing.pages.map((p) => p.href)).toEqual(['/franklin/404/']);
    expect(isAdjointUrl('/tags/x/')).toBe(true);
    expect(isAdjointUrl('/blog/x/')).toBe(false);
  });

  it('fills post and tag lists once every page is read, and reports what it cannot render as warnings', () => {
    const index = site.pages.find((p) => p.isIndex)!;
    const posts = index.raw.find((r) => r.includes('franklin-posts'))!;
    expect(posts.indexOf('/blog/2022/second-order/')).toBeLessThan(posts.indexOf('/blog/2021/first-steps/'));
    expect(posts).not.toContain('/notes/derivation/');
    expect(index.raw.join('')).toContain('href="/tags/hessians/"');
    expect(site.errors).toEqual([]);
    expect(site.warnings).toEqual([
      `${DIR}/blog/2022/second-order.md:12:23: {{bar}} calls hfun_bar of utils.jl, which Adjoint cannot run (it runs no Julia): write its output into the page, or remove it`,
      `${DIR}/blog/2022/second-order.md:12:52: \\baz calls lx_baz of utils.jl, which Adjoint cannot run (it runs no Julia): write its output into the page, or remove it`,
    ]);
  });

  it('warns when an HTML page holds Franklin markup it will not run', () => {
    const files = readFranklinSite('tests/fixtures/franklin-html', {});
    expect(files.warnings).toEqual([
      'tests/fixtures/franklin-html/old.html:3:1: an HTML page is published as it is: its Franklin markup is not run (make it a .md page)',
    ]);
  });

  it('tells broken markup (an error) from markup Adjoint does not know (a warning)', () => {
    expect(isBroken('`@@` div block is not closed: add `@@` where it ends')).toBe(true);
    expect(isBroken('{{fill x}}: x is not defined')).toBe(true);
    expect(isBroken('\\pair expects 2 arguments in braces, found 1')).toBe(true);
    expect(isBroken('{{for x in v}}: v is not defined')).toBe(false);
    expect(isBroken('unknown command \\foo: define it with \\newcommand in config.md or the page')).toBe(false);
  });

  it('reads the names utils.jl defines', () => {
    expect([...utilsNames('function hfun_a(x)\nend\n@delay function hfun_b()\nlx_c(com, _) = 1\nfunction helper()\n')]).toEqual([
      'hfun_a',
      'hfun_b',
      'lx_c',
    ]);
  });
});

describe('finishing a rendered page', () => {
  it('builds {{toc}} from the headings between mintoclevel and maxtoclevel, nested, without the notes heading', () => {
    const html =
      '\uE000franklin:toc\uE001<h1 id="t">T</h1><h2 id="a">A <a class="heading-anchor" href="#a">#</a></h2><h3 id="b">B</h3><h4 id="c">C</h4><h2 id="d">D</h2><h2 id="footnote-label">Notes</h2>';
    const out = finishHtml(html, [], { min: 2, max: 3 });
    expect(out.slice(0, out.indexOf('<h1'))).toBe(
      '<nav class="franklin-toc" aria-label="Contents"><ol><li><a href="#a">A</a><ol><li><a href="#b">B</a></li></ol></li><li><a href="#d">D</a></li></ol></nav>',
    );
  });

  it("gives each heading Franklin's anchor too, so old links to #names_with_underscores land", () => {
    const html =
      '<h2 id="customising-tag-pages">Customising tag pages <a class="heading-anchor" href="#customising-tag-pages">#</a></h2>' +
      '<h2 id="setup">Setup</h2><h3 id="setup-1">Setup</h3><h2 id="x-in-r">$x$ in <code>R</code>!</h2>';
    const out = finishHtml(html, [], { min: 1, max: 6 });
    expect(out).toContain(
      '<h2 id="customising-tag-pages"><span id="customising_tag_pages" class="franklin-anchor"></span>Customising tag pages',
    );
    // The first "Setup" already answers to #setup; Franklin numbers the second one.
    expect(out).toContain('<h2 id="setup">Setup</h2>');
    expect(out).toContain('<h3 id="setup-1"><span id="setup__2" class="franklin-anchor"></span>Setup</h3>');
    expect(finishHtml('<h2 id="a-b">A b</h2><h2 id="a-b-1">A b</h2>', [], { min: 1, max: 6 })).toContain(
      '<h2 id="a-b-1"><span id="a_b__2" class="franklin-anchor"></span><span id="a-b__2" class="franklin-anchor"></span>A b</h2>',
    );
    expect(out).toContain('<span id="x_in_r" class="franklin-anchor">');
    expect(franklinAnchor('  Dots, commas & ümlauts  ')).toBe('dots_commas_mlauts');
  });

  it('puts raw HTML back and leaves a page without {{toc}} alone', () => {
    expect(finishHtml('<p><span data-franklin-raw="0"></span></p>', ['<b>x</b>'], { min: 1, max: 6 })).toBe('<p><b>x</b></p>');
  });
});
