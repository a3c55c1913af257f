import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { importPage } from '../../src/franklin/page.build.ts';
import { readConfig } from '../../src/franklin/vars.build.ts';
import { macros as adjointMacros } from '../../src/markdown/katex-options.ts';

const CONFIG = readConfig(
  [
    '+++',
    'website_title = "Small steps"',
    'generate_rss = true',
    '+++',
    '\\newcommand{\\R}{\\mathbb R}',
    '\\newcommand{\\scal}[1]{\\left\\langle #1 \\right\\rangle}',
    '\\newcommand{\\note}[1]{@@note !#1 @@}',
  ].join('\n'),
);

const PAGE = [
  '+++',
  'tags = ["autodiff"]',
  'date = Date(2022, 7, 1)',
  'showplot = false',
  '+++',
  '\\newcommand{\\norm}[1]{\\|#1\\|}',
  '',
  '# Inner products in {{fill website_title}}',
  '',
  '\\note{For $u, v \\in \\R^n$, $\\scal{u, v}$ and $\\norm{u}$.}',
  '',
  '{{if showplot}}\\fig{/assets/plot.png}{{else}}No plot.{{end}} By {{fill author}}.',
  '',
  'Then \\unknown.',
].join('\n');

describe('importing one Franklin page through the core', () => {
  const page = importPage(PAGE, 'notes/inner.md', CONFIG, adjointMacros);

  it('gives its URL, metadata (title from the first heading) and Markdown', () => {
    expect(page.url).toBe('/notes/inner/');
    expect(page.meta).toEqual({ title: 'Inner products in Small steps', date: '2022-07-01', description: null, tags: ['autodiff'] });
    // The leading `# Title` becomes the page's one <h1> (the layout's), so it leaves the body.
    expect(page.heading).toBe('Inner products in Small steps');
    expect(page.markdown).not.toContain('# Inner products');
    expect(importPage('Intro\n\n# Later', 'x.md', CONFIG, {}).heading).toBeNull();
    expect(page.raw[0]).toBe('Small steps');
    expect(page.markdown).toContain('<div class="note">\n\n For $u, v \\in \\R^n$, $\\scal{u, v}$ and $\\norm{u}$.');
    expect(page.markdown).toContain('No plot. By <span data-franklin-raw="1"></span>.');
    expect(page.raw[1]).toBe('THE AUTHOR'); // Franklin's default author, as config.md does not set one
    expect(page.markdown).not.toMatch(/\+\+\+|newcommand|\{\{if/);
  });

  it("typesets the page's math with the site's macros and its own \\norm", () => {
    for (const tex of ['u, v \\in \\R^n', '\\scal{u, v}', '\\norm{u}']) {
      expect(() => katex.renderToString(tex, { macros: { ...page.macros }, throwOnError: true })).not.toThrow();
    }
    expect(page.macros['\\norm']).toBe('\\|#1\\|');
  });

  it('reports every problem of the page, in order, with the file named', () => {
    expect(page.messages).toEqual(['notes/inner.md:14:6: unknown command \\unknown: define it with \\newcommand in config.md or the page']);
  });

  it('reports at the line the author wrote, even after a command that expands to several lines', () => {
    const config = readConfig('\\newcommand{\\panel}[1]{\n~~~\n<section>\n~~~\n#1\n~~~\n</section>\n~~~\n}');
    const text = ['\\panel{First {{fill nope}}}', '', 'Then \\unknown and {{toc}}.'].join('\n');
    expect(importPage(text, 'p.md', config, {}).messages).toEqual([
      'p.md:1:1: {{fill nope}}: nope is not defined',
      'p.md:3:6: unknown command \\unknown: define it with \\newcommand in config.md or the page',
      'p.md:3:19: {{toc}} needs the whole site: it is rendered when the page is built with it',
    ]);
  });
});

describe('indented text, which Franklin reads as text unless indented_code = true', () => {
  const nested = '@@box\n  Intro;\n  @@inner\n    some **bold** text with $x$.\n  @@\n@@\n';

  it('stays prose inside nested div blocks, where Franklin pages indent it', () => {
    const { markdown } = importPage(nested, 'p.md', CONFIG, {});
    expect(markdown).not.toMatch(/\n {4}some/);
    expect(markdown).toContain('some **bold** text with $x$.');
  });

  it('keeps fenced code, nested list items and the line count as they are', () => {
    const text = 'Intro\n\n    indented prose\n\n```julia\n    x = 1\n```\n\n* item\n\n    * nested item\n';
    const { markdown } = importPage(text, 'p.md', CONFIG, {});
    expect(markdown).toContain('\n indented prose\n');
    expect(markdown).toContain('```julia\n    x = 1\n```');
    expect(markdown).toContain('\n    * nested item');
    expect(markdown.split('\n')).toHaveLength(text.split('\n').length);
  });

  it('is code when the page opts in, as in Franklin', () => {
    const { markdown } = importPage('@def indented_code = true\n\n    a = 5\n', 'p.md', CONFIG, {});
    expect(markdown).toContain('\n    a = 5');
  });
});

describe("Franklin's own commands", () => {
  it('expands \\style{css}{text} into a styled span, with the text still Markdown; a page may redefine it', () => {
    const { markdown, raw, diagnostics } = importPage('A \\style{font-size:85%;}{**small** note}.', 'p.md', CONFIG, {});
    expect(diagnostics).toEqual([]);
    expect(raw).toContain('<span style="font-size:85%;">');
    expect(markdown).toContain('**small** note');
    const own = importPage('\\newcommand{\\style}[2]{#2}\n\\style{x}{y}', 'p.md', CONFIG, {});
    expect(own.raw).toEqual([]);
    expect(own.markdown.trim()).toBe('y');
  });
});
