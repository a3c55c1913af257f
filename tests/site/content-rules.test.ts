// Issue 8: content the build accepts is exactly what ships. Each rule is pinned on the built
// site: either the exact HTML the input becomes, or the exact message that stops the build.
// Fixtures: content-checks (builds, with warnings), bad-frontmatter, dup-urls, untrusted-math.
import { beforeAll, describe, expect, test } from 'vitest';
import { buildFixture, type Built } from './build.ts';
import { MATH_INLINE_OPEN, texAnnotation } from '../helpers/math.ts';

/** Each line of the message, once: the build prints every problem exactly once. */
function expectOnce(log: string, text: string) {
  expect(log.split(text).length - 1, `${text}\n--- in ---\n${log}`).toBe(1);
}

describe('a site whose content builds, with warnings (content-checks)', () => {
  let site: Built;
  let tokyo: Built;
  // Without the height estimates paragraphs carry (rehype-block-estimates, tested on its own):
  // these tests are about what the text becomes.
  const withoutEstimates = (html: string) => html.replace(/ style="--chars:\d+(?:;--items:\d+)?"/g, '');
  const post = (path: string) => withoutEstimates(site.read(`posts/${path}/index.html`));

  beforeAll(() => {
    // The same content in two build-machine time zones: the output must not depend on TZ.
    site = buildFixture('content-checks', { env: { TZ: 'America/Los_Angeles' } });
    if (!site.ok) throw new Error(`fixture build failed:\n${site.log}`);
    tokyo = buildFixture('content-checks', { env: { TZ: 'Asia/Tokyo' }, as: 'content-checks-tokyo' });
    if (!tokyo.ok) throw new Error(`fixture build failed:\n${tokyo.log}`);
  });

  test('dollars as money stay literal text (pandoc’s rule); real math still renders', () => {
    const html = post('prices');
    expect(html).toContain('<p>The book costs $5 and the course costs $10.</p>');
    // (inline math sits in a no-wrap span with its neighbouring punctuation: rehype-inline-math-nowrap)
    expect(html).toContain(`<p>Between $5 and $10, and ${MATH_INLINE_OPEN}`);
    expect(html).toContain(texAnnotation('x'));
    expect(html).toContain(texAnnotation('f(x) = x^2'));
    expect(html).toContain('<p>A price right after math: $y$5 stays text, so does $3.</p>');
  });

  test('| inside inline math in a table cell stays in the formula; the row keeps its cells', () => {
    const html = post('prices');
    const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) =>
      [...m[1]!.matchAll(/<t[dh]>([\s\S]*?)<\/t[dh]>/g)].map((c) => c[1]!),
    );
    expect(rows.map((cells) => cells.length)).toEqual([3, 3, 3, 3]);
    expect(rows[1]![0]).toContain(texAnnotation('|x|'));
    expect(rows[1]!.slice(1)).toEqual(['absolute value', 'kept']);
    expect(rows[2]![0]).toContain(texAnnotation('\\{ x \\mid x > 0 \\}'));
    expect(rows[2]![1]).toBe('a set');
    expect(rows[2]![2]).toContain(texAnnotation('a|b'));
    expect(rows[3]).toEqual(['<code>a|b</code>', 'code', 'last']);
  });

  test('a date with a time is read in the site’s time zone (UTC), whatever the build machine’s TZ', () => {
    for (const built of [site, tokyo]) {
      const html = built.read('posts/prices/index.html');
      expect(html).toMatch(/<time datetime="2025-03-14"[^>]*>14 March 2025<\/time>/);
      expect(html).toContain('<meta property="article:published_time" content="2025-03-14T23:30:00.000Z">');
      expect(built.read('sitemap-0.xml')).toContain(
        '<url><loc>https://adjoint.example.org/posts/prices/</loc><lastmod>2025-03-14T23:30:00.000Z</lastmod></url>',
      );
      expect(built.read('rss.xml')).toContain('<pubDate>Fri, 14 Mar 2025 23:30:00 GMT</pubDate>');
    }
    for (const file of ['index.html', 'posts/prices/index.html', 'posts/no-alt/index.html', 'rss.xml', 'sitemap-0.xml']) {
      expect(tokyo.read(file), file).toBe(site.read(file));
    }
  });

  test('an empty post and images without alt text are warnings at file:line:column, printed once', () => {
    const warnings = [
      'tests/site/fixtures/content-checks/posts/empty.md: nothing after the frontmatter: this would be published as an empty page. Write the post, or set draft: true.',
      'tests/site/fixtures/content-checks/posts/no-alt.md:10:1: image /og-default.png has no alt text. Describe it for readers who cannot see it: ![what the picture shows](…). (A purely decorative picture: write <img src="…" alt="">.)',
      'tests/site/fixtures/content-checks/posts/no-alt.md:12:26: an <img> without an alt attribute. Describe the picture in alt="…", or write alt="" if it is decorative.',
    ];
    for (const warning of warnings) expectOnce(site.log, `[WARN] [adjoint-strict-glob] ${warning}`);
    // The described picture and the decorative <img alt=""> are not warned about.
    expect(site.log.match(/no-alt\.md:\d+:\d+/g)).toHaveLength(2);
    // A draft is never built, so its (empty) body is not a warning.
    expect(site.log).not.toContain('empty-draft.md');
    expect(site.files()).toContain('posts/empty/index.html');
  });

  test('strict (ADJOINT_STRICT=1) turns the same warnings into a failed build', () => {
    const strict = buildFixture('content-checks', { env: { ADJOINT_STRICT: '1' }, as: 'content-checks-strict' });
    expect(strict.ok).toBe(false);
    expectOnce(strict.log, '3 content warning(s), errors because strict is on (src/site.config.ts, ADJOINT_STRICT):');
    expectOnce(strict.log, '  tests/site/fixtures/content-checks/posts/empty.md: nothing after the frontmatter');
    expectOnce(strict.log, '  tests/site/fixtures/content-checks/posts/no-alt.md:10:1: image /og-default.png has no alt text.');
    expectOnce(strict.log, '  tests/site/fixtures/content-checks/posts/no-alt.md:12:26: an <img> without an alt attribute.');
  });

  const raw = (html: string) => html.slice(html.indexOf('<p>Trusted by default'), html.indexOf('</details>') + 10);

  test("raw HTML, 'allow' (the default): passed through as written, <script> and onerror included", () => {
    const html = raw(post('raw-html'));
    expect(html).toContain('<img src="/og-default.png" alt="Share image" onerror="this.dataset.x=1">');
    expect(html).toContain('<a href="javascript:void(0)">a link</a>');
    expect(html).toContain("<script>document.documentElement.dataset.raw = 'yes';</script>");
  });

  test("raw HTML, 'sanitize' (ADJOINT_RAW_HTML=sanitize): rebuilt from the allow-list, each removal a warning at file:line:column", () => {
    const site = buildFixture('content-checks', { env: { ADJOINT_RAW_HTML: 'sanitize' }, as: 'content-checks-sanitized' });
    expect(site.ok, site.log).toBe(true);
    const html = raw(withoutEstimates(site.read('posts/raw-html/index.html')));
    expect(html).toMatch(
      /^<p>Trusted by default: <img src="\/og-default.png" alt="Share image"> and <a>a link<\/a>.<\/p>\n+<details><summary>More<\/summary>\n<p>Kept in both policies, with math: <span class="math-inline"><span class="katex">/,
    );
    expect(html).not.toMatch(/<script|onerror|javascript:/);
    const file = 'tests/site/fixtures/content-checks/posts/raw-html.md';
    expectOnce(
      site.log,
      `${file}:6:21: raw HTML: removed onerror="this.dataset.x=1" on <img> (rawHtml is 'sanitize' in src/site.config.ts).`,
    );
    expectOnce(site.log, `${file}:6:98: raw HTML: removed href="javascript:void(0)" on <a> (rawHtml is 'sanitize' in src/site.config.ts).`);
    expectOnce(site.log, `${file}:8:1: raw HTML: removed <script> and its content (rawHtml is 'sanitize' in src/site.config.ts).`);
  });
});

