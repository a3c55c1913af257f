// Build-output tests of the site foundation (issue 2): a small good fixture site, asserted
// on its dist/, and one tiny fixture per bad input, each of which must fail the build with
// the offending file named.
import { XMLValidator, XMLParser } from 'fast-xml-parser';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { buildFixture, FIXTURES, OUT, type Built } from './build.ts';
import { MATH_INLINE_OPEN } from '../helpers/math.ts';

describe('a good site', () => {
  let site: Built;
  const post = (path: string) => site.read(`posts/${path}/index.html`);
  /** The KaTeX stylesheet a page carries in its <style data-katex-css>. */
  const katexStyle = (html: string) => html.match(/<style data-katex-css>([\s\S]*?)<\/style>/)?.[1] ?? '';

  beforeAll(() => {
    site = buildFixture('basic');
    if (!site.ok) throw new Error(`fixture build failed:\n${site.log}`);
  });

  test('math becomes KaTeX HTML at build time, with no raw TeX delimiters left', () => {
    const html = post('math-and-code');
    expect(html).toContain('<span class="katex">');
    expect(html).toMatch(/<span class="katex-display scroll-x"/);
    expect(html).toContain('<span class="katex-mathml">'); // accessible MathML alongside
    const text = html.replace(/<annotation[\s\S]*?<\/annotation>/g, '');
    expect(text).not.toContain('$$');
    expect(text).not.toMatch(/\$f\(x\)/);
    expect(html).not.toContain('katex-error');
    // Site-wide macros expanded (\R → ℝ in MathML).
    expect(html).toContain('<mi mathvariant="double-struck">R</mi>');
  });

  test('labelled equations are numbered in order and \\eqref links to them', () => {
    const html = post('math-and-code');
    for (const id of ['eq-square', 'eq-g', 'eq-dg']) expect(html).toContain(`id="${id}"`);
    expect(html).toContain('<a href="#eq-square" class="eqref">(1)</a>');
    expect(html).toContain('<a href="#eq-g" class="eqref">(2)</a>');
    expect(html).toContain('<a href="#eq-dg" class="eqref">(3)</a>');
    // \label{eq:square} is #eq-square: the usual eq: prefix is not doubled.
    expect(html).not.toContain('eq-eq-');
  });

  test('the KaTeX stylesheet is the one for the KaTeX that rendered the markup', () => {
    // KaTeX renames classes between versions (0.16 `base`, 0.19 `katex-base`); a stylesheet
    // from another version leaves scripts and equation numbers misplaced.
    const html = post('math-and-code');
    const css = katexStyle(html);
    const structural = new Set([...html.matchAll(/class="((?:katex-)?(?:base|strut|tag))"/g)].map((m) => m[1]));
    expect(structural.size).toBeGreaterThanOrEqual(3);
    for (const name of structural) expect(css, name).toContain(`.${name}{`);
  });

  test('KaTeX CSS and fonts are self-hosted and loaded only by pages with math', () => {
    // The stylesheet is written into the page (no request before the first paint), once.
    expect(post('math-and-code').match(/<style data-katex-css>/g)).toHaveLength(1);
    expect(post('math-and-code')).not.toContain('katex.min.css');
    for (const html of [post('nested/plain'), site.read('index.html')]) {
      expect(html).not.toContain('data-katex-css');
      expect(html).not.toContain('/katex/');
    }
    expect(site.read('about/index.html')).toContain('<style data-katex-css>');
    expect(site.read('about/index.html')).toContain('<span class="katex">');
    const css = katexStyle(post('math-and-code'));
    expect(css).toContain('url(/katex/fonts/KaTeX_Main-Regular.woff2)');
    expect(css).not.toMatch(/\.ttf|\.woff\)/);
    // Every font KaTeX has is in the build, and every font a page names is one of them.
    const shipped = site.files().filter((f) => f.startsWith('katex/fonts/'));
    expect(shipped.length).toBeGreaterThan(15);
    for (const file of site.files().filter((f) => f.endsWith('.html'))) {
      for (const [, font] of site.read(file).matchAll(/url\(\/(katex\/fonts\/[^)]+)\)/g))
        expect(shipped, `${file}: ${font}`).toContain(font);
    }
    for (const file of site.files().filter((f) => f.endsWith('.html'))) {
      expect(site.read(file), file).not.toMatch(/https?:\/\/(cdn|fonts\.googleapis|unpkg)/);
    }
  });

  test('code is highlighted by Shiki in a light and a dark theme, for every language', () => {
    const html = post('math-and-code');
    for (const lang of ['ts', 'js', 'julia', 'python', 'bash', 'json']) {
      expect(html).toContain(`data-language="${lang}"`);
    }
    expect(html).toMatch(/<pre class="astro-code astro-code-themes github-light github-dark-dimmed scroll-x code-block"/);
    expect(html).toMatch(/<span style="--shiki-light:#[0-9A-Fa-f]{6};--shiki-dark:#[0-9A-Fa-f]{6}">/);
  });

  test('a post page has title, dates, tags, reading time, heading anchors, TOC, footnotes, prev/next', () => {
    const html = post('math-and-code');
    // ([^>]*: components with a scoped <style> mark their elements with data-astro-cid-….)
    expect(html).toMatch(/<h1 class="post__title"[^>]*>Math and code<\/h1>/);
    expect(html).toMatch(/<time datetime="2025-01-02"[^>]*>2 January 2025<\/time>/);
    expect(html).toMatch(/Updated <time datetime="2025-01-03"[^>]*>/);
    expect(html).toContain('href="/tags/alpha/"');
    expect(html).toMatch(/\d+ min read/);
    expect(html).toContain('<h2 id="aligned-rows">Aligned rows</h2><a class="heading-anchor" href="#aligned-rows">');
    expect(html).toContain('<nav class="toc"');
    expect(html).toMatch(/<a href="#notes-and-links"[^>]*>Notes and links<\/a>/);
    expect(html).toContain('data-footnotes');
    expect(html).toContain('The footnote text.');
    expect(html).toMatch(/<a class="prev-next__link prev-next__link--prev" href="\/posts\/nested\/plain\/" rel="prev"[^>]*>/);
    expect(html).toMatch(/<div class="table-scroll"[^>]*><table>/);
    // Fewer than three headings: no table of contents.
    expect(post('nested/plain')).not.toContain('class="toc"');
  });

  test('URLs follow the content path, and drafts are left out of the build everywhere', () => {
    expect(site.files()).toContain('posts/nested/plain/index.html');
    expect(site.files().some((f) => f.includes('secret-draft'))).toBe(false);
    expect(site.files().some((f) => f.includes('drafty'))).toBe(false);
    for (const file of ['index.html', 'rss.xml', 'sitemap-0.xml', 'tags/index.html']) {
      expect(site.read(file), file).not.toContain('Secret draft');
    }
  });

  test('home lists posts newest first with date, description and tags', () => {
    const html = site.read('index.html');
    const first = html.indexOf('Math and code');
    const second = html.indexOf('A plain post');
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    expect(html).toContain('Every Markdown feature in one post.');
    expect(html).toMatch(/<time datetime="2025-01-02"[^>]*>/);
  });

  test('tag index with counts and one page per tag', () => {
    const index = site.read('tags/index.html');
    expect(index).toMatch(/href="\/tags\/beta\/"[^>]*>beta<\/a>\s*<span class="tag-index__count"[^>]*>2 posts<\/span>/);
    expect(index).toMatch(/href="\/tags\/alpha\/"[^>]*>alpha<\/a>\s*<span class="tag-index__count"[^>]*>1 post<\/span>/);
    expect(site.read('tags/beta/index.html')).toContain('A plain post');
    expect(site.read('tags/alpha/index.html')).not.toContain('A plain post');
  });

  test('RSS is well-formed XML with one item per published post and full rendered content', () => {
    const xml = site.read('rss.xml');
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = new XMLParser().parse(xml);
    const items = [feed.rss.channel.item].flat();
    expect(items.map((item: { title: string }) => item.title).sort()).toEqual(['A plain post', 'A post with a widget', 'Math and code']);
    const math = items.find((item: { title: string }) => item.title === 'Math and code');
    expect(math.link).toBe('https://adjoint.example.org/posts/math-and-code/');
    expect(math['dc:creator']).toBe('The Adjoint authors');
    expect(xml).not.toContain('<author>'); // RSS wants an e-mail there
    expect(xml).toContain('<atom:link href="https://adjoint.example.org/rss.xml" rel="self" type="application/rss+xml"/>');
    expect(math['content:encoded']).toContain('<span class="katex">');
    expect(math['content:encoded']).toContain('href="https://adjoint.example.org/posts/math-and-code/#eq-square"');
    expect(math['content:encoded']).toContain('href="https://adjoint.example.org/posts/nested/plain/"');
    expect(math['content:encoded']).not.toMatch(/(href|src)="\/(?!\/)/);
    // A widget (disabled controls, its own <style>) becomes a link to the post, caption kept.
    const widget = items.find((item: { title: string }) => item.title === 'A post with a widget')['content:encoded'];
    expect(widget).toContain(
      '<em>Interactive figure: </em><a href="https://adjoint.example.org/posts/with-widget/">open the post</a> to use it.',
    );
    expect(widget).toContain(`<figcaption class="widget__caption">The derivative of ${MATH_INLINE_OPEN}`);
    expect(widget).not.toMatch(/<(select|input|button|style|script)\b/);
  });

  test('sitemap, robots.txt, about and 404 pages exist', () => {
    const sitemap = site.read('sitemap-0.xml');
    expect(XMLValidator.validate(sitemap)).toBe(true);
    expect(sitemap).toContain('<loc>https://adjoint.example.org/posts/nested/plain/</loc>');
    expect(sitemap).not.toContain('404');
    // <lastmod>: `updated` when there is one, else `date`; none for undated pages.
    expect(sitemap).toContain(
      '<url><loc>https://adjoint.example.org/posts/math-and-code/</loc><lastmod>2025-01-03T00:00:00.000Z</lastmod></url>',
    );
    expect(sitemap).toContain(
      '<url><loc>https://adjoint.example.org/posts/nested/plain/</loc><lastmod>2025-01-01T00:00:00.000Z</lastmod></url>',
    );
    expect(sitemap).toContain('<url><loc>https://adjoint.example.org/about/</loc></url>');
    expect(site.read('sitemap-index.xml')).toContain('sitemap-0.xml');
    expect(site.read('robots.txt')).toContain('Sitemap: https://adjoint.example.org/sitemap-index.xml');
    expect(site.read('about/index.html')).toContain('About the fixture');
    expect(site.read('404.html')).toContain('Page not found');
  });

  test('canonical URL and Open Graph tags', () => {
    const html = post('math-and-code');
    expect(html).toContain('<link rel="canonical" href="https://adjoint.example.org/posts/math-and-code/">');
    expect(html).toContain('<meta property="og:type" content="article">');
    expect(html).toContain('<meta property="og:title" content="Math and code">');
    expect(html).toContain('<meta property="og:url" content="https://adjoint.example.org/posts/math-and-code/">');
    expect(html).toContain('<meta property="article:published_time" content="2025-01-02T00:00:00.000Z">');
  });

  test('a default share image: absolute og:image and a large Twitter card, a 1200 × 630 PNG', () => {
    for (const file of ['index.html', 'posts/math-and-code/index.html', 'tags/index.html', 'about/index.html']) {
      const html = site.read(file);
      expect(html, file).toContain('<meta property="og:image" content="https://adjoint.example.org/og-default.png">');
      expect(html, file).toContain('<meta property="og:image:width" content="1200"><meta property="og:image:height" content="630">');
      expect(html, file).toMatch(/<meta property="og:image:alt" content="[^"]{20,}">/);
      expect(html, file).toContain('<meta name="twitter:card" content="summary_large_image">');
      expect(html, file).toContain('<meta name="twitter:image" content="https://adjoint.example.org/og-default.png">');
    }
    const png = readFileSync(join(site.out, 'og-default.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]); // IHDR width, height
    expect(png.length).toBeLessThan(300_000);
  });

  test('theme-color metas (one per theme) come before the theme script that switches them', () => {
    const html = site.read('index.html');
    const light = html.indexOf('<meta name="theme-color" data-theme-for="light" media="(prefers-color-scheme: light)" content="#fdfcfa">');
    const dark = html.indexOf('<meta name="theme-color" data-theme-for="dark" media="(prefers-color-scheme: dark)" content="#15171c">');
    expect(light).toBeGreaterThan(0);
    expect(dark).toBeGreaterThan(0);
    expect(html.indexOf('<script')).toBeGreaterThan(Math.max(light, dark));
    // The colours are the page backgrounds of the design tokens.
    expect(readFileSync('src/styles/tokens.css', 'utf8')).toContain('--bg: light-dark(#fdfcfa, #15171c);');
  });

  test('every page has one <main>, one <h1>, a skip link, and no duplicate ids', () => {
    for (const file of site.files().filter((f) => f.endsWith('.html'))) {
      const html = site.read(file);
      expect(html.match(/<main\b/g)?.length, file).toBe(1);
      expect(html.match(/<h1\b/g)?.length, file).toBe(1);
      expect(html, file).toMatch(/<a class="skip-link" href="#main"[^>]*>/);
      const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
      expect(
        ids.filter((id, i) => ids.indexOf(id) !== i),
        file,
      ).toEqual([]);
    }
  });

  const pagesWithoutWidgets = () => site.files().filter((f) => f.endsWith('.html') && f !== 'posts/with-widget/index.html');

  test("pages without widgets ship one <script src>, the search button's (< 1.5 KB), and inline scripts: the theme (< 1 KB), the body face's switch (< 640 B), copy/wrap (< 3 KB) only on pages with code, hover cards (< 4 KB) only on pages with references, the contents' marker (< 1 KB) only on pages with contents", () => {
    let withCards = 0;
    let withContents = 0;
    for (const file of pagesWithoutWidgets()) {
      // (The site's CSS is in the page too and names classes like .code-block: leave it out.)
      let html = site.read(file).replace(/<style[^>]*>[\s\S]*?<\/style>/g, '');
      // Search's dialog and Pagefind load only when it is opened (tests/e2e/search.test.ts).
      const sources = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]!);
      expect(sources, file).toEqual([expect.stringMatching(/^\/_astro\/Search\.astro_astro_type_script_index_0_lang\.[\w-]+\.js$/)]);
      expect(site.read(sources[0]!.slice(1)).length, file).toBeLessThan(1536);
      html = html.replace(/<script type="module" src="[^"]+"><\/script>/, '');
      const inline = [...html.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
      const [theme, fonts, ...rest] = inline;
      expect(Buffer.byteLength(theme!), file).toBeLessThan(1024);
      expect(theme).toContain('localStorage');
      // src/components/WebFonts.astro
      expect(Buffer.byteLength(fonts!), file).toBeLessThan(640);
      expect(fonts).toContain('web-fonts');
      const references = /class="(eqref|citation__link|figref)"|data-footnote-ref/.test(html);
      const code = html.includes('code-block');
      const contents = html.includes('class="toc"');
      expect(rest.length, file).toBe(Number(references) + Number(code) + Number(contents));
      // src/components/toc-spy.ts, on a page with a table of contents and on no other.
      expect(rest.filter((script) => script.includes('aria-current')).length, file).toBe(Number(contents));
      if (contents) withContents += 1;
      // src/components/code-tools.ts, on a page with code blocks and on no other.
      expect(rest.filter((script) => script.includes('code-tools')).length, file).toBe(Number(code));
      // src/scripts/previews.ts, on a page with references and on no other.
      expect(rest.filter((script) => script.includes('preview-card')).length, file).toBe(Number(references));
      if (references) withCards += 1;
      for (const script of rest) {
        const limit = script.includes('code-tools') ? 3072 : script.includes('aria-current') ? 1024 : 4096;
        expect(Buffer.byteLength(script), file).toBeLessThan(limit);
      }
    }
    expect(withCards, 'the fixture has a post with equation references').toBeGreaterThan(0);
    expect(withContents, 'the fixture has a post with a table of contents').toBeGreaterThan(0);
    // (Widget chunks may exist in _astro/, but no page without widgets references them.)
  });

  /** A page's CSS: its <style> elements and the stylesheets it links, from the output folder. */
  const cssOf = (html: string) =>
    [
      ...[...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]),
      ...[...html.matchAll(/<link rel="stylesheet" href="\/([^"?]+)/g)].map((m) => site.read(m[1]!)),
    ].join('\n');

  test('widget CSS is written only into pages that use a widget, in <head>', () => {
    for (const file of pagesWithoutWidgets()) {
      const html = site.read(file);
      // Post lists (home, tags, 404) show a widget's static first frame on its post's card
      // (PostList.astro), styled by that widget's own stylesheet only, in one marked <style>.
      const thumbnails = [...html.matchAll(/<style data-thumbnail-css>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
      const listsPost = html.includes('href="/posts/with-widget/"') && html.includes('class="post-card"');
      expect(thumbnails.length, file).toBe(listsPost ? 1 : 0);
      if (listsPost) expect(thumbnails[0], file).toContain('.grad-check__plot');
      const css = cssOf(html.replace(/<style data-thumbnail-css>[\s\S]*?<\/style>/g, ''));
      // (widget-hooks.css keeps only the layout hooks .widget--wide/--aside; widgets.css is the rest)
      expect(`${css}${thumbnails.join('')}`, file).not.toContain('.widget__caption');
      expect(css, file).not.toContain('.grad-check');
    }
    const html = post('with-widget');
    const head = html.slice(0, html.indexOf('</head>'));
    expect(head).toMatch(/<style data-widget-css>\.widget\{/);
    expect(cssOf(head)).toContain('.widget__caption');
    expect(cssOf(head)).toContain('.grad-check__controls');
    expect(html.match(/data-widget-css/g)?.length).toBe(1);
    expect(html).toMatch(/<script type="module" src="\/_astro\/[^"]+\.js"><\/script>/);
  });
  test('every page sees the cascade layers in the order global.css declares, whatever CSS it adds', () => {
    // A layer's rank is where its name first appears in the page's CSS, in document order
    // (the minifier may fold the `@layer a, b;` statement into the first blocks, which keeps
    // the order). A component <style> bundled ahead of global.css would put `components`
    // first, under everything else.
    const declared = readFileSync('src/styles/global.css', 'utf8')
      .match(/^@layer ([\w\s,]+);/m)?.[1]
      ?.split(/,\s*/);
    expect(declared).toEqual(['tokens', 'base', 'components', 'utilities', 'print']);
    const pages = site.files().filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(5);
    for (const file of pages) {
      const seen: string[] = [];
      // The page's CSS in document order: <style> elements and linked stylesheets as they come.
      const css = [...site.read(file).matchAll(/<style[^>]*>([\s\S]*?)<\/style>|<link rel="stylesheet" href="\/([^"?]+)/g)]
        .map((m) => m[1] ?? site.read(m[2]!))
        .join('\n');
      for (const [, names] of css.matchAll(/@layer\s*([\w\s,.-]+?)\s*[{;]/g)) {
        for (const name of names!.split(/\s*,\s*/)) if (!seen.includes(name)) seen.push(name);
      }
      expect(seen, file).toEqual(declared);
    }
  });
});

