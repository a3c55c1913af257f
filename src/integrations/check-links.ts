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
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { attributesOf, tags } from './html-tags.ts';
import { locate, type SourceLink, sourceLinksOf } from './link-sources.ts';
import { site as siteConfig } from '../site.config.ts';

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

/** URL path of a built page: dist/posts/a/index.html → /posts/a/, dist/404.html → /404.html */
function pagePath(outDir: string, file: string): string {
  const rel = relative(outDir, file).split(sep).join('/');
  return `/${rel.endsWith('index.html') ? rel.slice(0, -'index.html'.length) : rel}`;
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
  for (const tag of tags(html)) {
    if (tag.closing) {
      if (region && tag.name === region.name && --region.depth === 0) region = undefined;
      continue;
    }
    if (region && tag.name === region.name) region.depth++;
    const linkAttribute = LINK_ATTRIBUTES[tag.name];
    const text = tag.attributes;
    // Most tags are KaTeX <span>s with a class and a style: skip them without parsing.
    if (!linkAttribute && !text.includes('id=') && !text.includes('data-source=') && !(tag.name === 'a' && text.includes('name='))) {
      continue;
    }
    const attributes = attributesOf(tag);
    const id = attributes.get('id');
    if (id) ids.add(id);
    if (tag.name === 'a' && attributes.get('name')) ids.add(attributes.get('name')!);
    const source = attributes.get('data-source');
    if (source && !region) region = { name: tag.name, depth: 1, source, seen: new Map() };
    const raw = linkAttribute ? attributes.get(linkAttribute) : undefined;
    if (!raw) continue;
    let nth = 0;
    if (region) {
      const key = `${tag.name} ${raw}`;
      nth = region.seen.get(key) ?? 0;
      region.seen.set(key, nth + 1);
    }
    links.push({ tagName: tag.name, raw, source: region?.source, nth });
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

export async function checkLinks(outDir: string, siteUrl: string): Promise<BrokenLink[]> {
  const origin = new URL(siteUrl).origin;
  const files = await outputFiles(outDir);
  const pages = new Map<string, ReturnType<typeof scanPage>>();
  // Sorted, so reports come in the same order on every machine.
  for (const file of [...files].filter((f) => f.endsWith('.html')).sort()) pages.set(file, scanPage(await readFile(file, 'utf8')));

  const broken: BrokenLink[] = [];
  const sources = new Map<string, SourceLink[]>();
  /** `path:line:column` of the nth link with this URL in a Markdown file, or just the path. */
  const located = (path: string, tagName: string, raw: string, nth: number) => {
    let links = sources.get(path);
    if (!links) {
      links = sourceLinksOf(path);
      sources.set(path, links);
    }
    const at = locate(links, tagName === 'img' ? 'image' : 'link', raw, nth);
    return at ? `${path}:${at.line}:${at.column}` : path;
  };
  for (const [file, { links }] of pages) {
    const page = pagePath(outDir, file);
    const base = new URL(page, origin);
    for (const { tagName, raw, source, nth } of links) {
      // Canonical/alternate links are absolute by nature; they are checked like any other.
      let url: URL;
      try {
        url = new URL(raw, base);
      } catch {
        continue;
      }
      if (url.origin !== origin) continue; // external, mailto:, data:, …
      const where = () => (source ? located(source, tagName, raw, nth) : `${relative(process.cwd(), file)} (page template)`);
      const kind = tagName === 'img' ? 'image' : 'link';
      const target = fileFor(outDir, files, url.pathname);
      if (!target) {
        broken.push({ source: where(), page, kind, link: raw, reason: `no page or file at ${url.pathname}` });
        continue;
      }
      const fragment = safeDecode(url.hash.slice(1));
      if (fragment && fragment !== 'top' && target.endsWith('.html') && !pages.get(target)?.ids.has(fragment)) {
        broken.push({ source: where(), page, kind, link: raw, reason: `${url.pathname} has no element with id "${fragment}"` });
      }
    }
  }
  return broken;
}

export function formatBrokenLinks(broken: BrokenLink[]): string {
  return (
    `${broken.length} broken internal link${broken.length === 1 ? '' : 's'}:\n` +
    broken.map((b) => `  ${b.source}: ${b.kind} "${b.link}" on ${b.page}: ${b.reason}`).join('\n') +
    '\nFix the link (or create the page / heading / file it points to).'
  );
}

/**
 * Links in pages imported from a Franklin site (`<content>/franklin/`) may have been dead on the old
 * site already (a PDF never uploaded): they are warnings naming the file and the link, errors under
 * `strict`. Links in Adjoint's own posts always fail the build.
 */
export function isImported(broken: BrokenLink): boolean {
  const dir = `${(process.env.ADJOINT_CONTENT_DIR ?? 'content').replace(/\/$/, '')}/franklin/`;
  return broken.source.startsWith(dir);
}

export default function checkLinksIntegration({ strict = siteConfig.strict }: { strict?: boolean } = {}): AstroIntegration {
  let site = 'http://localhost';
  return {
    name: 'adjoint:check-links',
    hooks: {
      'astro:config:done': ({ config }) => {
        site = config.site ?? site;
      },
      'astro:build:done': async ({ dir, logger }) => {
        const found = await checkLinks(fileURLToPath(dir), site);
        const imported = strict ? [] : found.filter(isImported);
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
