import rehypeStringify from 'rehype-stringify';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { expandCommands, readDefinitions } from '../../src/franklin/commands.build.ts';
import { convertMarkup, isPage, type MarkupContext, restoreRaw } from '../../src/franklin/markup.build.ts';
import { readPageSource } from '../../src/franklin/vars.build.ts';

const page = readPageSource(
  '@def title = "Chain rule"\n@def hasplot = true\n@def draft = false\n@def tags = ["ad", "calculus"]\n@def nada = nothing',
);
const ctx: MarkupContext = {
  lookup: (name) => page.vars.get(name)?.value,
  pageVar: (rpath, name) => (rpath === 'blog/other' && name === 'title' ? { kind: 'string', value: 'The <em>other</em> post' } : undefined),
  pagePath: 'blog/chain.md',
};

/** Markdown → HTML with remark-math, as Adjoint's pipeline parses it, raw HTML restored. */
function render(text: string, context: MarkupContext = ctx) {
  const converted = convertMarkup(text, context);
  const html = unified()
    .use(remarkParse)
    .use(remarkMath)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeStringify, { allowDangerousHtml: true })
    .processSync(converted.markdown)
    .toString();
  return { html: restoreRaw(html, converted.raw), diagnostics: converted.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`) };
}

describe('Franklin markup to Markdown', () => {
  it('turns nested @@ div blocks into divs with Markdown inside (commas separate classes)', () => {
    const { html, diagnostics } = render('@@note,wide\n**Careful**: @@title inner@@ done\n@@');
    expect(diagnostics).toEqual([]);
    expect(html).toContain('<div class="note wide">');
    expect(html).toContain('<strong>Careful</strong>');
    expect(html).toContain('<div class="title">');
    expect(html.match(/<div/g)).toHaveLength(2);
    expect(html.match(/<\/div>/g)).toHaveLength(2);
  });

  it('passes ~~~ raw HTML through untouched, comments included, block and inline', () => {
    const { html } = render(
      '~~~\n<figure class="x">\n\n<!-- keep me -->\n<b>*not emphasis*</b>\n</figure>\n~~~\n\nInline ~~~<kbd>Ctrl</kbd>~~~ key.',
    );
    expect(html).toContain('\n<figure class="x">\n\n<!-- keep me -->\n<b>*not emphasis*</b>\n</figure>\n');
    expect(html).not.toContain('&lt;!--');
    expect(html).toContain('<p>Inline <kbd>Ctrl</kbd> key.</p>');
  });

  it('fills variables, of this page and of another, as Franklin inserts them (HTML kept)', () => {
    const { html, diagnostics } = render('# {{fill title}}\n\nTags: {{tags}}. See {{fill title blog/other}}.');
    expect(diagnostics).toEqual([]);
    expect(html).toContain('<h1>Chain rule</h1>');
    expect(html).toContain('Tags: ad, calculus. See The <em>other</em> post.');
  });

  it('evaluates {{if}}/{{elseif}}/{{else}}/{{end}}, {{isdef}} and {{ispage}}, nested', () => {
    const text =
      '{{if draft}}A{{elseif hasplot}}B{{isdef nada}}X{{else}}Y{{end}}{{else}}C{{end}} {{ispage blog/*}}P{{end}}{{isnotpage blog/*}}Q{{end}} {{isnotdef missing}}M{{end}}';
    const { markdown, diagnostics } = convertMarkup(text, ctx);
    expect(diagnostics).toEqual([]);
    expect(markdown).toBe('BY P M');
    expect(isPage('index.md', ['/'])).toBe(true);
    expect(isPage('blog/index.md', ['/blog/'])).toBe(true);
    expect(isPage('blog/post.md', ['blog/post.html'])).toBe(true);
    expect(isPage('blog/post.md', ['about'])).toBe(false);
  });

  it('writes \\fig and \\figalt as images', () => {
    const { html } = render('\\fig{/assets/plot.png} and \\figalt{A [loss] curve}{"/assets/loss curve.svg"}');
    expect(html).toContain('<img src="/assets/plot.png" alt="">');
    expect(html).toContain('<img src="/assets/loss%20curve.svg" alt="A [loss] curve">');
  });

  it('makes $$…$$ on one line and \\[…\\] display math; leaves $…$ inline', () => {
    const { html } = render('Then $$f(x) = x^2$$ and \\[ g(x) = 2x \\] with $h$ inline.');
    expect(html.match(/math-display/g)).toHaveLength(2);
    expect(html).toContain('f(x) = x^2');
    expect(html).toMatch(/<code class="language-math math-inline">h<\/code>/);
  });

  it('leaves code alone: fences (Franklin evaluated blocks too, shown as their language) and inline code', () => {
    const text = '```julia:ex\n@@ {{fill title}} \\fig{x}\n```\n\n`{{x}}` and `@@`';
    expect(convertMarkup(text, ctx)).toMatchObject({ markdown: text.replace('julia:ex', 'julia'), raw: [], diagnostics: [] });
    expect(convertMarkup('```julia:./group/ex.jl\nx = 1\n```\n', ctx).markdown).toBe('```julia\nx = 1\n```\n');
  });

  it('passes an indented ~~~ block through as a block, not inside a paragraph', () => {
    const { html } = render(' ~~~\n <div class="big">404</div>\n~~~\n');
    expect(html).toContain('<div class="big">404</div>');
    expect(html).not.toMatch(/<p>\s*<div/);
  });

  it('keeps a code span whole when it holds a shorter run of backticks', () => {
    const text = 'Tick: ``a ` {{fill title}}`` then {{fill title}}.';
    expect(render(text).html).toBe('<p>Tick: <code>a ` {{fill title}}</code> then Chain rule.</p>');
  });

  it('makes \\\\ a line break in prose, as Franklin does, and leaves it alone in math and code', () => {
    const { html } = render('**Notes**:\\\\\nnext line $a \\\\ b$ `c \\\\ d`');
    expect(html).toContain('<strong>Notes</strong>:<br>\nnext line');
    expect(html).toContain('a \\\\ b');
    expect(html).toContain('<code>c \\\\ d</code>');
  });

  it('works after command expansion, as the import will run it', () => {
    const defs = readDefinitions('\\newcommand{\\note}[1]{@@note !#1 @@}').definitions;
    const { html } = render(expandCommands('\\note{Gradients **accumulate**.}', defs).text);
    expect(html).toContain('<div class="note">\n<p>Gradients <strong>accumulate</strong>.</p>\n</div>');
  });
});

