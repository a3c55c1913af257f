// The routes of an imported Franklin site (src/franklin/routes/: its pages, files, feed and Pluto
// notebooks) exist only when the site has one (content/franklin/), or while authoring, where the
// folder may appear at any time.
//
// Why not src/pages/: Astro bundles every page route into the build, and the notebook pages
// reach the whole Markdown pipeline, the widgets' static renderers and the autodiff engine
// (~0.5 MB of server code). A site without Franklin content bundled all of it on every build for
// routes that publish nothing: a third of the extra cost of a warm build over bare Astro in
// `npm run bench -- build`.
import type { AstroIntegration } from 'astro';
import { existsSync } from 'node:fs';

/** Pattern → entrypoint, as the file names would have routed them under src/pages/. */
export const FRANKLIN_ROUTES: readonly (readonly [string, string])[] = [
  ['/[...franklin]', './src/franklin/routes/[...franklin].astro'],
  ['/[...franklinFile]', './src/franklin/routes/[...franklinFile].ts'],
  ['/[franklinFeed].xml', './src/franklin/routes/[franklinFeed].xml.ts'],
  ['/[...notebook]', './src/franklin/routes/[...notebook].astro'],
  ['/[...notebookFile]', './src/franklin/routes/[...notebookFile].ts'],
];

export default function franklinRoutes({ dir }: { dir: string }): AstroIntegration {
  return {
    name: 'adjoint:franklin-routes',
    hooks: {
      'astro:config:setup': ({ command, injectRoute }) => {
        if (command !== 'dev' && !existsSync(dir)) return;
        for (const [pattern, entrypoint] of FRANKLIN_ROUTES) injectRoute({ pattern, entrypoint });
      },
    },
  };
}
