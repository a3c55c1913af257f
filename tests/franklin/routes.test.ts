import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FRANKLIN_ROUTES, NOTEBOOK_ROUTES, routesFor } from '../../src/integrations/franklin-routes.ts';
import { tempFolder } from './temp-folder.ts';

const patterns = (routes: ReturnType<typeof routesFor>) => routes.map(([pattern]) => pattern);

describe('Franklin routes', () => {
  it('a build of a site without content/franklin/ has none of them (nothing of the importer is bundled)', () => {
    expect(routesFor(tempFolder({ 'posts/a.md': '# a' }), 'build')).toEqual([]);
  });

  it('a Franklin site gets its pages, files and feed; notebook pages only once it has a notebook', () => {
    const site = tempFolder({ 'franklin/index.md': '# Home', 'franklin/blog/a.md': '# A', 'franklin/code.jl': 'x = 1' });
    expect(patterns(routesFor(site, 'build'))).toEqual(patterns(FRANKLIN_ROUTES));
    const withNotebook = tempFolder({ 'franklin/index.md': '# Home', 'franklin/nb/demo.jl': '### A Pluto.jl notebook ###\n# v0.19.0\n' });
    expect(patterns(routesFor(withNotebook, 'build'))).toEqual(patterns([...FRANKLIN_ROUTES, ...NOTEBOOK_ROUTES]));
  });

  it('the dev server has them all, since the folder or a notebook may appear while it runs', () => {
    expect(patterns(routesFor(tempFolder({ 'posts/a.md': '# a' }), 'dev'))).toEqual(patterns([...FRANKLIN_ROUTES, ...NOTEBOOK_ROUTES]));
  });

  it('each entrypoint exists', () => {
    for (const [, entrypoint] of [...FRANKLIN_ROUTES, ...NOTEBOOK_ROUTES]) expect(existsSync(entrypoint), entrypoint).toBe(true);
  });
});