describe('content the build refuses', () => {
  test('impossible dates and a number as title: every file named, with field, value and the form expected', () => {
    const site = buildFixture('bad-frontmatter');
    expect(site.ok).toBe(false);
    const form =
      "must be a real calendar date written YYYY-MM-DD (e.g. 2025-03-14), optionally with a time: 2025-03-14T09:30, 2025-03-14T09:30:00+01:00; a time without an offset is in the site's time zone (UTC); got";
    const cases: [string, string][] = [
      ['month', `**date**: date ${form} "2025-13-45" (there is no month 13).`],
      ['leap', `**date**: date ${form} "2025-02-30" (February 2025 has 28 days).`],
      ['words', `**date**: date ${form} "March 5" (not a date in that form).`],
      ['time', `**date**: date ${form} "2025-03-14T25:00" (25:00 is not a time of day).`],
      ['updated', `**updated**: updated ${form} "2025-02-30" (February 2025 has 28 days).`],
      [
        'number-title',
        '**title**: title must be a string, e.g. title: "The chain rule" (quote it if it looks like a number or a date); got the number 42',
      ],
    ];
    for (const [file, message] of cases) {
      expectOnce(site.log, `Invalid frontmatter in tests/site/fixtures/bad-frontmatter/posts/${file}.md:`);
      expectOnce(site.log, message);
    }
    expect(site.log).not.toContain('title is required');
  });

  test('two files with one URL fail the build naming both', () => {
    const site = buildFixture('dup-urls');
    expect(site.ok).toBe(false);
    expectOnce(
      site.log,
      [
        'Files would be published at the same URL (one would silently replace the other):',
        '  /posts/a/ ← tests/site/fixtures/dup-urls/posts/a.md and tests/site/fixtures/dup-urls/posts/a/index.md',
        '  /posts/hello-world/ ← tests/site/fixtures/dup-urls/posts/Hello World.md and tests/site/fixtures/dup-urls/posts/hello-world.md',
        '  Rename or move one of them; URLs follow the path, lower-cased, with spaces as "-" and "/index" dropped.',
      ].join('\n'),
    );
    expect(site.log).not.toContain('unique.md');
  });

  test('KaTeX commands that need trust fail at file:line:column, each printed once, never as red text', () => {
    const site = buildFixture('untrusted-math');
    expect(site.ok).toBe(false);
    const dir = 'tests/site/fixtures/untrusted-math/posts';
    expectOnce(site.log, '4 Markdown file(s) could not be rendered:');
    expectOnce(
      site.log,
      `${dir}/href.md:7:6: KaTeX: \\href{https://example.org} is not allowed in math on this site; write a Markdown link outside the formula: [text](url).`,
    );
    expectOnce(site.log, `${dir}/url.md:7:6: KaTeX: \\url{https://example.org} is not allowed in math on this site;`);
    expectOnce(site.log, `${dir}/includegraphics.md:7:6: KaTeX: \\includegraphics{pic.png} is not allowed in math on this site;`);
    expectOnce(site.log, `${dir}/htmlid.md:7:6: KaTeX: \\htmlId is not allowed in math on this site;`);
    // No raw error object dump, no second copy from Astro's loader.
    expect(site.log).not.toContain('fatal: true');
    expect(site.log).not.toContain('Error rendering');
  });
});
