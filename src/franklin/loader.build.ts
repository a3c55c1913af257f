// The content loaders that bring a Franklin site folder into Astro's content layer:
//  - `franklinPages`: one entry per page, rendered by the site's own Markdown pipeline through the
//    loader's `renderMarkdown` (KaTeX with the page's macros, Shiki, Adjoint's plugins), then
//    finished (raw HTML back, `{{toc}}` filled). index.md is the entry `index`: the home page's
//    introduction. Each Pluto notebook of the folder is an entry too (`kind: 'notebook'`, id
//    `notebook:<path>`), with the HTML of its cells, so that a dated notebook is a post like a
//    dated page: listed, tagged, in both feeds and searchable. Its page is [...notebook].astro;
//  - `franklinSite`: one entry, `site`, with config.md's settings the feed and tag redirects need,
//    and the files published as they are.
// An absent or empty folder gives empty collections and costs one `existsSync`. Every problem of
// every page is reported in one run: two files for one URL and Markdown that fails to render fail
// the build; what Adjoint did not understand is a warning, an error when `strict` is on.
import type { Loader, LoaderContext } from 'astro/loaders';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FranklinLoaderOptions } from './load.build.ts';

export type { FranklinLoaderOptions } from './load.build.ts';

/**
 * Astro rewrites its whole content store (the HTML of every post, ~10 MB for 300 posts)
 * whenever a loader touches it, even with an empty `clear()`; a warm build of a site without
 * Franklin pages wrote it several times over. So an empty collection is left alone.
 */
function clearIfFilled(store: LoaderContext['store']): void {
  if (store.keys().length > 0) store.clear();
}

export function franklinPages({ dir, strict, timeZone }: FranklinLoaderOptions): Loader {
  let watching = false;
  return {
    name: 'adjoint-franklin-pages',
    async load(context: LoaderContext) {
      // Dev: any change in the folder reloads the site (a page's lists and links depend on the others).
      if (context.watcher && !watching) {
        watching = true;
        const root = resolve(dir);
        context.watcher.add(root);
        let timer: ReturnType<typeof setTimeout> | undefined;
        const reload = (path: string) => {
          if (!resolve(path).startsWith(root)) return;
          clearTimeout(timer);
          timer = setTimeout(() => void this.load(context), 50);
        };
        for (const event of ['change', 'add', 'unlink'] as const) context.watcher.on(event, reload);
      }
      if (!existsSync(dir)) {
        clearIfFilled(context.store);
        return;
      }
      // The conversion is loaded only for a site that has a Franklin folder.
      const { loadFranklinPages } = await import('./load.build.ts');
      await loadFranklinPages(context, { dir, strict, timeZone });
    },
  };
}

export function franklinSite({ dir }: Pick<FranklinLoaderOptions, 'dir'>): Loader {
  return {
    name: 'adjoint-franklin-site',
    async load(context: LoaderContext) {
      if (!existsSync(dir)) {
        clearIfFilled(context.store);
        return;
      }
      const { loadFranklinSite } = await import('./load.build.ts');
      await loadFranklinSite(context, { dir });
    },
  };
}