describe('bad input fails the build and names the file', () => {
  test('unparsable math: file:line and KaTeX’s message', () => {
    const site = buildFixture('bad-math');
    expect(site.ok).toBe(false);
    expect(site.log).toMatch(/tests\/site\/fixtures\/bad-math\/posts\/broken-math\.md:9:1: KaTeX parse error: Unexpected end of input/);
    // Once: no raw error object dump, no second copy from Astro's loader.
    expect(site.log.match(/KaTeX parse error/g)).toHaveLength(1);
  });

  test('missing title', () => {
    const site = buildFixture('missing-title');
    expect(site.ok).toBe(false);
    expect(site.log).toContain('Invalid frontmatter in tests/site/fixtures/missing-title/posts/untitled.md');
    expect(site.log).toMatch(/\*\*title\*\*: title is required/);
  });

  test('bad date', () => {
    const site = buildFixture('bad-date');
    expect(site.ok).toBe(false);
    expect(site.log).toContain('Invalid frontmatter in tests/site/fixtures/bad-date/posts/when.md');
    expect(site.log).toContain(
      '**date**: date must be a real calendar date written YYYY-MM-DD (e.g. 2025-03-14), optionally with a time: 2025-03-14T09:30, 2025-03-14T09:30:00+01:00; a time without an offset is in the site\'s time zone (UTC); got "someday soon" (not a date in that form).',
    );
  });

  test('unknown frontmatter key', () => {
    const site = buildFixture('unknown-key');
    expect(site.ok).toBe(false);
    expect(site.log).toContain('Invalid frontmatter in tests/site/fixtures/unknown-key/posts/extra.md');
    expect(site.log).toContain(
      '**autor**: Unrecognized key "autor": not a frontmatter field (misspelt?). Allowed fields: title, date, updated, description, tags, draft, bibliography.',
    );
  });
});

