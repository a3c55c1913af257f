// One-way dependencies (STYLE.md §8): engine ← core ← shell. Only train.ts and seeds.ts talk
// to the engine; the renderers take data and never reach for the engine, the run or the DOM
// shell; the pure core never touches the DOM.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = 'src/widgets/nn-playground';
const files = readdirSync(DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
/** Value imports (type-only imports carry no code and no dependency at run time). */
const importsOf = (file: string) =>
  [...readFileSync(join(DIR, file), 'utf8').matchAll(/^import\s(?!type\s)[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]);

describe('nn-playground import directions', () => {
  it('only train.ts and seeds.ts import the engine', () => {
    const engineUsers = files.filter((f) => importsOf(f).some((p) => p.includes('autodiff')));
    expect(engineUsers.sort()).toEqual(['seeds.ts', 'train.ts']);
  });

  it('renderers import neither the engine nor the run, the trainer or the shell', () => {
    for (const file of files.filter((f) => f.startsWith('render/'))) {
      for (const path of importsOf(file)) {
        expect(path, `${file} imports ${path}`).not.toMatch(/autodiff|run\.ts|train\.ts|element\.ts|seeds\.ts/);
      }
    }
  });

  it('the pure core uses no DOM', () => {
    const core = [
      'state.ts',
      'datasets.ts',
      'model.ts',
      'formulas.ts',
      'gradcheck.ts',
      'grid.ts',
      'run.ts',
      'train.ts',
      'seeds.ts',
      'png.build.ts',
      'static.build.ts',
      'markup.ts',
      'controller.ts',
      'spec.ts',
    ];
    for (const file of core) {
      const text = readFileSync(join(DIR, file), 'utf8');
      expect(text, file).not.toMatch(/\b(document\.|window\.|HTMLElement|requestAnimationFrame|location\.|history\.replaceState)/);
    }
  });
});
