// The routes of an imported Franklin site (src/franklin/routes/: its pages, files and feed) exist
// only when the site has one (content/franklin/), and those of Pluto notebooks only when it has a
// notebook; while authoring, where either may appear at any time, they always do.
//
// Why not src/pages/: Astro bundles every page route into the build, and the notebook pages
// reach the whole Markdown pipeline, the widgets' static renderers and the autodiff engine
// (~0.5 MB of server code). A site without Franklin content bundled all of it on every build for
// routes that publish nothing: a third of the extra cost of a warm build over bare Astro in
// `npm run bench -- build`.
import type { AstroIntegration } from 'astro';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { notebookSources } from '../franklin/notebook-sources.build.ts';

type Routes = readonly (readonly [pattern: string, entrypoint: string])[];

/** Pattern → entrypoint, as the file names would have routed them under src/pages/. */
export const FRANKLIN_ROUTES: Routes = [
  ['/[...franklin]', './src/franklin/routes/[...franklin].astro'],
  ['/[...franklinFile]', './src/franklin/routes/[...franklinFile].ts'],
  ['/[franklinFeed].xml', './src/franklin/routes/[franklinFeed].xml.ts'],
];

/** The notebook pages render notebooks with the whole Markdown pipeline: only for a site that has one. */
export const NOTEBOOK_ROUTES: Routes = [
  ['/[...notebook]', './src/franklin/routes/[...notebook].astro'],
  ['/[...notebookFile]', './src/franklin/routes/[...notebookFile].ts'],
];

/** The routes a build of the site in `contentDir` needs (all of them under `astro dev`). */
export function routesFor(contentDir: string, command: string): Routes {
  if (command === 'dev') return [...FRANKLIN_ROUTES, ...NOTEBOOK_ROUTES];
  if (!existsSync(join(contentDir, 'franklin'))) return [];
  return notebookSources(contentDir).length > 0 ? [...FRANKLIN_ROUTES, ...NOTEBOOK_ROUTES] : FRANKLIN_ROUTES;
}

export default function franklinRoutes({ contentDir }: { contentDir: string }): AstroIntegration {
  return {
    name: 'adjoint:franklin-routes',
    hooks: {
      'astro:config:setup': ({ command, injectRoute }) => {
        for (const [pattern, entrypoint] of routesFor(contentDir, command)) injectRoute({ pattern, entrypoint });
      },
    },
  };
}
