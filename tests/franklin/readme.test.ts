// The README's "Franklin.jl sites" section must stay true: every file it lists exists and has its
// own tests (the loader's are the build-output tests), nothing in src/franklin is left out, the URL
// examples are what paths.build.ts computes, and the files it names as wiring exist.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routeFor } from '../../src/franklin/paths.build.ts';

const root = join(import.meta.dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Franklin.jl sites'), readme.indexOf('## How it is built'));

describe('README: Franklin.jl sites', () => {
  it('lists exactly the files of src/franklin, each build-only and tested', () => {
    const listed = [...section.matchAll(/^\| `([\w-]+\.build\.ts)` \|/gm)].map((m) => m[1]).sort();
    const all = readdirSync(join(root, 'src/franklin'));
    const files = all.filter((f) => f.endsWith('.ts')).sort();
    expect(listed).toEqual(files);
    expect(all.filter((f) => !f.endsWith('.build.ts') && f.endsWith('.ts'))).toEqual([]);
    const tests = readdirSync(join(root, 'tests/franklin'));
    // The loaders (and the work they load on demand) are tested by building sites: tests/site/franklin.test.ts.
    for (const file of files.filter((f) => !['source.build.ts', 'loader.build.ts', 'load.build.ts'].includes(f))) {
      expect(tests).toContain(file.replace('.build.ts', '.test.ts'));
    }
    expect(readdirSync(join(root, 'tests/site'))).toContain('franklin.test.ts');
  });

  it('gives URL examples that paths.build.ts computes', () => {
    const row = section.split('\n').find((l) => l.startsWith('| `paths.build.ts`'))!;
    const examples = [...row.matchAll(/`([^`]+)` → `([^`]+)`/g)].filter((m) => !m[1].startsWith('base_url'));
    expect(examples.length).toBeGreaterThanOrEqual(6);
    for (const [, source, url] of examples) expect(routeFor(source).url, source).toBe(url);
  });

  it('names the files that wire Franklin sites into the build, and they do', () => {
    const wiring = [...section.matchAll(/`(src\/(?:pages|franklin|content)[^`]*\.(?:astro|ts|css))`/g)].map((m) => m[1]);
    expect(wiring.length).toBeGreaterThanOrEqual(5);
    for (const file of wiring) expect(existsSync(join(root, file)), file).toBe(true);
    expect(readFileSync(join(root, 'src/content.config.ts'), 'utf8')).toContain("from './franklin/loader.build.ts'");
  });
});
