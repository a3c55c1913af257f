import { Buffer } from 'node:buffer';
import { decode, encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import {
  PlutoExportError,
  parsePlutoNotebookFile,
  plutoExtensionCodec,
  readPlutoExport,
  readPlutoNotebook,
} from '../../src/franklin/pluto.build.ts';
import { exportNotebook, type FixtureNotebook, plutoDateTime, plutoExportHtml, plutoNotebookFile, plutoState } from './pluto-export.ts';

// A 1×1 PNG, as a plot's saved output would be (Pluto sends it as a UInt8 typed array).
const PNG = new Uint8Array(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'),
);
const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><path d="M0 20 Q20 -10 40 20" fill="none" stroke="black"/></svg>';

/** Markdown- and math-heavy, with a plot: gradient descent on f(x) = (x − 3)². */
const DESCENT: FixtureNotebook = {
  frontmatter: {
    title: 'Gradient descent on a parabola',
    description: 'Steps down f(x) = (x − 3)² and plots them.',
    tags: ['optimisation', 'julia'],
  },
  cells: [
    {
      id: '0c9e6f2a-0001-4c1e-9a51-1f0e6b7d2a01',
      code: 'md"""\n# Gradient descent on a parabola\n\nFor $f(x) = (x-3)^2$ the derivative is $f\'(x) = 2(x-3)$, so one step is\n\n$$x_{k+1} = x_k - \\eta\\, f\'(x_k).$$\n"""',
      folded: true,
      output: {
        mime: 'text/html',
        body: '<div class="markdown"><h1>Gradient descent on a parabola</h1><p>For <span class="tex">$f(x) = (x-3)^2$</span> …</p></div>',
      },
    },
    {
      id: '0c9e6f2a-0002-4c1e-9a51-1f0e6b7d2a02',
      code: 'f(x) = (x - 3)^2\nf′(x) = 2(x - 3)',
      output: { mime: 'text/plain', body: 'f′ (generic function with 1 method)', rootassignee: null },
    },
    {
      id: '0c9e6f2a-0003-4c1e-9a51-1f0e6b7d2a03',
      code: 'xs = accumulate((x, _) -> x - 0.25 * f′(x), 1:8; init = 0.0)',
      output: {
        mime: 'application/vnd.pluto.tree+object',
        body: {
          type: 'Array',
          elements: [
            [1, '1.5'],
            [2, '2.25'],
          ],
        },
        rootassignee: 'xs',
      },
    },
    {
      id: '0c9e6f2a-0004-4c1e-9a51-1f0e6b7d2a04',
      code: 'plot(xs; marker = :circle)',
      folded: true,
      output: { mime: 'image/png', body: PNG },
    },
    { id: '0c9e6f2a-0005-4c1e-9a51-1f0e6b7d2a05', code: 'sketch()', output: { mime: 'image/svg+xml', body: SVG } },
    { id: '0c9e6f2a-0006-4c1e-9a51-1f0e6b7d2a06', code: 'heavy_benchmark()', disabled: true },
  ],
};

/** With @bind: a slider for the step size, and what it changes. */
const SLIDER: FixtureNotebook = {
  version: 'v0.20.4',
  cells: [
    { id: '5a1b2c3d-0001-4e5f-8a9b-0c1d2e3f4a01', code: 'using PlutoUI', output: { mime: 'text/plain', body: '' } },
    {
      id: '5a1b2c3d-0002-4e5f-8a9b-0c1d2e3f4a02',
      code: '@bind η Slider(0.05:0.05:0.95; default = 0.25, show_value = true)',
      output: {
        mime: 'text/html',
        body: '<bond def="η" unique_id="Kq3"><input type="range" min="1" max="19" value="5"><output>0.25</output></bond>',
      },
    },
    {
      id: '5a1b2c3d-0003-4e5f-8a9b-0c1d2e3f4a03',
      code: 'loss_after_ten = (1 - 2η)^20 * 9',
      output: { mime: 'text/plain', body: '0.008626...', rootassignee: 'loss_after_ten' },
    },
    {
      id: '5a1b2c3d-0004-4e5f-8a9b-0c1d2e3f4a04',
      code: 'error("diverged")',
      errored: true,
      output: { mime: 'application/vnd.pluto.stacktrace+object', body: { msg: 'diverged', stacktrace: [] } },
    },
  ],
  bonds: { η: 0.25 },
};

describe('reading a Pluto export', () => {
  it('round-trips a Markdown- and math-heavy notebook with plot outputs', () => {
    const { html, source } = exportNotebook(DESCENT);
    const nb = readPlutoExport(html, 'notes/descent.jl.html');
    expect(nb.file).toBe('notes/descent.jl.html');
    expect(nb.source).toBe(source);
    expect(nb.version).toBe('v0.19.46');
    expect(nb.frontmatter).toEqual(DESCENT.frontmatter);
    expect(nb.cells.map((c) => c.id)).toEqual(DESCENT.cells.map((c) => c.id));
    expect(nb.cells.map((c) => [c.folded, c.disabled])).toEqual([
      [true, false],
      [false, false],
      [false, false],
      [true, false],
      [false, false],
      [false, true],
    ]);
    expect(nb.cells[0].code).toContain("$$x_{k+1} = x_k - \\eta\\, f'(x_k).$$");
    expect(nb.cells[0].output).toEqual({ mime: 'text/html', body: DESCENT.cells[0].output!.body, rootassignee: null });
    expect(nb.cells[2].output).toMatchObject({ mime: 'application/vnd.pluto.tree+object', rootassignee: 'xs' });
    const png = nb.cells[3].output!;
    expect(png.mime).toBe('image/png');
    expect(png.body).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(png.body as Uint8Array).equals(Buffer.from(PNG))).toBe(true);
    expect(nb.cells[4].output).toMatchObject({ mime: 'image/svg+xml', body: SVG });
  });

  it('round-trips a notebook with @bind: the saved value of each bound variable and errored cells', () => {
    const nb = readPlutoExport(exportNotebook(SLIDER).html, 'nb/slider.jl.html');
    expect(nb.bonds).toEqual({ η: 0.25 });
    expect(nb.version).toBe('v0.20.4');
    expect(nb.frontmatter).toEqual({});
    expect(nb.cells[1].output?.body).toContain('<bond def="η"');
    expect(nb.cells[2].output).toEqual({ mime: 'text/plain', body: '0.008626...', rootassignee: 'loss_after_ten' });
    expect(nb.cells.map((c) => c.errored)).toEqual([false, false, false, true]);
    expect(nb.source).toContain('macro bind(def, element)');
  });

  it('reads the launch parameters, not a look-alike earlier in the page, and accepts an older unmarked export', () => {
    const { html } = exportNotebook(SLIDER);
    const decoy = html.replace(
      '<meta charset="utf-8">',
      '<meta charset="utf-8">\n<script>/* docs */ window.pluto_statefile = "data:;base64,AAAA";</script>',
    );
    expect(readPlutoExport(decoy, 'x.jl.html').bonds).toEqual({ η: 0.25 });
    const unmarked = html.replace(' data-pluto-file="launch-parameters"', '');
    expect(readPlutoExport(unmarked, 'x.jl.html').cells).toHaveLength(4);
  });

  it("takes the frontmatter from the .jl file when the state has none (older Pluto), and decodes Pluto's extension types", () => {
    const state = { ...plutoState(DESCENT), metadata: undefined };
    const html = plutoExportHtml(plutoNotebookFile(DESCENT), state);
    expect(readPlutoExport(html, 'a.jl.html').frontmatter).toEqual(DESCENT.frontmatter);
    const packed = encode(
      { when: plutoDateTime(new Date('2024-05-06T07:08:09Z')), xs: new Float64Array([0.5, 1.25]), n: new Int16Array([-2, 7]) },
      { extensionCodec: plutoExtensionCodec },
    );
    // The values travel as Pluto's extensions: fixext8 type 0x0d, fixext16 type 0x18, fixext4 type 0x13.
    expect(Buffer.from(packed).includes(Buffer.from([0xd7, 0x0d]))).toBe(true);
    expect(Buffer.from(packed).includes(Buffer.from([0xd8, 0x18]))).toBe(true);
    expect(Buffer.from(packed).includes(Buffer.from([0xd6, 0x13]))).toBe(true);
    const back = decode(Buffer.from(packed), { extensionCodec: plutoExtensionCodec }) as Record<string, unknown>;
    expect(back.when).toEqual(new Date('2024-05-06T07:08:09Z'));
    expect(back.xs).toEqual(new Float64Array([0.5, 1.25]));
    expect(back.n).toEqual(new Int16Array([-2, 7]));
  });
});

