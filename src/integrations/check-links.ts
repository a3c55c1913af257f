// Build-time internal link checker. After the build, every HTML page in the output is
// parsed; each internal link (href/src, same-origin absolute URLs included) must point to
// a page or file that was built, and its #fragment to an id on that page. Broken links
// fail the build, all of them in one message, each at `file:line:column` of the Markdown it
// was written in: post content is wrapped in an element with
// `data-source="content/posts/….md"` (see Post.astro), and link-sources.ts finds the line in
// that file; links elsewhere are reported with the built page and "(page template)".
// The build is written to a staging folder (staged-output.ts), so a failed check leaves the
// previous dist/ as it was.
import type { AstroIntegration } from 'astro';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { attributesOf, TagScanner } from './html-tags.ts';
import { builtPage } from './built-pages.ts';
import type { SourceLink } from './link-sources.ts';
import { withoutBase } from '../base-path.ts';
import { notebookSources } from '../franklin/notebook-sources.build.ts';
import { contentDir, site as siteConfig } from '../site.config.ts';

export interface BrokenLink {
  /** The Markdown file, with `:line:column` when the link was found in it; else the page template. */
  source: string;
  page: string;
  kind: 'link' | 'image';
  link: string;
  reason: string;
}

const LINK_ATTRIBUTES: Record<string, string> = {
  a: 'href',
  link: 'href',
  img: 'src',
  script: 'src',
  source: 'src',
  iframe: 'src',
  area: 'href',
};

/** Every file of the output, as absolute paths (one directory walk instead of a stat per link). */
async function outputFiles(dir: string): Promise<Set<string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return new Set(entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)));
}

/** URL path of a built page: dist/posts/a/index.html → /posts/a/ (/repo/posts/a/ under a base), dist/404.html → /404.html */
function pagePath(outDir: string, file: string, base: string): string {
  const rel = relative(outDir, file).split(sep).join('/');
  return `${base}${rel.endsWith('index.html') ? rel.slice(0, -'index.html'.length) : rel}`;
}

/** The built file a URL path resolves to, the way a static host does; undefined if none. */
function fileFor(outDir: string, files: Set<string>, pathname: string): string | undefined {
  let clean: string;
  try {
    clean = decodeURIComponent(pathname);
  } catch {
    return undefined; // a malformed %-escape names no file
  }
  const candidates = clean.endsWith('/')
    ? [join(outDir, clean, 'index.html')]
    : [join(outDir, clean), join(outDir, clean, 'index.html'), join(outDir, `${clean}.html`)];
  return candidates.find((path) => files.has(path));
}

interface PageLink {
  tagName: string;
  raw: string;
  /** The `data-source` of the element it sits in (a Markdown file), if any. */
  source: string | undefined;
  /** How many links of this tag and URL came before it in the same source element. */
  nth: number;
}

