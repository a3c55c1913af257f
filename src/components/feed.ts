// The HTML of a post as a feed reader should get it. Readers have no base URL, run no
// scripts and drop <style>, so:
//  - root-relative and in-page links become absolute;
//  - each interactive widget (static first frame: disabled controls, an unstyled plot and
//    its own <style>) becomes a short note linking to the post, keeping its caption;
//  - the paragraphs' height estimates (for content-visibility on the site) are left out.
// It edits the rendered HTML in place, tag by tag (src/integrations/html-tags.ts), instead of
// parsing it into a tree and printing it again: with a few hundred KaTeX-heavy posts the
// round trip through parse5 made the feed the slowest page of the build by far.
import { attributesOf, decodeEntities, TagScanner } from '../integrations/html-tags.ts';

const ATTRIBUTE_VALUE = /(\s(?:href|src)\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/gi;
/** Where a tag may carry a URL: the same test, over the whole page at once. */
const URL_ATTRIBUTE = /\s(?:href|src)\s*=/gi;
const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/** The tag's text with its root-relative and `#…` href/src made absolute; undefined when nothing changes. */
function absoluteUrls(text: string, origin: string, page: string): string | undefined {
  const rewritten = text.replace(ATTRIBUTE_VALUE, (whole, prefix: string, double?: string, single?: string, bare?: string) => {
    const value = decodeEntities(double ?? single ?? bare ?? '');
    if (value.startsWith('/') && !value.startsWith('//')) return `${prefix}"${escapeAttribute(`${origin}${value}`)}"`;
    if (value.startsWith('#')) return `${prefix}"${escapeAttribute(`${origin}${page}${value}`)}"`;
    return whole;
  });
  return rewritten === text ? undefined : rewritten;
}

/** The height estimates rehype-block-estimates.ts writes for the site's off-screen layout: nothing to a reader. */
const ESTIMATE = / style="--chars:\d+(?:;--items:\d+)?"/g;

/**
 * @example feedHtml('<a href="#x">x</a>', 'https://a.org', '/posts/p/') // '<a href="https://a.org/posts/p/#x">x</a>'
 */
export function feedHtml(html: string, origin: string, page: string): string {
  return rewriteForFeed(html.replace(ESTIMATE, ''), origin, page);
}

function rewriteForFeed(html: string, origin: string, page: string): string {
  // The few tags that carry an href or src, found in one pass: a KaTeX-heavy post has
  // thousands of tags and a few dozen links, and the scanner then reads no tag's attributes
  // unless one of these falls inside it.
  const urlAt: number[] = [];
  for (const match of html.matchAll(URL_ATTRIBUTE)) urlAt.push(match.index);
  let nextUrl = 0;
  const scan = new TagScanner(html);
  /** The current tag with its URLs made absolute, or undefined when it has none to change. */
  const rewrite = (): string | undefined => {
    while (nextUrl < urlAt.length && urlAt[nextUrl]! < scan.start) nextUrl++;
    if (scan.closing || nextUrl === urlAt.length || urlAt[nextUrl]! >= scan.end) return undefined;
    return absoluteUrls(html.slice(scan.start, scan.end), origin, page);
  };
  const out: string[] = [];
  let copied = 0; // html before this offset is in `out` (or dropped)
  /** Inside a widget's <figure>: figure nesting depth; figcaption depth while copying its caption. */
  let widget: { depth: number; captionSeen: boolean; captionDepth: number } | undefined;
  while (scan.next()) {
    if (!widget) {
      if (!scan.closing && scan.name === 'figure' && scan.contains('data-widget') && attributesOf(scan).has('data-widget')) {
        out.push(
          html.slice(copied, scan.start),
          '<figure class="widget"><p><em>Interactive figure: </em>',
          `<a href="${escapeAttribute(`${origin}${page}`)}">open the post</a> to use it.</p>`,
        );
        copied = scan.end;
        widget = { depth: 1, captionSeen: false, captionDepth: 0 };
        continue;
      }
      const rewritten = rewrite();
      if (rewritten !== undefined) {
        out.push(html.slice(copied, scan.start), rewritten);
        copied = scan.end;
      }
      continue;
    }
    // In a widget: everything is dropped except its first <figcaption>, copied with its links made absolute.
    if (scan.name === 'figcaption' && !scan.closing && !widget.captionSeen) {
      widget.captionSeen = true;
      widget.captionDepth = 1;
      copied = scan.start;
      const rewritten = rewrite();
      if (rewritten !== undefined) {
        out.push(rewritten);
        copied = scan.end;
      }
      continue;
    }
    if (widget.captionDepth > 0) {
      const rewritten = rewrite();
      if (rewritten !== undefined) {
        out.push(html.slice(copied, scan.start), rewritten);
        copied = scan.end;
      }
      if (scan.name === 'figcaption') widget.captionDepth += scan.closing ? -1 : 1;
      if (widget.captionDepth === 0) {
        out.push(html.slice(copied, scan.end));
        copied = scan.end;
      }
      continue;
    }
    if (scan.name === 'figure') widget.depth += scan.closing ? -1 : 1;
    if (widget.depth === 0) {
      out.push('</figure>');
      widget = undefined;
    }
    copied = scan.end;
  }
  out.push(html.slice(copied));
  return out.join('');
}

/**
 * Text as an XML CDATA section, the usual wrapping of a feed item's HTML (nothing to escape); a
 * `]]>` inside, which would end the section, is split across two.
 * @example cdataSection('a]]>b') // '<![CDATA[a]]]]><![CDATA[>b]]>'
 */
export function cdataSection(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}
