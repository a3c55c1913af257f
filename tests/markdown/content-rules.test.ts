// Issue 8 on real unified pipelines: the dollar rule, `|` in table math, untrusted KaTeX
// commands, content warnings, and the strict date reader. (Build-level behaviour, with the
// loader's messages, is pinned in tests/site/content-rules.test.ts.)
import { createMarkdownProcessor, type MarkdownRenderer } from '@astrojs/markdown-remark';
import type { Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseContentDate } from '../../src/markdown/dates.ts';
import { remarkPlugins, rehypePlugins, remarkRehype, shikiConfig } from '../../src/markdown/pipeline.ts';
import remarkMathDollars from '../../src/markdown/remark-math-dollars.ts';
import remarkSanitizeHtml, { safeUrl, sanitizeHtml } from '../../src/markdown/remark-sanitize-html.ts';
import remarkTableMathPipes, { shieldPipes } from '../../src/markdown/remark-table-math-pipes.ts';
import { entryId, rawDates } from '../../src/markdown/strict-glob-loader.ts';
import { texAnnotation } from '../helpers/math.ts';

let processor: MarkdownRenderer;
beforeAll(async () => {
  processor = await createMarkdownProcessor({ remarkPlugins, rehypePlugins, remarkRehype, shikiConfig });
});

const parser = unified().use(remarkParse).use(remarkGfm).use(remarkMathDollars).use(remarkTableMathPipes);

/** The inline nodes of the first paragraph: [type, value] pairs. */
function inline(markdown: string): [string, string][] {
  const tree = parser.parse(markdown) as Root;
  const paragraph = tree.children[0];
  if (paragraph?.type !== 'paragraph') throw new Error(`not a paragraph: ${markdown}`);
  return paragraph.children.map((node) => [node.type, 'value' in node ? node.value : '']);
}

describe('the dollar rule (pandoc’s)', () => {
  test.each<[string, [string, string][]]>([
    ['costs $5 and the course costs $10', [['text', 'costs $5 and the course costs $10']]],
    ['between $5 and $10.', [['text', 'between $5 and $10.']]],
    [
      '$5. Then $x$ is',
      [
        ['text', '$5. Then '],
        ['inlineMath', 'x'],
        ['text', ' is'],
      ],
    ],
    ['a $x$5 b', [['text', 'a $x$5 b']]],
    ['$ x$ and $x $', [['text', '$ x$ and $x $']]],
    [
      '$x$ and $y$',
      [
        ['inlineMath', 'x'],
        ['text', ' and '],
        ['inlineMath', 'y'],
      ],
    ],
    [
      "$f'(x) = 2x$, done",
      [
        ['inlineMath', "f'(x) = 2x"],
        ['text', ', done'],
      ],
    ],
    [
      '$\\$5$ is math with a dollar',
      [
        ['inlineMath', '\\$5'],
        ['text', ' is math with a dollar'],
      ],
    ],
    [
      '$$a + b$$ inline',
      [
        ['inlineMath', 'a + b'],
        ['text', ' inline'],
      ],
    ],
    ['\\$5 escaped', [['text', '$5 escaped']]],
  ])('%s', (markdown, nodes) => {
    expect(inline(markdown)).toEqual(nodes);
  });

  test('through the site pipeline: prices are text, formulas are KaTeX', async () => {
    const { code } = await processor.render('It costs $5 and $10; $x^2$ is math.');
    expect(code).toMatch(/^<p style="--chars:\d+">It costs \$5 and \$10; <span class="math-inline"><span class="katex">/);
    expect(code).toContain(texAnnotation('x^2'));
    expect(code).toContain('</span></span> is math.</p>');
  });
});

describe('| inside inline math in a GFM table', () => {
  const table = ['| a | b |', '|---|---|', '| $|x|$ | $\\{x \\mid x>0\\}$ and $a|b$ |', '| `p\\|q` | $$|y|$$ |'].join('\n');

  test('cells keep their formulas, with exact source positions', () => {
    const tree = parser.parse(table) as Root;
    const node = tree.children[0];
    if (node?.type !== 'table') throw new Error('no table');
    const cells = node.children.map((row) =>
      row.children.map((cell) =>
        cell.children.map((n) => [n.type, 'value' in n ? n.value : '', n.position?.start.column, n.position?.end.column]),
      ),
    );
    expect(cells[1]).toEqual([
      [['inlineMath', '|x|', 3, 8]],
      [
        ['inlineMath', '\\{x \\mid x>0\\}', 11, 27],
        ['text', ' and ', 27, 32],
        ['inlineMath', 'a|b', 32, 37],
      ],
    ]);
    expect(cells[2]).toEqual([[['inlineCode', 'p|q', 3, 9]], [['inlineMath', '|y|', 12, 19]]]);
  });

  test('the pre-pass keeps length and leaves code, prices and display math alone', () => {
    const source = ['| $a|b$ | `$c|d$` | costs $5 | $6 |', '```', '$e|f$', '```', '$$', 'g | h', '$$'].join('\n');
    const shielded = shieldPipes(source);
    expect(shielded.length).toBe(source.length);
    expect(shielded.split('\n')[0]).toBe('| $a\uE000b$ | `$c|d$` | costs $5 | $6 |');
    expect(shielded.split('\n').slice(1)).toEqual(source.split('\n').slice(1));
  });

  test('through the site pipeline: three cells, three columns', async () => {
    const { code } = await processor.render(['| f | note |', '|---|---|', '| $|x|$ | norm |'].join('\n'));
    expect(code).toContain(texAnnotation('|x|'));
    expect(code).toContain('<td>norm</td>');
    expect(code.match(/<td>/g)).toHaveLength(2);
  });
});