describe('exports from older Pluto versions', () => {
  it('reads the launch parameters as Export.jl wrote them before the insertion-spot meta tags (no semicolons, a comment marks the spot)', () => {
    // Pluto.jl src/notebook/Export.jl (0.17-era): parameters replace the comment
    // `<!-- [automatically generated launch parameters can be inserted here] -->` and keep it after them.
    const { html, source } = exportNotebook(SLIDER);
    const params = /<script data-pluto-file="launch-parameters">[\s\S]*?<\/script>/.exec(html)![0];
    const notebookfile = /window\.pluto_notebookfile = ("[^"]*");/.exec(params)![1];
    const statefile = /window\.pluto_statefile = ("[^"]*");/.exec(params)![1];
    const older = `<!DOCTYPE html><html><head><meta charset="utf-8"><script type="module" src="https://cdn.jsdelivr.net/gh/fonsp/Pluto.jl@0.17.1/frontend/editor.js"></script>
<script data-pluto-file="launch-parameters">
window.pluto_notebookfile = ${notebookfile}
window.pluto_disable_ui = true
window.pluto_slider_server_url = undefined
window.pluto_binder_url = "https://mybinder.org/v2/gh/fonsp/pluto-on-binder/v0.17.1"
window.pluto_statefile = ${statefile}
</script>
<!-- [automatically generated launch parameters can be inserted here] -->
</head><body></body></html>`;
    const nb = readPlutoExport(older, 'old.jl.html');
    expect(nb.source).toBe(source);
    expect(nb.bonds).toEqual({ η: 0.25 });
    expect(nb.cells).toHaveLength(SLIDER.cells.length);
  });
});

