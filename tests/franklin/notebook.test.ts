// The notebook renderer (src/franklin/notebook.build.ts) on notebooks written
// for these tests, exported the way Pluto does (pluto-export.ts) and read back by pluto.build.ts.
import { describe, expect, it } from 'vitest';
import { juliaRepr, markdownOfCell, renderNotebook } from '../../src/franklin/notebook.build.ts';
import { notebookMarkdown } from '../../src/franklin/notebooks.build.ts';
import { readPlutoExport, readPlutoNotebook } from '../../src/franklin/pluto.build.ts';
import { macros } from '../../src/markdown/katex-options.ts';
import { DESCENT, SLIDER, SOURCE_ONLY, UNSHOWABLE } from '../fixtures/pluto-site/notebooks.ts';
import { exportNotebook, type FixtureNotebook, plutoNotebookFile } from './pluto-export.ts';
import { texAnnotation } from '../helpers/math.ts';

/** Marks code instead of highlighting it, so assertions can read it. */
const highlight = async (code: string, lang: string) => `<pre data-lang="${lang}">${code.replaceAll('<', '&lt;')}</pre>`;

async function render(nb: FixtureNotebook, file = 'notes/nb.jl.html', url = '/notes/nb.jl/') {
  return renderNotebook(readPlutoExport(exportNotebook(nb).html, file), { url, macros, highlight, outputsSaved: true });
}

