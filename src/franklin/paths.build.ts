// Where each file of a Franklin site folder was served, so imported pages keep their URLs.
// Rules from Franklin.jl:
// - src/utils/paths.jl `form_output_path`: a page `foo.md` (or `foo.html`) is written to
//   `foo/index.html`, except files named `index` or `404` and paths listed in `keep_path`;
//   `form_output_base_path`: the special folders `_assets`, `_css`, `_layout`, `_libs`,
//   `_literate` lose their leading `_` (`_assets/x.png` → `/assets/x.png`);
// - src/manager/dir_utils.jl (`update_files_to_watch!`, `should_ignore`): `__site`, `__pdf`,
//   `__cache` and `.git` are skipped; `_css`, `_layout`, `_libs`, `_rss`, `config.md` and
//   `utils.jl` are the site's machinery, not pages; anything under `_assets` is copied as is,
//   even `.md`/`.html`; `.md` are pages, `.html`/`.htm` are HTML pages, every other file is
//   copied; `ignore` holds exact paths, folders (`"drafts/"`) and regexes (`r"…"`, matched anywhere in the path);
// - Franklin's templates note that README.md and LICENSE.md are ignored by default
//   (FranklinTemplates' config.md, "Base files such as LICENSE.md and README.md are ignored").
// Adjoint's own choices, beyond Franklin: a Pluto export `nb.jl.html` is a notebook page; dot-files
// are not published; every page also answers without its trailing slash, and a notebook at its
// `.jl` and `.jl.html` forms, which posts link to.
import type { IgnorePattern } from './vars.build.ts';

export type RouteKind = 'page' | 'html' | 'notebook' | 'file' | 'infra' | 'ignored';

export interface Route {
  /** The path in the Franklin folder, with `/` separators. */
  source: string;
  kind: RouteKind;
  /** The URL Franklin served it at, from the site root; null for what is not published. */
  url: string | null;
  /** The file Franklin wrote under `__site/`. */
  output: string | null;
  /** Other URLs that must resolve to the same page (redirects). */
  aliases: string[];
  /** Why a file is not published (infra, ignored). */
  reason?: string;
}

export interface RouteOptions {
  ignore?: readonly IgnorePattern[];
  keepPath?: readonly string[];
}

const SKIPPED_DIRS = ['__site/', '__pdf/', '__cache/', '.git/'];
const INFRA_DIRS = ['_css/', '_layout/', '_libs/', '_rss/', '_literate/'];
const DEFAULT_IGNORED = ['README.md', 'LICENSE.md'];

/** Franklin's `should_ignore`: folder patterns match a path prefix, file patterns the whole path, regexes anywhere. */
export function isIgnored(path: string, patterns: readonly IgnorePattern[]): boolean {
  return patterns.some((p) => {
    if (p instanceof RegExp) return p.test(path);
    if (p === '' || p === '/') return false;
    return p.endsWith('/') ? path.startsWith(p) : path === p;
  });
}

/** Franklin's `keep_path`: an exact path or a folder prefix ending in `/`. */
function keepsPath(path: string, keep: readonly string[]): boolean {
  return keep.some((k) => k === path || (k.endsWith('/') && path.startsWith(k)));
}

function stripExtension(path: string): string {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  return dot > slash + 1 ? path.slice(0, dot) : path;
}

/**
 * The route of one file of a Franklin folder.
 * @example routeFor('cs/ml/dl/foo.md').url // '/cs/ml/dl/foo/'
 */
export function routeFor(source: string, options: RouteOptions = {}): Route {
  const path = source.replace(/\\/g, '/').replace(/^\.?\//, '');
  const name = path.slice(path.lastIndexOf('/') + 1);
  const none = (kind: RouteKind, reason: string): Route => ({ source: path, kind, url: null, output: null, aliases: [], reason });

  const skippedDir = SKIPPED_DIRS.find((d) => path.startsWith(d));
  if (skippedDir) return none('ignored', `${skippedDir} is Franklin's output or cache`);
  if (path.split('/').some((segment) => segment.startsWith('.'))) return none('ignored', 'hidden files are not published');
  if (isIgnored(path, [...DEFAULT_IGNORED, ...(options.ignore ?? [])])) {
    return none(
      'ignored',
      DEFAULT_IGNORED.includes(path) ? 'Franklin ignores README.md and LICENSE.md' : "matched by config.md's `ignore`",
    );
  }
  const infraDir = INFRA_DIRS.find((d) => path.startsWith(d));
  if (infraDir) return none('infra', `${infraDir} is part of Franklin's layout, which Adjoint replaces with its own`);
  if (name === 'config.md') return none('infra', 'config.md holds the site settings');
  if (path === 'utils.jl') return none('infra', 'utils.jl holds the site functions (Adjoint implements the common ones natively)');

  if (path.startsWith('_assets/')) {
    const output = path.slice(1);
    return { source: path, kind: 'file', url: `/${output}`, output, aliases: [] };
  }
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.')).toLowerCase() : '';
  if (ext !== '.md' && ext !== '.html' && ext !== '.htm') return { source: path, kind: 'file', url: `/${path}`, output: path, aliases: [] };

  const kind: RouteKind = ext === '.md' ? 'page' : name.toLowerCase().endsWith('.jl.html') ? 'notebook' : 'html';
  const base = stripExtension(path); // `a/b/nb.jl.html` → `a/b/nb.jl`, as Julia's splitext
  const file = base.slice(base.lastIndexOf('/') + 1);
  if (file === 'index') {
    const dir = base.slice(0, -'index'.length);
    return { source: path, kind, url: `/${dir}`, output: `${dir}index.html`, aliases: dir ? [`/${dir.slice(0, -1)}`] : [] };
  }
  if (file === '404' || keepsPath(path, options.keepPath ?? [])) {
    return { source: path, kind, url: `/${base}.html`, output: `${base}.html`, aliases: [] };
  }
  const aliases = [`/${base}`];
  if (kind !== 'page') aliases.push(`/${path}`);
  return { source: path, kind, url: `/${base}/`, output: `${base}/index.html`, aliases };
}

export interface Collision {
  url: string;
  sources: string[];
}

export interface SitePlan {
  routes: Route[];
  /** URLs that two or more sources would be published at; the build must not pick one silently. */
  collisions: Collision[];
}

/**
 * Routes a whole folder. Collisions between published URLs are returned with every source
 * involved. An alias that another file's URL already owns (the notebook `nb.jl` next to its
 * export `nb.jl.html`) is dropped from the alias list: the file is what Franklin served there.
 */
export function planSite(sources: readonly string[], options: RouteOptions = {}): SitePlan {
  const routes = sources.map((s) => routeFor(s, options)).sort((a, b) => a.source.localeCompare(b.source));
  const owners = new Map<string, string[]>();
  for (const r of routes) if (r.url) owners.set(r.url, [...(owners.get(r.url) ?? []), r.source]);
  for (const r of routes) r.aliases = r.aliases.filter((a) => !owners.has(a));
  const collisions = [...owners].filter(([, s]) => s.length > 1).map(([url, s]) => ({ url, sources: s }));
  return { routes, collisions };
}