describe('KaTeX commands that need trust', () => {
  test.each([
    [
      '$\\href{https://example.org}{x}$',
      '<markdown>:1:1: KaTeX: \\href{https://example.org} is not allowed in math on this site; write a Markdown link outside the formula: [text](url).',
    ],
    ['Text $\\url{https://example.org}$', '<markdown>:1:6: KaTeX: \\url{https://example.org} is not allowed in math on this site;'],
    ['$$\n\\includegraphics{a.png}\n$$', '<markdown>:1:1: KaTeX: \\includegraphics{a.png} is not allowed in math on this site;'],
    ['$\\htmlId{a}{x}$', '<markdown>:1:1: KaTeX: \\htmlId is not allowed in math on this site;'],
    ['$\\htmlClass{a}{x}$', '<markdown>:1:1: KaTeX: \\htmlClass is not allowed in math on this site;'],
  ])('%s fails at its position', async (markdown, message) => {
    const error = await processor.render(markdown).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toContain(message);
  });

  test('our own \\eqref links (in-page \\href) still render', async () => {
    const { code } = await processor.render(['$$', 'a \\label{eq:a}', '$$', '', 'See $\\eqref{eq:a}$.'].join('\n'));
    expect(code).toContain('<a href="#eq-a" class="eqref">(1)</a>');
  });
});

describe('content warnings', () => {
  const warnings = async (markdown: string) =>
    (await processor.render(markdown)).metadata.frontmatter.contentWarnings as string[] | undefined;

  test('an empty body (or only a comment) is one warning; any content is none', async () => {
    expect(await warnings('')).toEqual([
      '<markdown>: nothing after the frontmatter: this would be published as an empty page. Write the post, or set draft: true.',
    ]);
    expect(await warnings('<!-- later -->\n')).toHaveLength(1);
    expect(await warnings('Text.')).toBeUndefined();
  });

  test('images without alt text, Markdown and HTML, at line:column; described and alt="" ones pass', async () => {
    const list = await warnings(
      ['![ok](/a.png) ![](/b.png)', '', '![][ref]', '', '[ref]: /c.png', '', 'x <img src="/d.png"> <img src="/e.png" alt="">'].join('\n'),
    );
    expect(list?.map((w) => w.split(' ').slice(0, 2).join(' '))).toEqual([
      '<markdown>:1:15: image',
      '<markdown>:3:1: image',
      '<markdown>:7:3: an',
    ]);
    expect(list?.[0]).toContain('image /b.png has no alt text.');
    expect(list?.[1]).toContain('image [ref] has no alt text.');
  });
});

describe('frontmatter dates', () => {
  test.each([
    ['2025-03-14', 'UTC', '2025-03-14T00:00:00.000Z'],
    ['2024-02-29', 'UTC', '2024-02-29T00:00:00.000Z'],
    ['2025-03-14T23:30', 'UTC', '2025-03-14T23:30:00.000Z'],
    ['2025-03-14 23:30:15', 'UTC', '2025-03-14T23:30:15.000Z'],
    ['2025-03-14T23:30', 'America/Los_Angeles', '2025-03-15T06:30:00.000Z'], // PDT (UTC−7) since 9 March
    ['2025-01-14T23:30', 'Europe/Berlin', '2025-01-14T22:30:00.000Z'], // CET
    ['2025-07-14T23:30', 'Europe/Berlin', '2025-07-14T21:30:00.000Z'], // CEST
    ['2025-03-14T23:30+01:00', 'America/Los_Angeles', '2025-03-14T22:30:00.000Z'], // an offset wins
    ['2025-03-14T23:30Z', 'Asia/Tokyo', '2025-03-14T23:30:00.000Z'],
    ['2025-03-14T23:30:00.250-0530', 'UTC', '2025-03-15T05:00:00.250Z'],
  ])('%s in %s is %s', (text, zone, iso) => {
    const parsed = parseContentDate(text, zone);
    expect('date' in parsed && parsed.date.toISOString()).toBe(iso);
  });

  test.each([
    ['2025-13-45', 'there is no month 13'],
    ['2025-02-30', 'February 2025 has 28 days'],
    ['2023-04-31', 'April 2023 has 30 days'],
    ['2025-00-10', 'there is no month 0'],
    ['2025-03-14T24:00', '24:00 is not a time of day'],
    ['2025-03-14T12:60', '12:60 is not a time of day'],
    ['March 5', 'not a date in that form'],
    ['2025-3-5', 'not a date in that form'],
    ['14/03/2025', 'not a date in that form'],
    ['2025-03-14T10:00+25:00', '+25:00 is not a time-zone offset'],
  ])('%s is refused: %s', (text, error) => {
    expect(parseContentDate(text, 'UTC')).toEqual({ error });
  });

  test('the loader hands the schema the raw text of fields YAML made into Dates', () => {
    const source = '---\ntitle: x\ndate: 2025-13-45   # a comment\nupdated: 2025-02-30\n---\nBody';
    const yamlData = { title: 'x', date: new Date('2026-02-14'), updated: new Date('2025-03-02') };
    expect(rawDates(source, yamlData)).toEqual({ title: 'x', date: '2025-13-45', updated: '2025-02-30' });
    expect(rawDates(source, { title: 'x', date: '2025-01-01' })).toEqual({ title: 'x', date: '2025-01-01' });
  });
});