describe('bad markup is reported at line:column and shown marked, never dropped', () => {
  it('reports unclosed and stray blocks', () => {
    const { html, diagnostics } = render('intro\n@@box\ntext\n\n~~~<b>\n\n{{if hasplot}}\nx @@ {{end}} }} {{else}}\n{{fill');
    expect(diagnostics).toEqual([
      '5:1: `~~~` raw HTML block is not closed: add `~~~` after the HTML',
      '8:3: `@@` closes a div block inside an open {{if}}: close the {{if}} first',
      '8:17: {{else}} without an open {{if}}',
      '9:1: `{{` is not closed by `}}`',
      '2:1: `@@` div block is not closed: add `@@` where it ends',
    ]);
    expect(html).toContain('<span class="franklin-unsupported" title="unclosed ~~~">~~~</span>');
    expect(html).toContain('<span class="franklin-unsupported" title="stray @@">@@</span>');
    expect(html).toContain('<span class="franklin-unsupported" title="stray {{else}}">{{else}}</span>');
    expect(html).toContain('<span class="franklin-unsupported" title="unclosed {{">{{</span>');
  });

  it('says when {{else}} meets a div block that opened inside its {{if}}', () => {
    expect(render('{{if hasplot}}@@box {{else}} @@ {{end}}').diagnostics).toEqual([
      '1:21: {{else}} inside a div block that opened after its {{if}}: close the @@ first',
    ]);
  });

  it('reports an unclosed {{if}} and an undefined variable', () => {
    const { diagnostics } = render('{{fill author}}\n\n{{if hasplot}}\nshown');
    expect(diagnostics).toEqual(['1:1: {{fill author}}: author is not defined', '3:1: {{if}} is not closed by {{end}}']);
    expect(render('{{if title}}x{{end}}').diagnostics).toEqual([
      '1:1: {{if title}}: title is not true or false (Franklin needs a Bool here)',
    ]);
  });

  it('reports unknown functions and commands by name, and the ones not supported yet', () => {
    const { html, diagnostics } = render('{{blogposts}} {{my_hfun 3}} \\toc \\weird{x} \\fig');
    expect(diagnostics).toEqual([
      '1:1: {{blogposts}} needs the whole site: it is rendered when the page is built with it',
      '1:15: unknown function {{my_hfun}}: neither Franklin nor utils.jl defines it',
      '1:29: \\toc needs the whole site: it is rendered when the page is built with it',
      '1:34: unknown command \\weird: define it with \\newcommand in config.md or the page',
      '1:44: \\fig expects 1 argument in braces, found 0',
    ]);
    expect(html).toContain('title="{{my_hfun}} not rendered">{{my_hfun 3}}</span>');
    expect(html).toContain('title="\\weird not rendered">\\weird{x}</span>');
  });
});