describe('broken exports fail with the file named', () => {
  const good = plutoNotebookFile(SLIDER);
  const stateB64 = Buffer.from(encode(plutoState(SLIDER), { extensionCodec: plutoExtensionCodec })).toString('base64');
  const fails = (html: string) => {
    try {
      readPlutoExport(html, 'posts/nb.jl.html');
    } catch (error) {
      expect(error).toBeInstanceOf(PlutoExportError);
      return (error as Error).message;
    }
    throw new Error('expected the export to be rejected');
  };

  it('rejects corrupt base64 and says where', () => {
    const corrupt = `"data:;base64,${stateB64.slice(0, 40)}!${stateB64.slice(41)}"`;
    expect(fails(plutoExportHtml(good, null, { statefileJs: corrupt }))).toBe(
      'posts/nb.jl.html: window.pluto_statefile: corrupt base64 (unexpected `!` at character 41)',
    );
    expect(fails(plutoExportHtml(good, null, { statefileJs: `"data:;base64,${stateB64.slice(0, -3)}"` }))).toBe(
      'posts/nb.jl.html: window.pluto_statefile: corrupt base64 (truncated or badly padded)',
    );
  });

  it('rejects corrupt MessagePack, a state that is not a notebook, and a cell without code', () => {
    const bytes = Buffer.from([0x82, 0xa3, 0x61, 0x62, 0x63, 0xc1, 0x00, 0x00]).toString('base64');
    expect(fails(plutoExportHtml(good, null, { statefileJs: `"data:;base64,${bytes}"` }))).toMatch(
      /^posts\/nb\.jl\.html: window\.pluto_statefile: corrupt MessagePack \(.+\)$/,
    );
    const truncated = Buffer.from(encode(plutoState(SLIDER), { extensionCodec: plutoExtensionCodec }).slice(0, 200)).toString('base64');
    expect(fails(plutoExportHtml(good, null, { statefileJs: `"data:;base64,${truncated}"` }))).toMatch(/corrupt MessagePack/);
    expect(fails(plutoExportHtml(good, [1, 2, 3]))).toBe(
      'posts/nb.jl.html: window.pluto_statefile: the saved state is not a notebook (expected a map)',
    );
    const state = plutoState(SLIDER);
    delete (state.cell_inputs as Record<string, unknown>)['5a1b2c3d-0003-4e5f-8a9b-0c1d2e3f4a03'];
    expect(fails(plutoExportHtml(good, state))).toBe(
      'posts/nb.jl.html: cell 5a1b2c3d-0003-4e5f-8a9b-0c1d2e3f4a03: listed in cell_order but its code is missing from cell_inputs',
    );
  });

  it('rejects pages that are not exports, exports without embedded data, and a source that is not a notebook', () => {
    expect(fails('<html><body>Hello</body></html>')).toBe(
      'posts/nb.jl.html: not a Pluto export: window.pluto_notebookfile and window.pluto_statefile are missing',
    );
    expect(fails(plutoExportHtml(good, null, { statefileJs: '"https://bucket.example/nb.plutostate"' }))).toMatch(
      /window\.pluto_statefile points to https:\/\/bucket\.example\/nb\.plutostate instead of embedding it/,
    );
    expect(fails(plutoExportHtml(good, null, { statefileJs: 'undefined' }))).toMatch(/window\.pluto_statefile is missing/);
    expect(fails(plutoExportHtml('println("hi")', plutoState(SLIDER)))).toBe(
      'posts/nb.jl.html: not a Pluto notebook: the first line is not "### A Pluto.jl notebook ###"',
    );
  });
});

