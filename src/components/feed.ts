// The HTML of a post as a feed reader should get it. Readers have no base URL, run no
// scripts and drop <style>, so:
//  - root-relative and in-page links become absolute;
//  - each interactive widget (static first frame: disabled controls, an unstyled plot and
//    its own <style>) becomes a short note linking to the post, keeping its caption.
// It edits the rendered HTML in place, tag by tag (src/integrations/html-tags.ts), instead of
// parsing it into a tree and printing it again: with a few hundred KaTeX-heavy posts the
// round trip through parse5 made the feed the slowest page of the build by far.
import { attributesOf, decodeEntities, type Tag, tags } from '../integrations/html-tags.ts';

const ATTRIBUTE_VALUE = /(\s(?:href|src)\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/gi;
const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/** The tag with its root-relative and `#…` href/src made absolute; undefined when nothing changes. */
function absoluteUrls(html: string, tag: Tag, origin: string, page: string): string | undefined {
  if (tag.closing || !/\s(?:href|src)\s*=/i.test(tag.attributes)) return undefined;
  const text = html.slice(tag.start, tag.end);
  const rewritten = text.replace(ATTRIBUTE_VALUE, (whole, prefix: string, double?: string, single?: string, bare?: string) => {
    const value = decodeEntities(double ?? single ?? bare ?? '');
    if (value.startsWith('/') && !value.startsWith('//')) return `${prefix}"${escapeAttribute(`${origin}${value}`)}"`;
    if (value.startsWith('#')) return `${prefix}"${escapeAttribute(`${origin}${page}${value}`)}"`;
    return whole;
  });
  return rewritten === text ? undefined : rewritten;
}

/**
 * @example feedHtml('<a href="#x">x</a>', 'https://a.org', '/posts/p/') // '<a href="https://a.org/posts/p/#x">x</a>'
 */
export function feedHtml(html: string, origin: string, page: string): string {
  const out: string[] = [];
  let copied = 0; // html before this offset is in `out` (or dropped)
  /** Inside a widget's <figure>: figure nesting depth; figcaption depth while copying its caption. */
  let widget: { depth: number; captionSeen: boolean; captionDepth: number } | undefined;
  for (const tag of tags(html)) {
    if (!widget) {
      if (!tag.closing && tag.name === 'figure' && tag.attributes.includes('data-widget') && attributesOf(tag).has('data-widget')) {
        out.push(
          html.slice(copied, tag.start),
          '<figure class="widget"><p><em>Interactive figure: </em>',
          `<a href="${escapeAttribute(`${origin}${page}`)}">open the post</a> to use it.</p>`,
        );
        copied = tag.end;
        widget = { depth: 1, captionSeen: false, captionDepth: 0 };
        continue;
      }
      const rewritten = absoluteUrls(html, tag, origin, page);
      if (rewritten !== undefined) {
        out.push(html.slice(copied, tag.start), rewritten);
        copied = tag.end;
      }
      continue;
    }
    // In a widget: everything is dropped except its first <figcaption>, copied with its links made absolute.
    if (tag.name === 'figcaption' && !tag.closing && !widget.captionSeen) {
      widget.captionSeen = true;
      widget.captionDepth = 1;
      copied = tag.start;
      const rewritten = absoluteUrls(html, tag, origin, page);
      if (rewritten !== undefined) {
        out.push(rewritten);
        copied = tag.end;
      }
      continue;
    }
    if (widget.captionDepth > 0) {
      const rewritten = absoluteUrls(html, tag, origin, page);
      if (rewritten !== undefined) {
        out.push(html.slice(copied, tag.start), rewritten);
        copied = tag.end;
      }
      if (tag.name === 'figcaption') widget.captionDepth += tag.closing ? -1 : 1;
      if (widget.captionDepth === 0) {
        out.push(html.slice(copied, tag.end));
        copied = tag.end;
      }
      continue;
    }
    if (tag.name === 'figure') widget.depth += tag.closing ? -1 : 1;
    if (widget.depth === 0) {
      out.push('</figure>');
      widget = undefined;
    }
    copied = tag.end;
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
