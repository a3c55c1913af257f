// The pluto-site fixture's notebooks: the exports under tests/fixtures/pluto-site/ are what the
// export helper makes from notebooks.ts (regenerate with `node tests/fixtures/pluto-site/notebooks.ts`),
// and the numbers their outputs show are checked against the engine and finite differences.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gradient, mul, sub } from '../../src/autodiff/index.ts';
import { readPlutoExport } from '../../src/franklin/pluto.build.ts';
import { badSites, DESCENT, iterates, SLIDER, SOURCE_ONLY, UNSHOWABLE } from '../fixtures/pluto-site/notebooks.ts';
import { exportNotebook, plutoNotebookFile } from './pluto-export.ts';

const DIR = 'tests/fixtures/pluto-site';
const read = (path: string) => readFileSync(`${DIR}/${path}`, 'utf8');

describe('the pluto-site fixture', () => {
  it('holds exactly what the export helper makes from notebooks.ts (regenerate when this fails)', () => {
    expect(read('content/franklin/notebooks/descent.jl.html')).toBe(exportNotebook(DESCENT).html);
    expect(read('content/franklin/notebooks/bind/slider.jl.html')).toBe(exportNotebook(SLIDER).html);
    expect(read('content/franklin/notebooks/newton.jl')).toBe(plutoNotebookFile(SOURCE_ONLY));
    expect(read('unshowable/content/franklin/half.jl.html')).toBe(exportNotebook(UNSHOWABLE).html);
    for (const [path, text] of Object.entries(badSites(exportNotebook(SOURCE_ONLY).html).corrupt))
      expect(read(`corrupt/content/${path}`)).toBe(text);
  });

  it('the exports read back: frontmatter, cells in order, saved bonds', () => {
    const nb = readPlutoExport(read('content/franklin/notebooks/descent.jl.html'), 'descent.jl.html');
    expect(nb.frontmatter).toEqual(DESCENT.frontmatter);
    expect(nb.cells.map((c) => c.id)).toEqual(DESCENT.cells.map((c) => c.id));
    expect(readPlutoExport(read('content/franklin/notebooks/bind/slider.jl.html'), 'slider.jl.html').bonds).toEqual({
      η: 0.25,
      show_steps: true,
    });
  });

  it('the descent steps shown are x − η f′(x) with f′ from the engine, which matches finite differences', () => {
    const f = (x: number) => (x - 3) ** 2;
    let x = 0;
    const steps: number[] = [];
    for (let k = 0; k < 6; k++) {
      const [slope] = gradient((t) => mul(sub(t, 3), sub(t, 3)), x) as [number];
      const h = 1e-6;
      expect(slope).toBeCloseTo((f(x + h) - f(x - h)) / (2 * h), 5);
      x -= 0.25 * slope;
      steps.push(x);
    }
    expect(steps).toEqual(iterates(0.25, 6));
    expect(iterates(0.25, 3)).toEqual([1.5, 2.25, 2.625]);
    // The slider notebook's loss after ten steps, 9(1 − 2η)^20 at η = 1/4, as Julia prints it.
    expect(f(iterates(0.25, 10)[9]!)).toBeCloseTo(8.58306884765625e-6, 18);
    expect(9 * 0.5 ** 20).toBe(8.58306884765625e-6);
  });
});
