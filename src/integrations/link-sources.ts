// Where a link of the built HTML was written in its Markdown source. The link checker runs
// on the built pages (only then do all pages, files and ids exist), and a page's HTML does
// not say on which line a link was written. Rather than ship source positions to readers
// (attributes in every page) or keep a side table that Astro's render cache would leave
// incomplete on a warm build (cached posts are not re-rendered), the checker asks here only
// when a link is broken: the post is parsed again (syntax only, with the same Markdown
// extensions as the site) and the n-th link with that URL in the Markdown is the n-th one in
// the HTML. A clean build never pays for this.
import { readFileSync } from 'node:fs';
import type { Definition, Nodes, Root } from 'mdast';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';

export type LinkKind = 'link' | 'image';

export interface SourceLink {
  kind: LinkKind;
  url: string;
  line: number;
  column: number;
}

const parser = unified().use(remarkParse).use(remarkGfm).use(remarkMath).use(remarkDirective);

/** Frontmatter replaced by empty lines, so positions in the body are positions in the file. */
function withoutFrontmatter(text: string): string {
  const match = /^---\r?\n[\s\S]*?\r?\n---[ \t]*(?=\r?\n|$)/.exec(text);
  return match ? match[0].replace(/[^\n]/g, '') + text.slice(match[0].length) : text;
}

/** Raw HTML in Markdown (`<a href="…">`, `<img src="…">`): each link with its own position. */
function htmlLinks(html: string, line: number, column: number): SourceLink[] {
  const found: SourceLink[] = [];
  for (const m of html.matchAll(/<(a|img)\b[^>]*?\s(href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    const kind: LinkKind = m[1]!.toLowerCase() === 'img' ? 'image' : 'link';
    if ((kind === 'image') !== (m[2]!.toLowerCase() === 'src')) continue;
    const before = html.slice(0, m.index);
    const lines = before.split('\n');
    const atLine = line + lines.length - 1;
    const atColumn = lines.length === 1 ? column + before.length : lines.at(-1)!.length + 1;
    found.push({ kind, url: m[3] ?? m[4] ?? m[5] ?? '', line: atLine, column: atColumn });
  }
  return found;
}

/** Every link and image of a Markdown file, in document order, at its line:column in the file. */
export function sourceLinks(markdown: string): SourceLink[] {
  const tree = parser.parse(withoutFrontmatter(markdown)) as Root;
  const definitions = new Map<string, string>();
  visit(tree, 'definition', (node: Definition) => {
    if (!definitions.has(node.identifier)) definitions.set(node.identifier, node.url);
  });
  const links: SourceLink[] = [];
  visit(tree, (node: Nodes) => {
    const start = node.position?.start;
    if (!start) return;
    const at = { line: start.line, column: start.column };
    if (node.type === 'link') links.push({ kind: 'link', url: node.url, ...at });
    else if (node.type === 'image') links.push({ kind: 'image', url: node.url, ...at });
    else if (node.type === 'linkReference' || node.type === 'imageReference') {
      const url = definitions.get(node.identifier);
      if (url !== undefined) links.push({ kind: node.type === 'linkReference' ? 'link' : 'image', url, ...at });
    } else if (node.type === 'html') links.push(...htmlLinks(node.value, at.line, at.column));
  });
  return links;
}

function normal(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}

/**
 * The position of the `nth` (0-based) link of this kind and URL in a Markdown file; the last
 * such link when there are fewer (generated links such as heading anchors can share a URL);
 * undefined when the file has none (the link came from a plugin or a template).
 */
export function locate(
  links: readonly SourceLink[],
  kind: LinkKind,
  url: string,
  nth: number,
  source?: { text: string; inPage: number },
): SourceLink | undefined {
  const same = links.filter((link) => link.kind === kind && normal(link.url) === normal(url));
  // The page has more links with this URL than the Markdown parser sees: some come from markup
  // it takes for something else (a Franklin `~~~` raw HTML block reads as a code fence, a
  // `\goto{…}` command as text). When the file writes the URL exactly as many times as the page
  // links it, the n-th place it is written is the n-th link. (A footnote's link is in the page
  // twice, as sidenote and endnote, but written once: that case keeps the parser's answer.)
  if (source && source.inPage > same.length) {
    const written = occurrences(source.text, url);
    if (written.length === source.inPage) return { kind, url, ...written[nth]! };
  }
  return same[Math.min(nth, same.length - 1)];
}

const URL_CHAR = /[\w~%/.#?&=+:@-]/;

/** Where `url` is written in `text` as a whole URL (not inside a longer one), in order. */
export function occurrences(text: string, url: string): { line: number; column: number }[] {
  const found: { line: number; column: number }[] = [];
  if (!url) return found;
  for (let at = text.indexOf(url); at !== -1; at = text.indexOf(url, at + 1)) {
    if (URL_CHAR.test(text[at - 1] ?? ' ') || URL_CHAR.test(text[at + url.length] ?? ' ')) continue;
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    found.push({ line, column: at - before.lastIndexOf('\n') });
  }
  return found;
}

/** sourceLinks of a file on disk; empty when it cannot be read. */
export function sourceLinksOf(path: string): SourceLink[] {
  try {
    return sourceLinks(readFileSync(path, 'utf8'));
  } catch {
    return [];
  }
}