describe('the .jl notebook file', () => {
  it('reads cells, display order, folded and disabled cells; skips the package cells', () => {
    const text = `${plutoNotebookFile(DESCENT).replace('# ╔═╡ Cell order:', '# ╔═╡ 00000000-0000-0000-0000-000000000001\nPLUTO_PROJECT_TOML_CONTENTS = """\n[deps]\n"""\n\n# ╔═╡ Cell order:')}# ╟─00000000-0000-0000-0000-000000000001\n`;
    const file = parsePlutoNotebookFile(text, 'x.jl');
    expect(file.order).toEqual(DESCENT.cells.map((c) => c.id));
    expect(file.cells.get(DESCENT.cells[0].id)).toMatchObject({ folded: true, code: DESCENT.cells[0].code });
    expect(file.cells.get(DESCENT.cells[1].id)?.code).toBe(DESCENT.cells[1].code);
    expect(file.cells.get(DESCENT.cells[5].id)).toMatchObject({ code: 'heavy_benchmark()', metadata: { disabled: true } });
    expect(file.frontmatter.tags).toEqual(['optimisation', 'julia']);
  });

  it('gives a .jl notebook the same typed form as an export, without outputs', () => {
    const fromFile = readPlutoNotebook(plutoNotebookFile(DESCENT), 'notes/descent.jl');
    const fromExport = readPlutoExport(exportNotebook(DESCENT).html, 'notes/descent.jl.html');
    expect(fromFile.cells).toEqual(fromExport.cells.map((c) => ({ ...c, output: null })));
    expect(fromFile.frontmatter).toEqual(fromExport.frontmatter);
    expect(() => readPlutoNotebook('# just julia\nx = 1\n', 'scripts/x.jl')).toThrow('scripts/x.jl: not a Pluto notebook');
  });
});
