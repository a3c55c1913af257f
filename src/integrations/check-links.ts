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
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { readdir, readFile } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { visitParents } from 'unist-util-visit-parents';
import { locate, type SourceLink, sourceLinksOf } from './link-sources.ts';

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

async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  // Sorted, so reports come in the same order on every machine.
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** URL path of a built page: dist/posts/a/index.html → /posts/a/, dist/404.html → /404.html */
function pagePath(outDir: string, file: string): string {
  const rel = relative(outDir, file).split(sep).join('/');
  return `/${rel.endsWith('index.html') ? rel.slice(0, -'index.html'.length) : rel}`;
}

/** The built file a URL path resolves to, the way a static host does; undefined if none. */
function fileFor(outDir: string, pathname: string): string | undefined {
  const clean = decodeURIComponent(pathname);
  const candidates = clean.endsWith('/')
    ? [join(outDir, clean, 'index.html')]
    : [join(outDir, clean), join(outDir, clean, 'index.html'), join(outDir, `${clean}.html`)];
  return candidates.find((path) => existsSync(path) && statSync(path).isFile());
}

function idsOf(tree: Root): Set<string> {
  const ids = new Set<string>();
  visitParents(tree, 'element', (node: Element) => {
    const { id, name } = node.properties;
    if (typeof id === 'string') ids.add(id);
    if (node.tagName === 'a' && typeof name === 'string') ids.add(name);
  });
  return ids;
}

export async function checkLinks(outDir: string, siteUrl: string): Promise<BrokenLink[]> {
  const origin = new URL(siteUrl).origin;
  const pages = new Map<string, Root>();
  for (const file of await htmlFiles(outDir)) pages.set(file, fromHtml(await readFile(file, 'utf8')));
  const idCache = new Map<string, Set<string>>();
  const ids = (file: string) => {
    let set = idCache.get(file);
    if (!set) {
      set = idsOf(pages.get(file) ?? { type: 'root', children: [] });
      idCache.set(file, set);
    }
    return set;
  };

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
  for (const [file, tree] of pages) {
    const page = pagePath(outDir, file);
    const base = new URL(page, origin);
    // How often each URL occurred so far in each source element: the nth <a href=X> of a post
    // is the nth [..](X) of its Markdown.
    const seen = new Map<Element, Map<string, number>>();
    visitParents(tree, 'element', (node: Element, ancestors) => {
      const attribute = LINK_ATTRIBUTES[node.tagName];
      const raw = attribute ? node.properties[attribute === 'href' ? 'href' : 'src'] : undefined;
      if (typeof raw !== 'string' || raw === '') return;
      // Canonical/alternate links are absolute by nature; they are checked like any other.
      let url: URL;
      try {
        url = new URL(raw, base);
      } catch {
        return;
      }
      if (url.origin !== origin) return; // external, mailto:, data:, …
      const sourceElement = [...ancestors]
        .reverse()
        .find((a): a is Element => a.type === 'element' && typeof a.properties.dataSource === 'string');
      let nth = 0;
      if (sourceElement) {
        const counts = seen.get(sourceElement) ?? new Map<string, number>();
        seen.set(sourceElement, counts);
        const key = `${node.tagName} ${raw}`;
        nth = counts.get(key) ?? 0;
        counts.set(key, nth + 1);
      }
      const source = () =>
        sourceElement
          ? located(String(sourceElement.properties.dataSource), node.tagName, raw, nth)
          : `${relative(process.cwd(), file)} (page template)`;
      const kind = node.tagName === 'img' ? 'image' : 'link';
      const target = fileFor(outDir, url.pathname);
      if (!target) {
        broken.push({ source: source(), page, kind, link: raw, reason: `no page or file at ${url.pathname}` });
        return;
      }
      const fragment = decodeURIComponent(url.hash.slice(1));
      if (fragment && fragment !== 'top' && target.endsWith('.html') && !ids(target).has(fragment)) {
        broken.push({ source: source(), page, kind, link: raw, reason: `${url.pathname} has no element with id "${fragment}"` });
      }
    });
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

export default function checkLinksIntegration(): AstroIntegration {
  let site = 'http://localhost';
  return {
    name: 'adjoint:check-links',
    hooks: {
      'astro:config:done': ({ config }) => {
        site = config.site ?? site;
      },
      'astro:build:done': async ({ dir, logger }) => {
        const broken = await checkLinks(fileURLToPath(dir), site);
        if (broken.length > 0) throw new Error(formatBrokenLinks(broken));
        logger.info('all internal links resolve');
      },
    },
  };
}
