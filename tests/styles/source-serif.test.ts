// src/styles/source-serif.css declares fontsource's Source Serif faces itself, to split them
// into two families (the file says why). Twelve rules copied from a dependency drift when it
// updates, so this reads fontsource's own stylesheets and checks the copy face by face: the
// same files, styles, weights and unicode ranges, the Latin faces in the body family and every
// other script in the second one.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const fontsource = dirname(require.resolve('@fontsource-variable/source-serif-4/wght.css'));
const ours = readFileSync(resolve(import.meta.dirname, '../../src/styles/source-serif.css'), 'utf8');

interface Face {
  family: string;
  file: string;
  style: string;
  weight: string;
  range: string;
}

/** The @font-face rules of a stylesheet, one entry per face, keyed by its file's name. */
function faces(css: string): Map<string, Face> {
  const out = new Map<string, Face>();
  for (const [, body] of css.matchAll(/@font-face\s*\{([^}]*)\}/g)) {
    const value = (name: string) => body!.match(new RegExp(`${name}:\\s*([^;]+);`))?.[1]?.trim() ?? '';
    const file = value('src').match(/([\w-]+\.woff2)/)![1]!;
    out.set(file, {
      family: value('font-family').replace(/["']/g, ''),
      file,
      style: value('font-style'),
      weight: value('font-weight'),
      range: value('unicode-range').replace(/\s+/g, ''),
    });
  }
  return out;
}

describe('source-serif.css', () => {
  const upstream = new Map([
    ...faces(readFileSync(join(fontsource, 'wght.css'), 'utf8')),
    ...faces(readFileSync(join(fontsource, 'wght-italic.css'), 'utf8')),
  ]);
  const declared = faces(ours);

  it("declares fontsource's upright and italic faces, no more and no fewer", () => {
    expect(upstream.size).toBe(12);
    expect([...declared.keys()].sort()).toEqual([...upstream.keys()].sort());
  });

  it('keeps each face’s style, weights and unicode range', () => {
    for (const [file, face] of upstream) {
      const { family: _, ...rest } = face;
      const { family: __, ...copy } = declared.get(file)!;
      expect(copy, file).toEqual(rest);
    }
  });

  it('puts the Latin faces in the body family and every other script in the second one', () => {
    for (const [file, face] of declared) {
      const latin = /^source-serif-4-latin-wght-/.test(file);
      expect(face.family, file).toBe(latin ? 'Source Serif 4 Variable' : 'Source Serif 4 Variable Scripts');
    }
  });
});
