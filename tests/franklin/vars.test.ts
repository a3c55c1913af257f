import { describe, expect, it } from 'vitest';
import { toPlain } from '../../src/franklin/julia-value.build.ts';
import { CONFIG_DEFAULTS, firstHeading, pageMeta, plainDescription, readConfig, readPageSource } from '../../src/franklin/vars.build.ts';

const plainVars = (text: string) => Object.fromEntries([...readPageSource(text).vars].map(([k, v]) => [k, toPlain(v.value)]));

describe('page variables', () => {
  it('reads @def lines, including values over several lines, and keeps the body lines in place', () => {
    const page = [
      '@def title = "Reverse mode, by hand"',
      '@def tags = ["autodiff",',
      '             "julia"]',
      '@def hasmath = true <!-- KaTeX on -->',
      '',
      '# Reverse mode',
      '',
      'Write @def x = 1 at the start of a line.',
      '```julia',
      '@def inside_code = 1',
      '```',
    ].join('\n');
    const { vars, body, diagnostics } = readPageSource(page);
    expect(diagnostics).toEqual([]);
    expect(Object.fromEntries([...vars].map(([k, v]) => [k, toPlain(v.value)]))).toEqual({
      title: 'Reverse mode, by hand',
      tags: ['autodiff', 'julia'],
      hasmath: true,
    });
    expect(vars.get('tags')).toMatchObject({ line: 2, column: 1 });
    expect(body.split('\n')).toHaveLength(page.split('\n').length);
    expect(body).toBe('\n\n\n\n\n# Reverse mode\n\nWrite @def x = 1 at the start of a line.\n```julia\n@def inside_code = 1\n```');
  });

  it('continues an @def on the following lines only while they are indented, as Franklin requires', () => {
    const page =
      '@def blurb = """A string\n    over several lines\n    """\n@def menu = [\n  "a",\n  "b"]\nText\n    indented text after a paragraph';
    const { vars, body, diagnostics } = readPageSource(page);
    expect(diagnostics).toEqual([]);
    expect(toPlain(vars.get('blurb')!.value)).toBe('A string\nover several lines\n');
    expect(toPlain(vars.get('menu')!.value)).toEqual(['a', 'b']);
    expect(body).toBe('\n\n\n\n\n\nText\n    indented text after a paragraph');
  });

  it('reads +++ blocks: assignments over several lines, comments, using lines; aliases apply', () => {
    const page = [
      '+++',
      'using Dates',
      '# the post',
      'title = "Jacobians"',
      'date = Date(2021, 3, 4)',
      'rss = "What a Jacobian is."  # alias of rss_description',
      'menu = [',
      '  "a" => "A",',
      '  "b" => "B",',
      ']',
      '+++',
      'Body',
    ].join('\n');
    expect(plainVars(page)).toEqual({
      title: 'Jacobians',
      date: '2021-03-04',
      rss_description: 'What a Jacobian is.',
      menu: [
        ['a', 'A'],
        ['b', 'B'],
      ],
    });
    expect(readPageSource(page).body).toBe(`${'\n'.repeat(11)}Body`);
  });

  it('reports unsupported values and statements at line:column and reads the rest', () => {
    const page = [
      '+++',
      'a = 1',
      'b = readdir("x")',
      'function f(x)',
      '  x + 1',
      'end',
      'c = "ok"',
      'x += 1',
      '+++',
      '@def d = [1, 2',
      '@def',
      '@def e = 3',
    ].join('\n');
    const { vars, diagnostics } = readPageSource(page);
    expect([...vars.keys()]).toEqual(['a', 'c', 'e']);
    expect(diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`)).toEqual([
      expect.stringMatching(/^3:5: b: unsupported Julia expression `readdir\(…\)` \(Adjoint cannot run Julia\); Adjoint reads literal/),
      '4:1: +++ block: unsupported `function` block (Adjoint reads `name = value` assignments only); skipped',
      '8:1: +++ block: unsupported statement `x += 1` (Adjoint reads `name = value` assignments only); skipped',
      '10:10: d: unclosed `[`: expected `]`',
      '11:1: @def needs `name = value`',
    ]);
  });

  it('reports an unclosed +++ block where it opens', () => {
    const { diagnostics, body } = readPageSource('intro\n+++\ntitle = "x"\n\nText');
    expect(diagnostics).toEqual([
      { line: 2, column: 1, message: '`+++` block is not closed: add a line with `+++` after its assignments' },
    ]);
    expect(body).toBe('intro\n\n\n\n');
  });

  it('reads a +++ block whose markers are indented, as a page copied with a leading space has them', () => {
    const { vars, diagnostics, body } = readPageSource(' +++\n title = "Not here"\n +++\n\nGone.');
    expect(diagnostics).toEqual([]);
    expect(vars.get('title')?.value).toEqual({ kind: 'string', value: 'Not here' });
    expect(body).toBe('\n\n\n\nGone.');
  });

  it("collects the page's own \\newcommand definitions and removes them from the body", () => {
    const { definitions, body } = readPageSource('\\newcommand{\\x}{\\mathbf{x}}\nUses $\\x$.');
    expect(definitions.commands.get('\\x')?.body).toBe('\\mathbf{x}');
    expect(body).toBe('\nUses $\\x$.');
  });
});

describe('config.md', () => {
  const CONFIG = [
    '<!-- site settings -->',
    '+++',
    'author = "Ada Lovelace"',
    'website_title = "Derivatives"',
    'base_url = "https://example.org/"',
    'website_descr = "Notes on autodiff"',
    'generate_rss = true',
    'tag_page_path = "tags"',
    'mintoclevel = 2',
    'ignore = ["drafts/", "notes.md", r"^tmp_.*"]',
    'favourite_op = "vjp"',
    '+++',
    '@def rss_full_content = "yes"',
    '\\newcommand{\\R}{\\mathbb R}',
  ].join('\n');

  it("reads the globals over Franklin's defaults, with aliases, and keeps other variables", () => {
    const config = readConfig(CONFIG);
    expect(config).toMatchObject({
      author: 'Ada Lovelace',
      website_title: 'Derivatives',
      website_url: 'https://example.org/',
      website_description: 'Notes on autodiff',
      generate_rss: true,
      tag_page_path: 'tags',
      mintoclevel: 2,
      maxtoclevel: 10,
      ignore: ['drafts/', 'notes.md', /^tmp_.*/],
      prepath: '',
      date_format: 'U dd, yyyy',
      rss_file: 'feed',
      rss_full_content: false,
    });
    expect(toPlain(config.vars.get('favourite_op')!.value)).toBe('vjp');
    expect(config.definitions.commands.get('\\R')?.body).toBe('\\mathbb R');
  });

  it('reports a global of the wrong type where it is set and keeps the default', () => {
    expect(readConfig(CONFIG).diagnostics).toEqual([
      { line: 13, column: 1, message: 'rss_full_content should be true or false; the default is kept' },
    ]);
  });

  it("has Franklin's defaults for an empty config", () => {
    const config = readConfig('');
    for (const [key, value] of Object.entries(CONFIG_DEFAULTS)) expect(config[key as keyof typeof CONFIG_DEFAULTS]).toEqual(value);
    expect(config.diagnostics).toEqual([]);
  });
});

describe('page metadata fallbacks', () => {
  it('takes title, then rss_title, then the first heading; date, then rss_pubdate; rss_description', () => {
    const a = readPageSource('@def rss_title = "From RSS"\n@def rss_pubdate = Date(2020, 1, 2)\n@def rss = "Short."\n# Heading');
    expect(pageMeta(a.vars, a.body)).toEqual({ title: 'From RSS', date: '2020-01-02', description: 'Short.', tags: [] });
    const b = readPageSource(
      '@def tags = ["ad", " jvp ", ""]\n@def date = Date(2021, 3, 4)\n```\n# not a heading\n```\n## Real *heading* ##',
    );
    expect(pageMeta(b.vars, b.body)).toEqual({ title: 'Real *heading*', date: '2021-03-04', description: null, tags: ['ad', 'jvp'] });
    expect(firstHeading('no heading')).toBeNull();
  });
});

describe('the description, from rss or rss_description', () => {
  it('is plain text: Franklin allows basic Markdown there, which a card or a feed would show as symbols', () => {
    const { vars } = readPageSource(
      '@def rss = "A short **blurb** for an `RSS` feed, see [the docs](https://example.org); pictures too: ![](https://example.org/a.jpeg)"',
    );
    expect(pageMeta(vars, '').description).toBe('A short blurb for an RSS feed, see the docs; pictures too:');
    expect(plainDescription('2 * 3 = 6 and a_b_c stay')).toBe('2 * 3 = 6 and a_b_c stay');
    expect(plainDescription('![](only-a-picture.png)')).toBeNull();
  });
});
