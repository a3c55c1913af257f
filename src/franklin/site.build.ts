// A whole Franklin site folder (`content/franklin/`), read for the build: config.md, the names
// utils.jl defines, every page imported through the core (page.build.ts), the files to copy, and
// what the site renders natively — `{{toc}}`/`\toc`, `{{page_tags}}`, `{{taglist}}` (all tags),
// `{{blogposts}}`/`{{posts}}` and code outputs (outputs.build.ts).
// Two passes, like Franklin's own (it reads every page's variables before it converts any, so
// `pagevar` and post lists see them all): pages are imported first, then the post and tag lists,
// which need every page's title and date, are filled in. The table of contents comes last, from the
// rendered headings (`finishHtml`). Adjoint's own URLs win over Franklin's: see `ADJOINT_URLS`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { slug as githubSlug } from 'github-slugger';
import type { JuliaValue } from './julia-value.build.ts';
import { type NativeResult, restoreRaw } from './markup.build.ts';
import { notebookPaths } from './notebook-sources.build.ts';
import { outputReader, renderFigure, renderOutput } from './outputs.build.ts';
import { type ImportedPage, importPage } from './page.build.ts';
import { planSite, type Route } from './paths.build.ts';
import { type FranklinConfig, readConfig, readPageSource, type Variable } from './vars.build.ts';

/**
 * URLs the Adjoint site itself publishes. A Franklin page that Franklin served at one of them is
 * published under `/franklin/` instead (`about.md` → `/franklin/about/`), and the build says so;
 * Franklin's `index.md` becomes the introduction of Adjoint's home page.
 */
export const ADJOINT_URLS = ['/about/', '/tags/', '/rss.xml', '/404.html', '/robots.txt'];
const ADJOINT_PREFIXES = ['/posts/', '/tags/', '/_astro/'];

export const isAdjointUrl = (url: string) =>
  url === '/' || ADJOINT_URLS.includes(url) || ADJOINT_PREFIXES.some((p) => url.startsWith(p)) || url.startsWith('/sitemap');

/**
 * Broken markup, as opposed to markup Adjoint does not know: an unclosed `@@`, `~~~`, `{{if}}` or
 * `+++`, a command given the wrong number of arguments, `{{fill x}}` of a variable no page defines, a
 * value that is not Julia. Rendering around such a mistake would ship a half-rendered page, so these
 * fail the build whatever `strict` says; unknown functions and commands are warnings.
 */
const BROKEN = [
  /is not closed/,
  /expects \d+ arguments? in braces/,
  /^\{\{fill [^}]*\}\}: \S+ is not defined/,
  /^`@@` closes no open div block/,
  /without an open \{\{if\}\}/,
  /^@def needs/,
  /^\w+: /,
];
export const isBroken = (message: string) => BROKEN.some((re) => re.test(message));

export interface SitePage extends ImportedPage {
  /** Where Adjoint publishes it (the Franklin URL, or under /franklin/ when Adjoint owns that URL). */
  href: string;
  /** The index.md page: the home page's introduction, not a page of its own. */
  isIndex: boolean;
}

export interface FranklinSite {
  dir: string;
  config: FranklinConfig;
  /** `hfun_…`, `lx_…`, `env_…` names defined in utils.jl. */
  utils: Set<string>;
  pages: SitePage[];
  /** Files published as they are (PDFs, images, `_assets/…`, HTML pages), with their URLs. */
  files: PublishedFile[];
  /** Problems that fail the build whatever `strict` says (two files for one URL). */
  errors: string[];
  /** `file:line:column: message` for everything Adjoint did not understand; errors under strict. */
  warnings: string[];
  /** Informational: pages moved off Adjoint-owned URLs. */
  notes: string[];
}

// Private-use characters: no Markdown or author text contains them.
const TOKEN = /\uE000franklin:(\w+)(?::([^\uE001]*))?\uE001/g;
const token = (name: string, arg = '') => `\uE000franklin:${name}${arg ? `:${arg}` : ''}\uE001`;
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Adjoint's tag page for a tag (the same slug as src/components/posts.ts `tagUrl`). */
export const adjointTagUrl = (tag: string) => `/tags/${githubSlug(tag)}/`;
/** Franklin's tag page: `/<tag_page_path>/<tag with spaces as underscores>/`. */
export const franklinTagUrl = (tag: string, tagPagePath: string) => `/${tagPagePath.replace(/^\/|\/$/g, '')}/${tag.replace(/ /g, '_')}/`;

