// The playground's pure core never touches the DOM (STYLE.md §11). Its import directions
// (only train.ts and seeds.ts talk to the engine; renderers take data) are the rules
// playground-engine-adapters and renderers-take-data in .dependency-cruiser.cjs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = 'src/widgets/nn-playground';

describe('nn-playground pure core', () => {
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