describe('loops, references, citations and math environments', () => {
  const loopPage = readPageSource('@def people = [("Ada", 1815), ("Alan", 1912)]\n@def names = ["x", "y"]\n@def n = 3');
  const loopCtx: MarkupContext = { ...ctx, lookup: (name) => loopPage.vars.get(name)?.value };

  it('repeats a {{for}} body per item, with tuples unpacked and blocks nested', () => {
    const { html, diagnostics } = render('{{for (who, year) in people}}* {{who}} ({{fill year}}){{if true_}}{{end}}\n{{end}}', {
      ...loopCtx,
      lookup: (name) => (name === 'true_' ? { kind: 'bool', value: true } : loopPage.vars.get(name)?.value),
    });
    expect(diagnostics).toEqual([]);
    expect(html).toContain('<li>Ada (1815)</li>');
    expect(html).toContain('<li>Alan (1912)</li>');
    expect(render('{{for x in names}}[{{x}}]{{end}}', loopCtx).html).toBe('<p>[x][y]</p>');
  });

  it('reports a {{for}} over an unknown or scalar variable, or without {{end}}, and marks it', () => {
    const { html, diagnostics } = render('{{for x in nope}}a{{end}} {{for x in n}}b{{end}}\n\n{{for x in names}}', loopCtx);
    expect(diagnostics).toEqual([
      '1:1: {{for x in nope}}: nope is not defined',
      '1:27: {{for x in n}}: n is not a vector',
      '3:1: {{for x in names}} is not closed by {{end}}',
    ]);
    expect(html).toContain('title="{{for}} not rendered">{{for x in nope}}a{{end}}</span>');
  });

  it('turns \\eqref in prose into the reference Adjoint numbers, and \\label into an anchor', () => {
    expect(convertMarkup('See \\eqref{eq:a}.', ctx).markdown).toBe('See $\\eqref{eq:a}$.');
    expect(render('At \\label{here}here.').html).toBe('<p>At <a id="here" class="anchor"></a>here.</p>');
  });

  it("links \\cite, \\citet and \\citep to the page's \\biblabel entries, and reports an unknown key", () => {
    const text =
      'As \\citet{gw} and \\citep{gw, bp} show, \\cite{nope}.\n\n* \\biblabel{gw}{Griewank (2008)} Evaluating derivatives.\n* \\biblabel{bp}{Baydin et al. (2018)} A survey.';
    const { html, diagnostics } = render(text);
    expect(html).toContain('<span class="bibref"><a href="#gw">Griewank (2008)</a></span> and');
    expect(html).toContain('<span class="bibref">(<a href="#gw">Griewank (2008)</a>, <a href="#bp">Baydin et al. (2018)</a>)</span>');
    expect(html).toContain('<li><a id="gw" class="anchor"></a> Evaluating derivatives.</li>');
    expect(diagnostics).toEqual(['1:40: \\cite{nope}: no \\biblabel{nope}{…} on this page']);
  });

  it('makes \\begin{align} and the other math environments display math, eqnarray as align', () => {
    const { markdown } = convertMarkup(
      'Text\n\\begin{align}\na &= b \\label{eq:x}\n\\end{align}\nafter \\begin{eqnarray*} x &=& y \\end{eqnarray*}',
      ctx,
    );
    expect(markdown).toBe(
      'Text\n\n\n$$\n\\begin{align}\na &= b \\label{eq:x}\n\\end{align}\n$$\n\n\nafter \n\n$$\n\\begin{align*} x &=& y \\end{align*}\n$$\n\n',
    );
  });

  it('hands functions and commands to the site, HTML verbatim and Markdown rendered with the page', () => {
    const native: MarkupContext['native'] = (name, args) =>
      name === 'page_tags'
        ? '<ul class="t"><li>ad</li></ul>'
        : name === 'input'
          ? { markdown: `\`\`\`${args[0]}\nx = 1\n\`\`\`` }
          : undefined;
    const { html, diagnostics } = render('{{page_tags}}\n\n\\input{julia}{s.jl}', { ...ctx, native });
    expect(diagnostics).toEqual([]);
    expect(html).toContain('<ul class="t"><li>ad</li></ul>');
    expect(html).toContain('<pre><code class="language-julia">x = 1\n</code></pre>');
  });

  it('says when an unknown name is a utils.jl function Adjoint cannot run', () => {
    const utils = new Set(['hfun_bar', 'lx_baz']);
    expect(render('{{bar 1}} \\baz{x}', { ...ctx, utils }).diagnostics).toEqual([
      '1:1: {{bar}} calls hfun_bar of utils.jl, which Adjoint cannot run (it runs no Julia): write its output into the page, or remove it',
      '1:11: \\baz calls lx_baz of utils.jl, which Adjoint cannot run (it runs no Julia): write its output into the page, or remove it',
    ]);
  });
});

describe('where each line of the Markdown comes from', () => {
  it('maps output lines back to input lines across blocks that add lines', () => {
    const text = 'one $$x$$ two\n@@note\nthree\n@@\nfour';
    const { markdown, lineStarts } = convertMarkup(text, ctx);
    const lines = markdown.split('\n');
    const inputLine = (n: number) => text.slice(0, lineStarts[n - 1]).split('\n').length;
    expect(inputLine(lines.indexOf('three') + 1)).toBe(3);
    expect(inputLine(lines.indexOf('four') + 1)).toBe(5);
    expect(inputLine(lines.indexOf('x') + 1)).toBe(1);
  });
});
