// The README's "Franklin.jl sites: in progress" section must stay true: every file it lists exists
// and has its own tests, nothing in src/franklin is left out, the URL examples are what
// paths.build.ts computes, and nothing in the build imports src/franklin yet ("not wired").
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routeFor } from '../../src/franklin/paths.build.ts';

const root = join(import.meta.dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Franklin.jl sites: in progress'), readme.indexOf('## How it is built'));

describe('README: Franklin.jl sites', () => {
  it('lists exactly the files of src/franklin, each build-only and tested', () => {
    const listed = [...section.matchAll(/^\| `([\w-]+\.build\.ts)` \|/gm)].map((m) => m[1]).sort();
    const files = readdirSync(join(root, 'src/franklin')).sort();
    expect(listed).toEqual(files);
    const tests = readdirSync(join(root, 'tests/franklin'));
    for (const file of files.filter((f) => f !== 'source.build.ts')) expect(tests).toContain(file.replace('.build.ts', '.test.ts'));
  });

  it('gives URL examples that paths.build.ts computes', () => {
    const row = section.split('\n').find((l) => l.startsWith('| `paths.build.ts`'))!;
    const examples = [...row.matchAll(/`([^`]+)` → `([^`]+)`/g)].filter((m) => !m[1].startsWith('base_url'));
    expect(examples.length).toBeGreaterThanOrEqual(6);
    for (const [, source, url] of examples) expect(routeFor(source).url, source).toBe(url);
  });

  it('is honest that Franklin pages are not wired into the build yet (only its Pluto notebooks are)', () => {
    expect(section).toContain('Franklin pages are not wired into the build yet');
    const sources = [
      'astro.config.mjs',
      'src/content.config.ts',
      ...readdirSync(join(root, 'src/integrations')).map((f) => `src/integrations/${f}`),
    ];
    for (const file of sources) expect(readFileSync(join(root, file), 'utf8'), file).not.toContain('franklin/');
  });
});