describe('entry ids (URLs)', () => {
  test.each([
    ['a.md', 'a'],
    ['a/index.md', 'a'],
    ['Hello World.md', 'hello-world'],
    ['hello-world.md', 'hello-world'],
    ['basics/Chain Rule.md', 'basics/chain-rule'],
    ['index.md', 'index'],
  ])('%s → %s', (entry, id) => {
    expect(entryId(entry)).toBe(id);
  });
});

describe("raw HTML under rawHtml: 'sanitize'", () => {
  let strictHtml: MarkdownRenderer;
  beforeAll(async () => {
    const plugins = remarkPlugins.map((plugin) =>
      Array.isArray(plugin) && plugin[0] === remarkSanitizeHtml ? [remarkSanitizeHtml, { policy: 'sanitize' }] : plugin,
    ) as typeof remarkPlugins;
    strictHtml = await createMarkdownProcessor({ remarkPlugins: plugins, rehypePlugins, remarkRehype, shikiConfig });
  });

  test.each([
    ['<script>alert(1)</script>', ''],
    ['<img src="/a.png" alt="A" onerror="alert(1)">', '<img src="/a.png" alt="A">'],
    ['<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
    ['<a href="&#106;avascript:alert(1)">x</a>', '<a>x</a>'],
    ['<a href="java&Tab;script:alert(1)">x</a>', '<a>x</a>'],
    ['<a href="/posts/x/" title="T" class="c">x</a>', '<a href="/posts/x/" title="T" class="c">x</a>'],
    ['<a href="https://example.org" onclick="steal()">x</a>', '<a href="https://example.org">x</a>'],
    ['<iframe src="https://evil.example"></iframe>', ''],
    ['<div style="position:fixed">x</div>', '<div>x</div>'],
    ['<svg><script>alert(1)</script></svg>', ''],
  ])('%s → %s', (input, output) => {
    expect(sanitizeHtml(input).html).toBe(output);
  });

  test('URLs: relative and http(s)/mailto pass, other schemes do not', () => {
    for (const ok of ['/a', '#x', 'b.png', 'https://e.org', 'http://e.org', 'mailto:a@b.org', './c?d=1:2'])
      expect(safeUrl(ok), ok).toBe(true);
    for (const bad of ['javascript:x', ' JavaScript:x', 'vbscript:x', 'data:text/html,x', 'java\nscript:x', '&#x6A;avascript:x']) {
      expect(safeUrl(bad), bad).toBe(false);
    }
  });

  test('in a post: removals are warnings at line:column; Markdown, math and code render as usual', async () => {
    const markdown = [
      'Hello <img src="/a.png" alt="A" onerror="alert(1)"> and $x^2$.',
      '',
      '<script>',
      'alert(1)',
      '</script>',
      '',
      '<details><summary>More</summary>',
      '',
      '**bold** and a <notatag.',
      '',
      '</details>',
      '',
      '```ts',
      'const a = 1;',
      '```',
    ].join('\n');
    const { code, metadata } = await strictHtml.render(markdown);
    expect(code).toContain('<p style="--chars:13">Hello <img src="/a.png" alt="A"> and <span class="math-inline"><span class="katex">');
    expect(code).not.toContain('alert(1)');
    expect(code).toContain('<details><summary>More</summary>');
    expect(code).toContain('<p style="--chars:20"><strong>bold</strong> and a &#x3C;notatag.</p>');
    expect(code).toContain('<pre class="astro-code');
    expect(metadata.frontmatter.contentWarnings).toEqual([
      '<markdown>:1:7: raw HTML: removed onerror="alert(1)" on <img> (rawHtml is \'sanitize\' in src/site.config.ts).',
      "<markdown>:3:1: raw HTML: removed <script> and its content (rawHtml is 'sanitize' in src/site.config.ts).",
    ]);
  });

  test("the default policy ('allow') passes raw HTML through as written", async () => {
    const { code } = await processor.render('<img src="/a.png" alt="A" onerror="alert(1)">');
    expect(code).toContain('onerror="alert(1)"');
  });
});