describe('rendering a notebook', () => {
  it('Markdown cells are prose with KaTeX math; code is highlighted Julia; outputs sit above their code', async () => {
    const page = await render(DESCENT);
    expect(page.title).toBe('Gradient descent on a parabola');
    expect(page.heading).toBe('Gradient descent on a parabola');
    expect(page.html).not.toContain('<h1');
    expect(page.description).toBe(DESCENT.frontmatter!.description);
    expect(page.tags).toEqual(['optimisation', 'julia']);
    expect(page.date).toBe('2024-05-06');
    expect(page.hasMath).toBe(true);
    expect(page.problems).toEqual([]);
    expect(page.html).toContain('<pre data-lang="julia">step(x, η) = x - η * 2(x - 3)</pre>');
    const cell = page.html.slice(page.html.indexOf('id="a1f0c6d2-3333'));
    expect(cell.indexOf('f (generic function with 1 method)')).toBeLessThan(cell.indexOf('<pre data-lang="julia">f(x) = (x - 3)^2</pre>'));
    expect(page.download).toBe('/notes/nb.jl/nb.jl');
    expect(page.files.map((f) => f.path)).toEqual([
      '/notes/nb.jl/nb.jl',
      '/notes/nb.jl/a1f0c6d2-5555-4c1e-9a51-1f0e6b7d2a05.png',
      '/notes/nb.jl/a1f0c6d2-6666-4c1e-9a51-1f0e6b7d2a06.svg',
    ]);
    expect(page.files[0]!.body).toBe(plutoNotebookFile(DESCENT));
  });

  it('a notebook’s \\newcommand applies to all its formulas and may redefine a site macro, for that notebook only', async () => {
    const redefining = await render(DESCENT);
    const norm = redefining.html.slice(redefining.html.indexOf('\\norm{x}'), redefining.html.indexOf('is the largest entry'));
    expect(norm).toContain('∞');
    const other: FixtureNotebook = {
      cells: [
        {
          id: 'e5b4a0b6-1111-4c8d-9e0f-3a4b5c6d7e01',
          code: 'md"$\\norm{x}$"',
          output: { mime: 'text/html', body: '<p><span class="tex">$\\norm{x}$</span></p>' },
        },
      ],
    };
    const plain = await render(other);
    expect(plain.html).not.toContain('∞');
    expect(plain.html).toContain('∥'); // the site's \left\lVert … \right\rVert
    expect(macros['\\norm']).toBe('\\left\\lVert #1 \\right\\rVert');
  });

  it('@bind controls show the saved value and a note; errors and disabled cells say so; text is escaped', async () => {
    const page = await render(SLIDER, 'b/slider.jl.html', '/b/slider.jl/');
    expect(page.html).toContain('<code>η</code> = <output>0.25</output>');
    expect(page.html).toContain('moving this control needs Julia');
    expect(page.html).not.toMatch(/<input|<bond|<script/);
    expect(page.html).toContain('<div class="nb-error" role="note" tabindex="0" aria-label="Error in cell 6">');
    expect(page.html).toContain('<li><code>error(s::String)</code> <span class="nb-error__where">@ error.jl:35</span></li>');
    const tagged: FixtureNotebook = {
      cells: [
        { id: 'f6c5b1c7-1111-4d9e-8f0a-4b5c6d7e8f01', code: '"<b>"', output: { mime: 'text/plain', body: '"<b>"' } },
        { id: 'f6c5b1c7-2222-4d9e-8f0a-4b5c6d7e8f02', code: 'slow()', disabled: true },
        {
          id: 'f6c5b1c7-3333-4d9e-8f0a-4b5c6d7e8f03',
          code: 'printstyled("red"; color = :red)',
          output: { mime: 'text/html', body: '<pre class="no-block"><code><span style="color: red">red</span></code></pre>' },
        },
      ],
    };
    const escaped = await render(tagged);
    expect(escaped.html).toContain('<code>&quot;&lt;b&gt;&quot;</code></pre>');
    expect(escaped.html).toContain('This cell is disabled in the notebook');
    expect(escaped.html).toContain('<pre data-lang="julia">slow()</pre>');
    // Pluto's coloured text output is printed text: not highlighted as Julia.
    expect(escaped.html).toContain('<pre data-lang="plaintext">red</pre>');
  });

  it('the title falls back to the first heading, then to the file name', async () => {
    const headed = await render(SLIDER, 'b/slider.jl.html', '/b/slider.jl/');
    expect(headed.title).toBe('Choosing the step size');
    expect(headed.heading).toBe('Choosing the step size');
    expect(headed.html).not.toContain('Choosing the step size</h2>');
    const bare = await render(
      { cells: [{ id: '1b2c3d4e-1111-4f5a-9b0c-1d2e3f4a5b01', code: '1 + 1', output: { mime: 'text/plain', body: '2' } }] },
      'x/sums.jl.html',
    );
    expect(bare.title).toBe('sums');
    expect(bare.heading).toBeUndefined();
  });

  it('what cannot be shown is a problem naming the file and the cell, and shows marked, never as KaTeX red text', async () => {
    const page = await render(UNSHOWABLE, 'half.jl.html', '/half.jl/');
    expect(page.problems).toEqual([
      expect.stringMatching(/^half\.jl\.html: cell d4a3f9a5-1111-4b7c-8d9e-2f3a4b5c6d01: math \$\\frac\{1\}\{2\$: KaTeX parse error/),
      'half.jl.html: cell d4a3f9a5-2222-4b7c-8d9e-2f3a4b5c6d02: an output of type application/vnd.plotly.v1+json cannot be shown without Pluto; it is left out with a note',
    ]);
    expect(page.html).toContain('<code class="nb-math-error" title="KaTeX could not typeset this formula">\\frac{1}{2</code>');
    expect(page.html).not.toContain('katex-error');
  });

  it('a bare .jl notebook: code without outputs; Markdown cells as prose when they need no Julia value, else their source', async () => {
    const nb = readPlutoNotebook(plutoNotebookFile(SOURCE_ONLY), 'n/newton.jl');
    const page = await renderNotebook(nb, {
      url: '/n/newton.jl/',
      macros,
      highlight,
      markdown: await notebookMarkdown(),
      outputsSaved: false,
    });
    expect(page.outputsSaved).toBe(false);
    expect(page.title).toBe('Newton steps, source only');
    expect(page.heading).toBe('Newton steps');
    expect(page.problems).toEqual([]);
    expect(page.html).toContain('<p>Each step divides by the slope:</p>');
    expect(page.html).toContain('<div class="nb-math"><span class="katex-display" tabindex="0">');
    expect(page.html).toContain(texAnnotation("f'(x_k) \\neq 0"));
    expect(page.html).not.toContain('md"""');
    expect(page.html).toContain('<pre data-lang="julia">newton(f, df, x) = x - f(x) / df(x)</pre>');
    // It interpolates a value only Julia can compute: its source is shown, open.
    expect(page.html).toContain(
      '<div class="nb-code"><pre data-lang="julia">md"After ten steps from 1.0 the root of x² − 2 is $(newton_root)."</pre></div>',
    );
    expect(page.html).not.toContain('nb-output');
    expect(page.files).toEqual([{ path: '/n/newton.jl/newton.jl', body: plutoNotebookFile(SOURCE_ONLY) }]);
    // Without a Markdown renderer, every Markdown cell shows its source.
    const plain = await renderNotebook(nb, { url: '/n/newton.jl/', macros, highlight, outputsSaved: false });
    expect(plain.html).toContain('<div class="nb-code"><pre data-lang="julia">md"""\n# Newton steps');
  });

  it('the text of a Markdown cell, unless it interpolates a Julia value', () => {
    expect(markdownOfCell('md"""\n# A\n\n$$x = 1$$\n"""')).toBe('\n# A\n\n$$\nx = 1\n$$\n');
    expect(markdownOfCell('md"a \\"quoted\\" $x$"')).toBe('a "quoted" $x$');
    expect(markdownOfCell('md"the value is $(x)"')).toBeNull();
    expect(markdownOfCell('1 + 1')).toBeNull();
  });

  it('saved @bind values print the way Julia shows them', () => {
    expect([0.25, 3, true, 'a"b', null, [1, 2.5], { k: 'v' }].map(juliaRepr)).toEqual([
      '0.25',
      '3',
      'true',
      '"a\\"b"',
      'nothing',
      '[1, 2.5]',
      'Dict("k" => "v")',
    ]);
  });
});
