// Pluto's own output structures (tree, table) as static HTML (src/franklin/notebook-outputs.build.ts).
import { describe, expect, it } from 'vitest';
import { escapeHtml, type OutputContext, renderOutput, stripAnsi } from '../../src/franklin/notebook-outputs.build.ts';
import { renderNotebook } from '../../src/franklin/notebook.build.ts';
import { readPlutoExport } from '../../src/franklin/pluto.build.ts';
import { macros } from '../../src/markdown/katex-options.ts';
import { exportNotebook, type FixtureNotebook } from './pluto-export.ts';

const highlight = async (code: string, lang: string) => `<pre data-lang="${lang}">${escapeHtml(code)}</pre>`;
const render = (nb: FixtureNotebook) =>
  renderNotebook(readPlutoExport(exportNotebook(nb).html, 'nb.jl.html'), { url: '/nb.jl/', macros, highlight, outputsSaved: true });

function context(): OutputContext & { problems: string[]; pictures: string[] } {
  const problems: string[] = [];
  const pictures: string[] = [];
  return {
    problems,
    pictures,
    html: (html) => `[html ${html}]`,
    picture: (bytes, ext) => {
      pictures.push(`${bytes.length}.${ext}`);
      return `/p.${ext}`;
    },
    alt: 'Output of the cell plot(x)',
    problem: (m) => problems.push(m),
  };
}

describe('saved outputs as HTML', () => {
  it('trees and tables from Pluto’s own viewers become lists and tables', async () => {
    const page = await render({
      cells: [
        {
          id: '0a1b2c3d-1111-4e5f-8a9b-0c1d2e3f4a10',
          code: 'Dict(:a => [1, 2])',
          output: {
            mime: 'application/vnd.pluto.tree+object',
            body: {
              type: 'Dict',
              prefix: 'Dict{Symbol, Vector{Int64}}',
              elements: [
                [
                  [':a', 'text/plain'],
                  [
                    {
                      type: 'Array',
                      prefix: 'Int64',
                      elements: [[1, ['1', 'text/plain']], [2, ['2', 'text/plain']], 'more'],
                    },
                    'application/vnd.pluto.tree+object',
                  ],
                ],
              ],
            },
          },
        },
      ],
    });
    expect(page.html).toContain(
      '<span class="nb-tree__prefix">Dict{Symbol, Vector{Int64}}</span>[<ol class="nb-tree__items" data-type="Dict"><li><code>:a</code>',
    );
    expect(page.html).toContain('<li><span class="nb-tree__key">1</span> <code>1</code></li>');
    expect(page.html).toContain('aria-label="more elements, not saved in the export">⋯</li>');
  });

  it('a short list of plain values is one line, as Pluto shows it folded; a long one is a list', () => {
    const list = (n: number) => ({
      mime: 'application/vnd.pluto.tree+object',
      body: { type: 'Array', prefix: 'Int64', elements: Array.from({ length: n }, (_, i) => [i + 1, [String(i * 1000), 'text/plain']]) },
    });
    expect(renderOutput(list(3), context())).toBe('<code class="nb-tree nb-tree--inline">Int64[0, 1000, 2000]</code>');
    expect(renderOutput(list(30), context())).toMatch(
      /^<div class="nb-tree"><span class="nb-tree__prefix">Int64<\/span>\[<ol class="nb-tree__items" data-type="Array">(<li>.*?<\/li>){30}<\/ol>\]<\/div>$/,
    );
  });

  it('tables get the scroll box and label the Markdown pipeline gives tables; "more" rows show as ⋮', () => {
    const ctx = context();
    const html = renderOutput(
      {
        mime: 'application/vnd.pluto.table+object',
        body: {
          schema: { names: ['a', 'b'], types: ['Int64', 'String'] },
          rows: [
            [
              1,
              [
                ['1', 'text/plain'],
                ['"<x>"', 'text/plain'],
              ],
            ],
            'more',
          ],
        },
      },
      ctx,
    );
    expect(html).toBe(
      '<div class="table-scroll" tabindex="0" role="region" aria-label="Table: columns a, b (scrolls sideways)"><table><thead><tr>' +
        '<th scope="col"><span class="sr-only">row</span></th><th scope="col">a<br><small>Int64</small></th><th scope="col">b<br><small>String</small></th></tr></thead>' +
        '<tbody><tr><th scope="row">1</th><td><code>1</code></td><td><code>&quot;&lt;x&gt;&quot;</code></td></tr><tr><th scope="row">⋮</th><td>⋮</td><td>⋮</td></tr></tbody></table></div>',
    );
  });

  it('pictures become files with alt text; SVG given as bytes (as Pluto sends it) too; an empty picture is a problem', () => {
    const ctx = context();
    expect(renderOutput({ mime: 'image/png', body: new Uint8Array([137, 80, 78, 71]) }, ctx)).toBe(
      '<img class="nb-out nb-out--picture" src="/p.png" alt="Output of the cell plot(x)" loading="lazy" decoding="async">',
    );
    renderOutput({ mime: 'image/svg+xml', body: new TextEncoder().encode('<svg></svg>') }, ctx);
    renderOutput({ mime: 'image/gif', body: new Uint8Array() }, ctx);
    expect(ctx.pictures).toEqual(['4.png', '11.svg']);
    expect(ctx.problems).toEqual(['an image/gif output without data is not shown']);
  });

  it('text is escaped and loses terminal colour codes; LaTeX and HTML go to the HTML hook', () => {
    const ctx = context();
    expect(renderOutput({ mime: 'text/plain', body: `${String.fromCharCode(27)}[31m<red>${String.fromCharCode(27)}[0m` }, ctx)).toBe(
      '<pre class="nb-out nb-out--text"><code>&lt;red&gt;</code></pre>',
    );
    expect(renderOutput({ mime: 'text/plain', body: '' }, ctx)).toBe('');
    expect(renderOutput({ mime: 'text/latex', body: '$x^2$' }, ctx)).toBe('[html <p class="tex">$$x^2$$</p>]');
    expect(renderOutput({ mime: 'text/html', body: '<b>b</b>' }, ctx)).toBe('[html <b>b</b>]');
    expect(stripAnsi('plain')).toBe('plain');
  });
});