/** A TCP port nobody listens on (Astro's `--port 0` prints a port it does not serve). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function withoutTestEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !/^(VITEST|NODE_ENV$|TEST$)/.test(key)));
}

describe('npm run dev with a frontmatter error at startup', () => {
  test('keeps serving, logs file + field, and the post page shows the error', async () => {
    // Astro stops the dev server when the content sync fails at startup; our loader keeps
    // the entry (stand-in title) and lets its page throw into the error overlay instead.
    const port = await freePort();
    const dev = spawn(process.execPath, ['node_modules/astro/bin/astro.mjs', 'dev', '--port', String(port), '--force'], {
      // Without the test runner's variables (VITEST, NODE_ENV=test change how Astro serves).
      env: {
        ...withoutTestEnv(process.env),
        ADJOINT_CONTENT_DIR: `${FIXTURES}/bad-date`,
        ADJOINT_CACHE_DIR: `${OUT}/dev-bad-date.cache`,
        NO_COLOR: '1',
        FORCE_COLOR: '0',
      },
    });
    let log = '';
    dev.stdout.on('data', (chunk) => (log += chunk));
    dev.stderr.on('data', (chunk) => (log += chunk));
    try {
      const deadline = Date.now() + 60_000;
      while (!/Local\s+(http:\/\/\S+)/.test(log) && dev.exitCode === null && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const url = /Local\s+(http:\/\/\S+)/.exec(log)?.[1];
      expect(url, log).toBeDefined();
      expect(log).toContain('Invalid frontmatter in tests/site/fixtures/bad-date/posts/when.md');
      expect(log).toContain('**date**: date must be a real calendar date written YYYY-MM-DD');
      // Right after "ready" the router may still answer 404 for a moment.
      let home = await fetch(url!);
      while (home.status === 404 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        home = await fetch(url!);
      }
      expect(home.status, `${url}\n${log}`).toBe(200);
      expect(await home.text()).toContain('Invalid frontmatter: tests/site/fixtures/bad-date/posts/when.md');
      const post = await fetch(new URL('posts/when/', url).href);
      expect(post.status).toBe(500);
      expect(dev.exitCode).toBeNull();
    } finally {
      dev.kill();
    }
  });
});
