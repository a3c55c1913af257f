// Served by src/integrations/islands.ts: the client-side islands a build bundles.
declare module 'virtual:adjoint/islands' {
  import type { AstroComponentFactory } from 'astro/runtime/server/index.js';
  /** Each widget's `src/widgets/<name>/Loader.astro`, by name (in a build, a stand-in that fails for one no page used). */
  export const loaders: Readonly<Record<string, AstroComponentFactory>>;
  /** Each bundled widget's `src/widgets/<name>/<name>.css`, minified, by name. */
  export const stylesheets: Readonly<Record<string, string>>;
  /** src/cells/CellScripts.astro (in a build without live cells, a stand-in that fails if rendered). */
  export const CellScripts: AstroComponentFactory;
}
