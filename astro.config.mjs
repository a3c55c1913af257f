// @ts-check
// Adjoint's Astro configuration. The Markdown pipeline lives in src/markdown/pipeline.ts,
// the site's name and URL in src/site.config.ts.
//
// Environment hooks (used by the build-output tests to build small fixture sites):
//   ADJOINT_CONTENT_DIR  folder with posts/ and about.md (default: content), read in src/content.config.ts
//   ADJOINT_OUT_DIR      where the site is written (default: dist; built in .dist-staging beside it first)
//   ADJOINT_BASE         the path the site is served under, e.g. /repo/ for GitHub Pages (default: /), src/base-path.ts
//   ADJOINT_SITE         the origin it is published at (default: url in src/site.config.ts)
//   ADJOINT_CACHE_DIR    Astro's cache (default: node_modules/.astro/render-<hash of the rendering code>)
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import checkLinks from './src/integrations/check-links.ts';
import drafts from './src/integrations/drafts.ts';
import franklinRoutes from './src/integrations/franklin-routes.ts';
import islands from './src/integrations/islands.ts';
import { withLastmod } from './src/integrations/sitemap-lastmod.ts';
import katexAssets from './src/integrations/katex-assets.ts';
import pagefind from './src/integrations/pagefind.ts';
import stagedOutput, { stagingDir } from './src/integrations/staged-output.ts';
import { lazyUnified } from './src/markdown/lazy-processor.ts';
import { shikiConfig } from './src/markdown/options.ts';
import { contentDir, site } from './src/site.config.ts';
import { BASE } from './src/base-path.ts';

/**
 * Astro keeps rendered Markdown in its cache and re-renders a post only when the post
 * changes, not when a Markdown plugin or KaTeX does. Keying the cache folder on the code
 * that renders (our plugins, the widgets they embed, the lockfile) makes such a change
 * re-render everything, so a build never serves HTML made by old code.
 */
function renderCacheDir() {
  const hash = createHash('sha256');
  const files = ['package-lock.json', 'astro.config.mjs'];
  for (const dir of ['src/markdown', 'src/widgets', 'src/cells', 'src/autodiff']) {
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) files.push(join(entry.parentPath, entry.name));
    }
  }
  hash.update(`base ${BASE}`); // rendered Markdown holds its links with the base in front
  for (const file of files.sort()) {
    hash.update(file);
    if (existsSync(file)) hash.update(readFileSync(file));
  }
  return `./node_modules/.astro/render-${hash.digest('hex').slice(0, 12)}`;
}

const outDir = process.env.ADJOINT_OUT_DIR ?? './dist';

export default defineConfig({
  site: process.env.ADJOINT_SITE || site.url,
  base: BASE,
  outDir,
  cacheDir: process.env.ADJOINT_CACHE_DIR ?? renderCacheDir(),
  trailingSlash: 'ignore',
  build: {
    format: 'directory',
    // The site's CSS (about 5 KB compressed) goes into each page's <style>: a linked
    // stylesheet holds the first paint for a round trip, which on a phone costs more than
    // the few KB every page carries again.
    inlineStylesheets: 'always',
  },
  markdown: {
    // Astro 7's default processor (Sätteri) does not run remark/rehype plugins;
    // remark-math, rehype-katex and our own plugins need the unified one. Its plugins load
    // when a post first renders: a rebuild that renders nothing never loads them.
    processor: lazyUnified(() => import('./src/markdown/pipeline.ts')),
    shikiConfig,
  },
  // Order matters: KaTeX assets are written before the link checker looks for them, the search
  // index is built from pages that passed it, and
  // stagedOutput comes last: a build writes to a staging folder (the sitemap reads the pages
  // there) that replaces outDir only once every check above has passed.
  integrations: [
    drafts(),
    franklinRoutes({ contentDir }),
    islands(),
    sitemap({ filter: (page) => !page.endsWith('/404/'), serialize: withLastmod(stagingDir(outDir)) }),
    katexAssets(),
    checkLinks(),
    pagefind(),
    stagedOutput(),
  ],
  devToolbar: { enabled: false },
});
