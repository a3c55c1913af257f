// Full-text search: after the build, Pagefind indexes the built posts and the about page and
// writes its index and its search library to <output>/pagefind/. Nothing here ships to readers
// except those files, which the search dialog (src/components/search-dialog.ts) fetches only
// when a reader opens search. List this integration after the checks and before stagedOutput,
// so the index is written into the staging folder and moves into dist/ with the pages it
// describes (a failed build leaves the previous dist/ and its index together).
//
// What is indexed: <main> of each page whose layout marks it searchable (`data-pagefind-body`,
// src/layouts/Base.astro): posts, Franklin pages and Pluto notebooks wherever their URLs are, and
// the about page. Pagefind leaves out every page without the mark once one page has it: the home
// page, tag pages, the 404 and redirect pages. Math is indexed as its TeX
// source, which KaTeX keeps in the MathML's <annotation>: searching `softmax` or `nabla` finds
// a formula, and a result's excerpt shows the formula as the author wrote it. A widget's caption
// is indexed; its controls and numbers (the static first frame) are not.
import type { AstroIntegration } from 'astro';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtPage } from './built-pages.ts';

/** Selectors inside <main> that are not searchable text. */
export const EXCLUDED = [
  '.post__toc', // the contents repeat the headings
  '.post__footer', // previous / next: other posts' titles
  '.post__meta', // date and reading time
  // A formula is indexed once, as its TeX source (KaTeX's <annotation>): the visual HTML and
  // the MathML tree spell it glyph by glyph ("h22" for h²/2) and would double every letter.
  '.katex-html',
  '.katex-mathml semantics > :not(annotation)',
  '.widget__body', // a widget's controls and static numbers; its <figcaption> stays
  '.heading-anchor',
];

/** The built pages Pagefind reads (paths inside the output folder); only the marked ones are indexed. */
export const INDEXED_GLOB = '**/*.html';

type PagefindIndex = NonNullable<Awaited<ReturnType<typeof import('pagefind').createIndex>>['index']>;

/**
 * How many pages an index written to `folder` holds: one fragment file each. (Pagefind's own
 * `page_count` counts every page it read, the unmarked ones it left out included.)
 */
function indexedPages(folder: string): number {
  const fragments = join(folder, 'fragment');
  return existsSync(fragments) ? readdirSync(fragments).length : 0;
}

/**
 * Copy the folder `from` to `to` by hard links, file by file (a copy where the two are on
 * different file systems). An index is a few hundred files; copying them into the cache was
 * 0.2 s of a cold build, linking them takes a few milliseconds. Nothing writes into an index
 * in place (a new one replaces the old folder), so the shared files never diverge.
 */
function linkTree(from: string, to: string): void {
  for (const entry of readdirSync(from, { recursive: true, withFileTypes: true })) {
    const source = join(entry.parentPath, entry.name);
    const target = join(to, relative(from, source));
    if (entry.isDirectory()) {
      mkdirSync(target, { recursive: true });
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    try {
      linkSync(source, target);
    } catch {
      copyFileSync(source, target);
    }
  }
}

/** Index the pages of `site` (not yet written anywhere). */
async function indexSite(site: string): Promise<{ index: PagefindIndex }> {
  // Loaded here, not at the top: `astro dev` never starts Pagefind's binary.
  const { createIndex } = await import('pagefind');
  const { index, errors } = await createIndex({ rootSelector: 'main', excludeSelectors: EXCLUDED, forceLanguage: 'en' });
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  const added = await index.addDirectory({ path: site, glob: INDEXED_GLOB });
  if (added.errors.length > 0) throw new Error(`Pagefind could not index ${site}: ${added.errors.join('; ')}`);
  return { index };
}

/**
 * What the index is made of: every page Pagefind reads, the settings, the base path and the
 * installed packages. A rebuild that changes none of them (a warm build of an unchanged site)
 * reuses the index it made last time instead of starting Pagefind and re-reading every page.
 */
function indexKey(site: string, base: string): string {
  const hash = createHash('sha256');
  // The lockfile stands for Pagefind's version (its package.json is not importable).
  if (existsSync('package-lock.json')) hash.update(readFileSync('package-lock.json'));
  hash.update(JSON.stringify({ EXCLUDED, INDEXED_GLOB, base, rootSelector: 'main', lang: 'en' }));
  const pages = readdirSync(site, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  for (const page of pages) hash.update(`\n${relative(site, page)}\n${builtPage(page).hash}`);
  return hash.digest('hex').slice(0, 16);
}

export default function pagefind(): AstroIntegration {
  let indexing: Promise<{ index: PagefindIndex }> | undefined;
  let started = 0;
  let cacheRoot: string | undefined;
  let base = '/';
  /** The previous build's index, when it was made of the same pages. */
  let reusable: string | undefined;
  let key = '';
  return {
    name: 'adjoint:pagefind',
    hooks: {
      'astro:config:done': ({ config }) => {
        cacheRoot = join(fileURLToPath(config.cacheDir), 'adjoint-pagefind');
        base = config.base;
      },
      // Pages are all written by now: Pagefind (its own process) reads them while the sitemap,
      // KaTeX's assets and the link checker do their work, and the index is written only in
      // astro:build:done, once those have passed.
      'astro:build:generated': ({ dir }) => {
        started = performance.now();
        const site = fileURLToPath(dir);
        key = indexKey(site, base);
        if (cacheRoot && existsSync(join(cacheRoot, key))) {
          reusable = join(cacheRoot, key);
          return;
        }
        indexing = indexSite(site);
        indexing.catch(() => undefined); // reported when awaited below
      },
      'astro:build:done': async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        const waitFrom = performance.now();
        const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(2);
        if (reusable) {
          linkTree(reusable, join(site, 'pagefind'));
          logger.info(
            `search index: ${indexedPages(join(site, 'pagefind'))} pages, unchanged since the last build (${seconds(started)} s)`,
          );
          return;
        }
        if (!indexing) {
          started = performance.now();
          indexing = indexSite(site);
        }
        const { close } = await import('pagefind');
        try {
          const { index } = await indexing;
          const written = await index.writeFiles({ outputPath: join(site, 'pagefind') });
          if (written.errors.length > 0) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
          const pages = indexedPages(join(site, 'pagefind'));
          // The second figure is what search adds to the build's wall time.
          logger.info(`search index: ${pages} pages in ${seconds(started)} s, ${seconds(waitFrom)} s of it after the checks`);
          if (cacheRoot && key) {
            // Only the latest index is kept.
            rmSync(cacheRoot, { recursive: true, force: true });
            linkTree(join(site, 'pagefind'), join(cacheRoot, key));
          }
        } finally {
          await close();
        }
      },
    },
  };
}