/** The ids a page defines (and `<a name>`s) and the links it makes, in one pass over its tags. */
export function scanPage(html: string): { ids: Set<string>; links: PageLink[] } {
  const ids = new Set<string>();
  const links: PageLink[] = [];
  // The element with data-source we are inside: its tag name and how deep in same-named tags.
  let region: { name: string; depth: number; source: string; seen: Map<string, number> } | undefined;
  const scan = new TagScanner(html);
  while (scan.next()) {
    const name = scan.name;
    if (scan.closing) {
      if (region && name === region.name && --region.depth === 0) region = undefined;
      continue;
    }
    if (region && name === region.name) region.depth++;
    const linkAttribute = LINK_ATTRIBUTES[name];
    // Most tags are KaTeX <span>s with a class and a style: skip them without reading them.
    if (!linkAttribute && !scan.contains('id=') && !scan.contains('data-source=')) continue;
    const attributes = attributesOf(scan);
    const id = attributes.get('id');
    if (id) ids.add(id);
    if (name === 'a' && attributes.get('name')) ids.add(attributes.get('name')!);
    const source = attributes.get('data-source');
    if (source && !region) region = { name, depth: 1, source, seen: new Map() };
    const raw = linkAttribute ? attributes.get(linkAttribute) : undefined;
    if (!raw) continue;
    let nth = 0;
    if (region) {
      const key = `${name} ${raw}`;
      nth = region.seen.get(key) ?? 0;
      region.seen.set(key, nth + 1);
    }
    links.push({ tagName: name, raw, source: region?.source, nth });
  }
  return { ids, links };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

type PageScan = ReturnType<typeof scanPage>;
type CachedScan = { ids: string[]; links: PageLink[] };

/** Changes whenever the scanning code does, so a cache written by other code is never read. */
const scannerVersion = createHash('sha256')
  .update(readFileSync(fileURLToPath(import.meta.url)))
  .update(readFileSync(fileURLToPath(new URL('./html-tags.ts', import.meta.url))))
  .digest('hex')
  .slice(0, 16);

/** The scans of a previous build by the hash of each page's HTML, or none. */
function readScanCache(file: string | undefined): Map<string, CachedScan> {
  if (!file || !existsSync(file)) return new Map();
  try {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as { version?: string; pages?: Record<string, CachedScan> };
    return cached.version === scannerVersion && cached.pages ? new Map(Object.entries(cached.pages)) : new Map();
  } catch {
    return new Map(); // a damaged cache is only a slower check
  }
}

export interface CheckOptions {
  /**
   * A JSON file (in Astro's cache folder) holding each page's ids and links by the hash of its
   * HTML, so a rebuild re-scans only the pages whose HTML changed; the links are resolved
   * again every time, since a page can break by another one disappearing.
   */
  scanCache?: string | undefined;
  /** The path the site is served under (ADJOINT_BASE), `/` or e.g. `/repo/`; a link outside it is broken. */
  base?: string;
}

/** `raw` resolved against `base`, or undefined when it is not a URL at all. */
function parsed(raw: string, base: string | URL): URL | undefined {
  try {
    return new URL(raw, base);
  } catch {
    return undefined;
  }
}

/** Every broken internal link in the built site at `outDir`. */
export async function checkLinks(outDir: string, siteUrl: string, { scanCache, base = '/' }: CheckOptions = {}): Promise<BrokenLink[]> {
  const origin = new URL(siteUrl).origin;
  const files = await outputFiles(outDir);
  const cached = readScanCache(scanCache);
  const scanned: Record<string, CachedScan> = {};
  const pages = new Map<string, PageScan>();
  // Sorted, so reports come in the same order on every machine.
  for (const file of [...files].filter((f) => f.endsWith('.html')).sort()) {
    const { bytes, hash: key } = builtPage(file);
    const hit = cached.get(key);
    const scan = hit ? { ids: new Set(hit.ids), links: hit.links } : scanPage(bytes.toString('utf8'));
    scanned[key] = { ids: [...scan.ids], links: scan.links };
    pages.set(file, scan);
  }
  if (scanCache) {
    mkdirSync(dirname(scanCache), { recursive: true });
    writeFileSync(scanCache, JSON.stringify({ version: scannerVersion, pages: scanned }));
  }

  const broken: BrokenLink[] = [];
  /** Broken links written in Markdown, to be given their line and column once all are found. */
  const unlocated: { link: BrokenLink; path: string; tagName: string; raw: string; nth: number; inPage: number }[] = [];
  // Most links are the same few hundred root-relative URLs (navigation, tags, neighbours) on
  // every page, or a `#fragment` of the page itself (contents, footnotes, equations): a
  // root-relative URL is resolved once for the whole site, and an in-page one not at all.
  const resolved = new Map<string, URL | undefined>();
  const targets = new Map<string, string | undefined>();
  const targetOf = (pathname: string) => {
    if (!targets.has(pathname)) targets.set(pathname, fileFor(outDir, files, pathname));
    return targets.get(pathname);
  };
  for (const [file, { ids, links }] of pages) {
    const page = pagePath(outDir, file, base);
    let pageUrl: URL | undefined;
    for (const { tagName, raw, source, nth } of links) {
      const kind = tagName === 'img' ? 'image' : 'link';
      const report = (reason: string) => {
        const link: BrokenLink = { source: source ?? `${relative(process.cwd(), file)} (page template)`, page, kind, link: raw, reason };
        broken.push(link);
        if (!source) return;
        // How many links of the page have this URL (the n-th of them is this one).
        const inPage = links.filter((l) => l.source === source && l.tagName === tagName && l.raw === raw).length;
        unlocated.push({ link, path: source, tagName, raw, nth, inPage });
      };
      if (raw.startsWith('#')) {
        const fragment = safeDecode(raw.slice(1));
        if (fragment && fragment !== 'top' && !ids.has(fragment)) {
          pageUrl ??= new URL(page, origin);
          report(`${pageUrl.pathname} has no element with id "${fragment}"`);
        }
        continue;
      }
      // Canonical/alternate links are absolute by nature; they are checked like any other.
      let url: URL | undefined;
      if (raw.startsWith('/') && !raw.startsWith('//')) {
        if (!resolved.has(raw)) resolved.set(raw, parsed(raw, origin));
        url = resolved.get(raw);
      } else {
        pageUrl ??= new URL(page, origin);
        url = parsed(raw, pageUrl);
        if (url && url.origin !== origin) continue; // external, mailto:, data:, …
      }
      if (!url) continue;
      const inSite = withoutBase(url.pathname, base);
      if (inSite === undefined) {
        report(`${url.pathname} is outside the site's base path ${base}`);
        continue;
      }
      const target = targetOf(inSite);
      if (!target) {
        report(`no page or file at ${url.pathname}`);
        continue;
      }
      const fragment = safeDecode(url.hash.slice(1));
      if (fragment && fragment !== 'top' && target.endsWith('.html') && !pages.get(target)?.ids.has(fragment)) {
        report(`${url.pathname} has no element with id "${fragment}"`);
      }
    }
  }
  if (unlocated.length > 0) await locateInMarkdown(unlocated, base);
  return broken;
}

/**
 * Gives each broken link the `path:line:column` where its Markdown writes it (the nth link with
 * that URL in the file), or leaves just the path. The Markdown parser is loaded only here: a
 * build whose links all resolve never needs it.
 */
async function locateInMarkdown(
  unlocated: { link: BrokenLink; path: string; tagName: string; raw: string; nth: number; inPage: number }[],
  base: string,
): Promise<void> {
  const { locate, sourceLinksOf } = await import('./link-sources.ts');
  const sources = new Map<string, { links: SourceLink[]; text: string }>();
  for (const { link, path, tagName, raw, nth, inPage } of unlocated) {
    let source = sources.get(path);
    if (!source) {
      source = { links: sourceLinksOf(path), text: existsSync(path) ? readFileSync(path, 'utf8') : '' };
      sources.set(path, source);
    }
    const { links, text } = source;
    // The Markdown has the link as written, before rehype-base-links put the base in front.
    const written = raw.startsWith(base) ? (withoutBase(raw, base) ?? raw) : raw;
    const kind = tagName === 'img' ? 'image' : 'link';
    const at = locate(links, kind, written, nth, { text, inPage }) ?? locate(links, kind, raw, nth, { text, inPage });
    if (at) link.source = `${path}:${at.line}:${at.column}`;
  }
}

export function formatBrokenLinks(broken: BrokenLink[]): string {
  return (
    `${broken.length} broken internal link${broken.length === 1 ? '' : 's'}:\n` +
    broken.map((b) => `  ${b.source}: ${b.kind} "${b.link}" on ${b.page}: ${b.reason}`).join('\n') +
    '\nFix the link (or create the page / heading / file it points to).'
  );
}

/**
 * Links in pages imported from a Franklin site (`<content>/franklin/`: its Markdown pages and its
 * Pluto notebooks) may have been dead on the old site already (a PDF never uploaded): they are
 * warnings naming the file and the link, errors under `strict`. Links in Adjoint's own posts always
 * fail the build. `notebookPages`: the notebook pages' URLs, as `page` gives them (with the base).
 */
export function isImported(broken: BrokenLink, notebookPages: ReadonlySet<string> = new Set()): boolean {
  const franklin = resolve(contentDir, 'franklin') + sep;
  const file = broken.source.replace(/:\d+:\d+$/, '');
  return resolve(file).startsWith(franklin) || notebookPages.has(broken.page);
}

export default function checkLinksIntegration({ strict = siteConfig.strict }: { strict?: boolean } = {}): AstroIntegration {
  let site = 'http://localhost';
  let scanCache: string | undefined;
  let base = '/';
  return {
    name: 'adjoint:check-links',
    hooks: {
      'astro:config:done': ({ config }) => {
        site = config.site ?? site;
        scanCache = join(fileURLToPath(config.cacheDir), 'adjoint-link-scan.json');
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:build:done': async ({ dir, logger }) => {
        const found = await checkLinks(fileURLToPath(dir), site, { scanCache, base });
        const notebookPages = new Set(notebookSources(contentDir).map((n) => `${base}${n.url.slice(1)}`));
        const imported = strict ? [] : found.filter((b) => isImported(b, notebookPages));
        for (const b of imported)
          logger.warn(`${b.source}: ${b.kind} "${b.link}" on ${b.page}: ${b.reason} (a page imported from Franklin: a warning)`);
        const broken = found.filter((b) => !imported.includes(b));
        if (broken.length > 0) {
          // The message says where; a stack trace into this integration would only bury it.
          const error = new Error(formatBrokenLinks(broken));
          error.stack = `${error.name}: ${error.message}`;
          throw error;
        }
        if (imported.length === 0) logger.info('all internal links resolve');
      },
    },
  };
}
