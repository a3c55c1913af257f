// A Franklin.jl site folder copied into content/franklin/ builds with the rest of the site: its
// pages at their Franklin URLs, its files byte for byte, its macros, tags, feed and lists, and every
// problem reported at file:line:column. Fixtures: tests/fixtures/franklin-site (every construct),
// tests/fixtures/franklin-bad (broken markup).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Built, buildFixture } from './build.ts';

const SITE = 'tests/fixtures/franklin-site';
let built: Built;

/** The visible text of a page's content: no code, no math source, no marked (unsupported) spans, no comments. */
function proseOf(html: string): string {
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  return main
    .replace(/<pre[\s\S]*?<\/pre>/g, '')
    .replace(/<code[\s\S]*?<\/code>/g, '')
    .replace(/<annotation[\s\S]*?<\/annotation>/g, '')
    .replace(/<span class="franklin-unsupported"[^>]*>[\s\S]*?<\/span>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '');
}

const PAGES = [
  'blog/2021/first-steps/index.html',
  'blog/2022/second-order/index.html',
  'notes/derivation/index.html',
  'franklin/about/index.html',
];

beforeAll(() => {
  built = buildFixture('../../fixtures/franklin-site', { as: 'franklin-site' });
}, 120_000);

describe('a Franklin site in content/franklin/', () => {
  it('builds, with each page at its Franklin URL and Franklin machinery left out', () => {
    expect(built.ok, built.log).toBe(true);
    const files = built.files();
    for (const page of PAGES) expect(files).toContain(page);
    expect(files).toContain('index.html');
    for (const leftOut of ['_layout', '_css', 'drafts', 'config', 'utils', '__site']) {
      expect(
        files.filter((f) => f.includes(leftOut)),
        leftOut,
      ).toEqual([]);
    }
  });

  it('copies files byte for byte: _assets/ at /assets/, others at their own path', () => {
    for (const [out, source] of [
      ['assets/plot.png', 'franklin/_assets/plot.png'],
      ['assets/scripts/hello.jl', 'franklin/_assets/scripts/hello.jl'],
      ['notes/derivation.pdf', 'franklin/notes/derivation.pdf'],
      ['extras/handmade/index.html', 'franklin/extras/handmade.html'],
    ]) {
      expect(readFileSync(join(built.out, out)).equals(readFileSync(join(SITE, source))), out).toBe(true);
    }
  });

  it('gives each page one <h1>: its own # Title, or its title', () => {
    const first = built.read('blog/2021/first-steps/index.html');
    expect(first.match(/<h1/g)).toHaveLength(1);
    expect(first).toContain('<title>First steps with the chain rule');
    const second = built.read('blog/2022/second-order/index.html');
    expect(second.match(/<h1[^>]*>([^<]*)</)?.[1]).toBe('Second order, briefly');
    expect(built.read('notes/derivation/index.html').match(/<h1[^>]*>([^<]*)</)?.[1]).toBe('A page without a date');
  });

  it("puts Adjoint's own URLs first: Franklin's about.md moves to /franklin/about/, index.md becomes the home introduction", () => {
    expect(built.read('about/index.html')).toContain('About this fixture');
    expect(built.read('franklin/about/index.html')).toContain('Written by Ada Example');
    expect(built.log).toContain('franklin/about.md: /about/ belongs to Adjoint');
    const home = built.read('index.html');
    expect(home.match(/<h1[^>]*>([^<]*)</)?.[1]).toBe('Welcome to the gradient notebook');
    expect(home).toContain('These pages collect small derivations');
  });

  it("types site and page macros with KaTeX: config.md \\newcommand, and a page redefining one of Adjoint's", () => {
    const first = built.read('blog/2021/first-steps/index.html');
    expect(first).toContain('<span class="mord mathbb">R</span>'); // \R from config.md
    expect(first).toContain('⟨'); // \scal{…}
    expect(first).not.toContain('katex-error');
    // second-order.md: \norm{x} is ‖x‖₂ there, so a subscript 2 follows each ∥.
    expect(built.read('blog/2022/second-order/index.html')).toMatch(/∥<\/mo><mn>2<\/mn><\/msub>/);
  });

  it('numbers labelled equations and links \\eqref in prose, as in Adjoint posts', () => {
    const first = built.read('blog/2021/first-steps/index.html');
    expect(first).toContain('id="eq-directional"');
    expect(first).toContain('<a href="#eq-directional" class="eqref">(1)</a>');
    expect(first).toContain('<a href="#eq-chain" class="eqref">(2)</a>');
  });

  it('renders div blocks, raw HTML (comments stay comments), citations, footnotes, loops and conditionals', () => {
    const first = built.read('blog/2021/first-steps/index.html');
    expect(first).toContain('<div class="note wide">');
    expect(first).toContain('<div class="inner">');
    expect(first).toContain('<div class="remark">');
    expect(first).toContain('<!-- a comment the reader must not see -->');
    expect(first).toContain('<p class="raw-html">Raw HTML passes through.</p>');
    expect(first).toContain('<span class="bibref"><a href="#griewank">Griewank and Walther (2008)</a></span>');
    expect(first).toContain('<a id="griewank" class="anchor"></a>');
    expect(first).toContain('data-footnote-ref');
    // (The list's height estimate for content-visibility, rehype-block-estimates.ts, may come with it.)
    expect(first).toMatch(/<ul(?: style="--chars:\d+;--items:\d+")?>\s*<li>Ada \(notes\)<\/li>\s*<li>Alan \(review\)<\/li>\s*<\/ul>/);
    expect(first).toContain('This sentence shows because');
    expect(first).not.toContain('Hidden.');
  });

  it('fills {{toc}} (mintoclevel 2 to maxtoclevel 3), {{page_tags}}, {{blogposts}} and {{taglist}}', () => {
    const first = built.read('blog/2021/first-steps/index.html');
    const toc = /<nav class="franklin-toc"[\s\S]*?<\/nav>/.exec(first)?.[0] ?? '';
    expect(toc).toContain('<a href="#the-rule">The rule</a><ol><li><a href="#a-remark">A remark</a>');
    expect(toc).not.toContain('footnote-label');
    expect(first).not.toContain('<nav class="toc"'); // one table of contents, not two
    expect(first).toContain('<span class="franklin-tags"><a class="tag-pill" href="/tags/autodiff/">autodiff</a>');
    const home = built.read('index.html');
    expect(home).toMatch(/<ul class="franklin-posts"><li><a href="\/blog\/2022\/second-order\/">Second order, briefly<\/a>.*first-steps/);
    expect(home).toContain('<a class="tag-pill" href="/tags/hessians/">hessians</a>');
  });

  it('shows Julia code highlighted, the output Franklin saved, and a marked note where none was saved', () => {
    const first = built.read('blog/2021/first-steps/index.html');
    expect(first).toContain('data-language="julia"');
    expect(first).toContain('<pre class="franklin-output"><code>5.0</code></pre>');
    expect(first).toContain('<strong>Output not computed:</strong> <code>\\show{ex2}</code>');
    expect(first).toContain('greet'); // \input{julia}{…}
  });

  it('lists dated Franklin pages with the posts: home, tags (and Franklin tag URLs redirect), RSS, sitemap', () => {
    const home = built.read('index.html');
    const listing = home.slice(home.indexOf('class="post-list"'));
    expect(listing.indexOf('/blog/2022/second-order/')).toBeLessThan(listing.indexOf('/posts/adjoint-native/'));
    expect(listing.indexOf('/posts/adjoint-native/')).toBeLessThan(listing.indexOf('/blog/2021/first-steps/'));
    expect(listing).not.toContain('/notes/derivation/'); // no date: a page, not a post
    expect(built.read('tags/chain-rule/index.html')).toContain('href="/blog/2021/first-steps/"');
    expect(built.read('tag/chain_rule/index.html')).toContain('url=/tags/chain-rule/');
    expect(built.read('rss.xml')).toContain('<link>https://adjoint.example.org/blog/2021/first-steps/</link>');
    expect(built.read('sitemap-0.xml')).toContain('/blog/2022/second-order/');
  });

  it("serves Franklin's feed at /feed.xml with config.md's channel and full content", () => {
    const feed = built.read('feed.xml');
    expect(feed).toContain('<title>Gradient notebook</title>');
    expect(feed).toContain('<description>Short notes on derivatives, first written for Franklin.</description>');
    expect(feed).toContain('<link>https://grad.example.org/</link>');
    expect(feed).toContain('<dc:creator>Ada Example</dc:creator>');
    expect(feed).toContain('<content:encoded>');
    expect(feed).toContain('Why the chain rule is all reverse mode needs.');
  });

  it('never ships unmarked Franklin markup', () => {
    for (const page of [...PAGES, 'index.html']) {
      const prose = proseOf(built.read(page));
      for (const literal of ['@def', '+++', '{{', '}}', '@@', '~~~', '&lt;!--'])
        expect(prose, `${page}: ${literal}`).not.toContain(literal);
    }
  });

  it('warns at file:line:column about what it cannot render, shows it marked, and warns about dead links', () => {
    const file = `${SITE}/franklin/blog/2022/second-order.md`;
    expect(built.log).toContain(`${file}:12:23: {{bar}} calls hfun_bar of utils.jl`);
    expect(built.log).toContain(`${SITE}/franklin/blog/2021/first-steps.md:59:1: image /assets/plot.png has no alt text`);
    expect(built.log).toContain(`${file}:12:52: \\baz calls lx_baz of utils.jl`);
    expect(built.log).toMatch(
      new RegExp(`${file}:14:\\d+: link "/lost-page/" on /blog/2022/second-order/: no page or file at /lost-page/`),
    );
    const second = built.read('blog/2022/second-order/index.html');
    expect(second).toContain('<span class="franklin-unsupported" title="{{bar}} not rendered">{{bar 16}}</span>');
    expect(second).toContain('<span class="franklin-unsupported" title="\\baz not rendered">\\baz{this}</span>');
  });
});

