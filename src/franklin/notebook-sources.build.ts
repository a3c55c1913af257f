// Which files of a Franklin folder are Pluto notebooks (the rules are in notebooks.build.ts's
// header). Kept apart from the renderer, so the Franklin site reader can leave these files to the
// notebook pages without loading Shiki and KaTeX.
import { closeSync, existsSync, openSync, readdirSync, readSync } from 'node:fs';
import { join, relative } from 'node:path';
import { routeFor } from './paths.build.ts';

const PLUTO_HEADER = '### A Pluto.jl notebook ###';

export interface NotebookSource {
  /** Path inside the Franklin folder: `a/b/nb.jl.html`. */
  source: string;
  /** The file on disk, as the build names it in messages (`content/franklin/a/b/nb.jl.html`). */
  file: string;
  kind: 'export' | 'jl';
  /** The page, ending in `/`. */
  url: string;
  /** Old URLs that need a redirect page (the `.jl.html` form). */
  redirects: string[];
  /** A `.jl` file beside an export, which the page also stands for (nothing else may publish it). */
  companion?: string;
}

function startsWithPlutoHeader(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(PLUTO_HEADER.length + 3);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer
      .subarray(0, n)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .startsWith(PLUTO_HEADER);
  } finally {
    closeSync(fd);
  }
}

/** Every notebook of the Franklin folder `<contentDir>/franklin` (none when it does not exist). */
export function notebookSources(contentDir: string): NotebookSource[] {
  return findNotebooks(join(contentDir, 'franklin'));
}

/**
 * Every path under a Franklin folder that a notebook page stands for: exports, Pluto `.jl` files
 * and the `.jl` beside an export. The copying of Franklin's other files leaves these alone, or a
 * file `a/nb.jl` would collide with the page's folder `a/nb.jl/`.
 */
export function notebookPaths(root: string): Set<string> {
  return new Set(findNotebooks(root).flatMap((n) => (n.companion ? [n.source, n.companion] : [n.source])));
}

function findNotebooks(root: string): NotebookSource[] {
  if (!existsSync(root)) return [];
  const paths = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
  const all = new Set(paths);
  const out: NotebookSource[] = [];
  for (const source of paths) {
    const route = routeFor(source);
    const file = join(root, source).split('\\').join('/');
    if (route.kind === 'notebook' && route.url) {
      const companion = source.slice(0, -'.html'.length);
      out.push({
        source,
        file,
        kind: 'export',
        url: route.url,
        redirects: route.aliases.filter((a) => a.endsWith('.html')),
        ...(all.has(companion) ? { companion } : {}),
      });
    } else if (route.kind === 'file' && /\.jl$/i.test(source) && !all.has(`${source}.html`) && startsWithPlutoHeader(join(root, source))) {
      out.push({ source, file, kind: 'jl', url: `/${source}/`, redirects: [] });
    }
  }
  return out;
}