/** Every file of the folder, relative, skipping Franklin's output and caches (never published). */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .filter((p) => !/^(__site|__cache|__pdf|\.git|node_modules)\//.test(p))
    .sort();
}

/** The names utils.jl defines for Franklin (`function hfun_x`, `hfun_x(…) =`, `@delay function hfun_x`). */
export function utilsNames(text: string): Set<string> {
  return new Set([...text.matchAll(/(?:^|\n)\s*(?:@delay\s+)?(?:function\s+)?((?:hfun|lx|env)_\w+)\s*\(/g)].map((m) => m[1]));
}

function tagList(tags: string[], label: string): string {
  if (tags.length === 0) return '';
  const items = tags.map((t) => `<li><a class="tag-pill" href="${escapeHtml(adjointTagUrl(t))}">${escapeHtml(t)}</a></li>`).join('');
  return `<ul class="tags franklin-tags" aria-label="${escapeHtml(label)}">${items}</ul>`;
}

export interface PublishedFile {
  url: string;
  /** Path inside the Franklin folder. */
  source: string;
}

/**
 * The files of a Franklin folder published byte for byte: PDFs, images, `_assets/…` (at
 * `/assets/…`), HTML pages (`foo.html` at `/foo/index.html`), and the code outputs Franklin saved
 * in its last build (`__site/assets/…/output/`), which pages show as images. Notebooks, and the
 * `.jl` beside an export, are left to their own pages (notebooks.build.ts): a file `a/nb.jl`
 * would collide with the page's folder `a/nb.jl/`.
 */
export function publishedFiles(dir: string, routes: Route[]): PublishedFile[] {
  const notebooks = notebookPaths(dir);
  const files: PublishedFile[] = [];
  for (const r of routes) {
    if (r.url === null || notebooks.has(r.source)) continue;
    if (r.kind === 'file') files.push({ url: r.url, source: r.source });
    else if (r.kind === 'html' && r.output) files.push({ url: `/${r.output}`, source: r.source });
  }
  const taken = new Set(files.map((f) => f.url));
  for (const saved of listFiles(`${dir}/__site/assets`).filter((p) => /(^|\/)output\/[^/]+\.(png|svg|gif|jpe?g)$/.test(p))) {
    const url = `/assets/${saved}`;
    if (!taken.has(url)) files.push({ url, source: `__site/assets/${saved}` });
  }
  return files;
}

/**
 * Reads a Franklin site folder. Nothing here renders Markdown: each page comes back as Markdown with
 * its placeholders (`raw`), its KaTeX macros and its problems; `finishHtml` completes it after rendering.
 */
export function readFranklinSite(dir: string, baseMacros: Record<string, string>): FranklinSite {
  const read = (p: string) => readFileSync(join(dir, p), 'utf8');
  const sources = listFiles(dir);
  const config = readConfig(sources.includes('config.md') ? read('config.md') : '');
  const utils = utilsNames(sources.includes('utils.jl') ? read('utils.jl') : '');
  const plan = planSite(sources, { ignore: config.ignore, keepPath: config.keep_path });
  const errors = plan.collisions.map(
    (c) => `Franklin files would be published at one URL (one would silently replace the other): ${c.url} ← ${c.sources.join(' and ')}`,
  );
  const warnings = config.diagnostics.map((d) => `${dir}/config.md:${d.line}:${d.column}: ${d.message}`);
  const notes: string[] = [];
  const outputs = outputReader(dir);

  // Pass 1: every page's variables, for {{fill var rpath}}.
  const pageRoutes = plan.routes.filter((r) => r.kind === 'page' && r.url !== null);
  const varsByPath = new Map<string, Map<string, Variable>>();
  const pageVar = (rpath: string, name: string): JuliaValue | undefined => {
    const key = rpath.replace(/^\//, '').replace(/\/$/, '').replace(/\.md$/, '');
    return (varsByPath.get(key) ?? varsByPath.get(`${key}/index`))?.get(name)?.value;
  };
  const native =
    (path: string, vars: Map<string, Variable>) =>
    (name: string, args: string[], form: 'function' | 'command'): NativeResult | undefined => {
      if (name === 'toc' || name === 'tableofcontents') return token('toc');
      if (form === 'command' && name === 'fig') return renderFigure(dir, path, args[0] ?? '', args[1] ?? '');
      if (form === 'command') return renderOutput(outputs, path, name, args);
      if (name === 'page_tags') {
        const tags = vars.get('tags')?.value;
        const list =
          tags && (tags.kind === 'vector' || tags.kind === 'tuple')
            ? tags.items.flatMap((t) => (t.kind === 'string' ? [t.value] : []))
            : [];
        // Inline, as Franklin's templates use it in a sentence ("Tags: {{page_tags}}").
        const links = list.map((t) => `<a class="tag-pill" href="${escapeHtml(adjointTagUrl(t))}">${escapeHtml(t)}</a>`);
        return `<span class="franklin-tags">${links.join(' ')}</span>`;
      }
      if (name === 'taglist' || name === 'tags' || name === 'all_tags' || name === 'alltags') return token('tags');
      if (name === 'blogposts' || name === 'posts' || name === 'recentblogposts' || name === 'listposts')
        return token('posts', args.join(' '));
      return undefined;
    };

  const imported: SitePage[] = [];
  const texts = new Map(pageRoutes.map((r) => [r.source, read(r.source)]));
  // Variables first, so a page's {{fill var rpath}} sees the pages after it too.
  for (const route of pageRoutes) varsByPath.set(route.source.replace(/\.md$/, ''), readPageSource(texts.get(route.source)!).vars);
  for (const route of pageRoutes) {
    const page = importPage(texts.get(route.source)!, route.source, config, baseMacros, { native, utils, pageVar });
    const url = route.url!;
    const isIndex = url === '/';
    let href = url;
    if (!isIndex && isAdjointUrl(url)) {
      // A page's URL, not a folder named like a file: 404.md (Franklin's /404.html) is /franklin/404/.
      href = `/franklin${url.replace(/\.html$/, '/')}`;
      notes.push(`${dir}/${route.source}: ${url} belongs to Adjoint's own site, so this page is published at ${href}`);
    }
    imported.push({ ...page, href, isIndex });
    for (const d of page.diagnostics)
      (isBroken(d.message) ? errors : warnings).push(`${dir}/${route.source}:${d.line}:${d.column}: ${d.message}`);
  }

  // Pass 2: post and tag lists, now that every title and date is known.
  const dated = imported
    .filter((p) => !p.isIndex && p.meta.date !== null)
    .sort((a, b) => (b.meta.date ?? '').localeCompare(a.meta.date ?? '') || (a.meta.title ?? '').localeCompare(b.meta.title ?? ''));
  const allTags = [...new Set(imported.flatMap((p) => p.meta.tags))].sort((a, b) => a.localeCompare(b));
  const fill = (raw: string) =>
    raw.replace(TOKEN, (whole, name: string, arg = '') => {
      if (name === 'tags') return tagList(allTags, 'All tags');
      if (name !== 'posts') return whole;
      // {{blogposts folder}} lists the dated pages under that folder; without one, all of them.
      const folder = arg.trim().replace(/^\/|\/$/g, '');
      const list = dated.filter((p) => folder === '' || p.path.startsWith(`${folder}/`));
      const items = list.map(
        (p) =>
          `<li><a href="${escapeHtml(p.href)}">${escapeHtml(p.heading ?? p.meta.title ?? p.href)}</a> <time datetime="${p.meta.date}">${p.meta.date}</time></li>`,
      );
      return items.length > 0 ? `<ul class="franklin-posts">${items.join('')}</ul>` : '<p class="franklin-posts">No posts yet.</p>';
    });
  for (const page of imported) page.raw = page.raw.map(fill);

  const files = publishedFiles(dir, plan.routes);
  // A Franklin HTML page (`foo.html`, served at /foo/) is published as it is, not in Adjoint's layout;
  // the Franklin markup it may hold is not run, which the build says rather than shipping it silently.
  for (const r of plan.routes.filter((r) => r.kind === 'html' && r.url !== null && r.output !== null)) {
    const text = read(r.source);
    const at = text.search(/\{\{|@def|~~~/);
    if (at >= 0) {
      const line = text.slice(0, at).split('\n').length;
      warnings.push(
        `${dir}/${r.source}:${line}:1: an HTML page is published as it is: its Franklin markup is not run (make it a .md page)`,
      );
    }
  }
  return { dir, config, utils, pages: imported, files, errors, warnings, notes };
}

/**
 * The rendered page with its raw HTML back in place and `{{toc}}` filled from its headings, between
 * `mintoclevel` and `maxtoclevel` (the page's, else config.md's), nested by level.
 */
/**
 * Franklin's anchor for a heading (Franklin.jl src/utils/misc.jl, `refstring`): lower case, only
 * ASCII letters, digits, `_` and `-` kept, spaces as `_`.
 * @example franklinAnchor('Customising tag pages') // 'customising_tag_pages'
 */
export function franklinAnchor(text: string): string {
  return text
    .replace(/&#[0-9]+;/g, '')
    .replace(/[^a-zA-Z0-9_\-\s]/g, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '_');
}

/**
 * Old links into an imported page name its headings by Franklin's anchors (`#customising_tag_pages`);
 * Adjoint's headings have their own ids (`customising-tag-pages`). Each heading whose Franklin
 * anchor differs gets an empty target with that id as its first child, so both kinds of link land;
 * a repeated heading's anchor is numbered as Franklin numbers it (`name__2`), in the `_` form of
 * recent versions and the `-` form of older ones.
 */
export function addFranklinAnchors(html: string): string {
  const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
  const seen = new Map<string, number>();
  return html.replace(
    /(<h([1-6])[^>]*\sid="([^"]+)"[^>]*>)([\s\S]*?)(<\/h\2>)/g,
    (whole, open: string, _d, id: string, inner: string, close: string) => {
      const text = inner
        .replace(/<a class="heading-anchor"[\s\S]*?<\/a>/g, '')
        .replace(/<span class="katex-mathml">[\s\S]*?<\/span>/g, '')
        .replace(/<[^>]+>/g, '');
      const base = franklinAnchor(text);
      if (!base) return whole;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      // Older Franklin versions joined words with `-` (its docs link `#some-subtitle__2`): both forms land.
      const anchors = [base, base.replaceAll('_', '-')]
        .map((a) => (n === 1 ? a : `${a}__${n}`))
        .filter((a, k, all) => all.indexOf(a) === k && a !== id && !ids.has(a));
      for (const a of anchors) ids.add(a);
      return `${open}${anchors.map((a) => `<span id="${a}" class="franklin-anchor"></span>`).join('')}${inner}${close}`;
    },
  );
}

export function finishHtml(html: string, raw: string[], levels: { min: number; max: number }): string {
  const restored = addFranklinAnchors(restoreRaw(html, raw));
  if (!restored.includes('\uE000franklin:toc')) return restored;
  const headings = [...restored.matchAll(/<h([1-6])[^>]*\sid="([^"]+)"[^>]*>([\s\S]*?)<\/h\1>/g)]
    .map((m) => ({ depth: Number(m[1]), id: m[2], text: m[3].replace(/<span class="katex-mathml">[\s\S]*?<\/span>/g, '') }))
    .filter((h) => h.depth >= levels.min && h.depth <= levels.max && h.id !== 'footnote-label');
  const text = (s: string) =>
    s
      .replace(/<a class="heading-anchor"[\s\S]*?<\/a>/g, '')
      .replace(/<[^>]+>/g, '')
      .trim();
  let out = '';
  let depth = 0;
  for (const h of headings) {
    const level = Math.max(1, h.depth - levels.min + 1);
    if (level > depth) out += '<ol><li>'.repeat(level - depth);
    else out += `${'</li></ol>'.repeat(depth - level)}</li><li>`;
    depth = level;
    out += `<a href="#${h.id}">${escapeHtml(text(h.text))}</a>`;
  }
  out += '</li></ol>'.repeat(depth);
  const toc = headings.length > 0 ? `<nav class="franklin-toc" aria-label="Contents">${out}</nav>` : '';
  return restored.replace(/\uE000franklin:toc\uE001/g, toc);
}

/** `mintoclevel`/`maxtoclevel` of a page, falling back to config.md's. */
export function tocLevels(page: ImportedPage, config: FranklinConfig): { min: number; max: number } {
  const int = (name: string, fallback: number) => {
    const v = page.vars.get(name)?.value;
    return v?.kind === 'number' ? v.value : fallback;
  };
  return { min: int('mintoclevel', config.mintoclevel), max: int('maxtoclevel', config.maxtoclevel) };
}