describe('strict and broken Franklin sites', () => {
  it('under strict, fails and lists every warning of every page in one run', () => {
    const strict = buildFixture('../../fixtures/franklin-site', { as: 'franklin-site-strict', env: { ADJOINT_STRICT: '1' } });
    expect(strict.ok).toBe(false);
    expect(strict.log).toContain('errors because strict is on');
    expect(strict.log).toContain('second-order.md:12:23: {{bar}}');
    expect(strict.log).toContain('second-order.md:12:52: \\baz');
    expect(strict.log).toContain('first-steps.md');
  }, 120_000);

  it('fails on broken markup whatever strict says, each problem located, and writes no output', () => {
    const bad = buildFixture('../../fixtures/franklin-bad', { as: 'franklin-bad' });
    expect(bad.ok).toBe(false);
    const dir = 'tests/fixtures/franklin-bad/franklin';
    for (const line of [
      `${dir}/also-broken.md:3:1: {{if}} is not closed by {{end}}`,
      `${dir}/broken.md:3:8: tags: unclosed \`[\``,
      `${dir}/broken.md:6:29: \\pair expects 2 arguments in braces, found 1`,
      `${dir}/broken.md:8:1: {{fill nowhere}}: nowhere is not defined`,
      `${dir}/broken.md:10:1: \`@@\` div block is not closed`,
      `${dir}/broken.md:13:1: \`~~~\` raw HTML block is not closed`,
      `${dir}/math.md:3:6: KaTeX parse error`, // the pipeline's own errors, at the line of the source file
    ]) {
      expect(bad.log).toContain(line);
    }
    expect(() => bad.files()).toThrow(); // no output folder at all: nothing half-rendered ships
  }, 120_000);
});
