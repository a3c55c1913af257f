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

/** The tag with its root-relative and `#…` href/src made absolute; the tag as it was otherwise. */
function absoluteUrls(html: string, tag: Tag, origin: string, page: string): string {
  const text = html.slice(tag.start, tag.end);
  if (!/\s(?:href|src)\s*=/i.test(tag.attributes)) return text;
  return text.replace(ATTRIBUTE_VALUE, (whole, prefix: string, double?: string, single?: string, bare?: string) => {
    const raw = double ?? single ?? bare ?? '';
    const value = decodeEntities(raw);
    if (value.startsWith('/') && !value.startsWith('//')) return `${prefix}"${escapeAttribute(`${origin}${value}`)}"`;
    if (value.startsWith('#')) return `${prefix}"${escapeAttribute(`${origin}${page}${value}`)}"`;
    return whole;
  });
}

/**
 * @example feedHtml('<a href="#x">x</a>', 'https://a.org', '/posts/p/') // '<a href="https://a.org/posts/p/#x">x</a>'
 */
export function feedHtml(html: string, origin: string, page: string): string {
  const out: string[] = [];
  let copied = 0; // html before this offset is in `out`
  /** Inside a widget's <figure>: its nesting depth, and where its <figcaption> starts/ends. */
  let widget: { depth: number; caption?: number; captionDepth?: number | undefined } | undefined;
  for (const tag of tags(html)) {
    if (widget) {
      if (tag.name === 'figcaption' && !tag.closing && widget.caption === undefined) {
        widget.caption = tag.start;
        widget.captionDepth = 1;
        out.push(absoluteUrls(html, tag, origin, page));
        copied = tag.end;
        continue;
      }
      if (tag.name === 'figure') widget.depth += tag.closing ? -1 : 1;
      if (widget.depth === 0) {
        // The figure ends: its caption (copied as we went) closes, then the figure.
        out.push('</figure>');
        copied = tag.end;
        widget = undefined;
        continue;
      }
      if (widget.captionDepth) {
        out.push(html.slice(copied, tag.start), absoluteUrls(html, tag, origin, page));
        if (tag.name === 'figcaption') widget.captionDepth += tag.closing ? -1 : 1;
        if (widget.captionDepth === 0) widget.captionDepth = undefined;
      }
      copied = tag.end;
      continue;
    }
    if (!tag.closing && tag.name === 'figure' && tag.attributes.includes('data-widget') && attributesOf(tag).has('data-widget')) {
      out.push(
        html.slice(copied, tag.start),
        '<figure class="widget"><p><em>Interactive figure: </em>',
        `<a href="${escapeAttribute(`${origin}${page}`)}">open the post</a> to use it.</p>`,
      );
      copied = tag.end;
      widget = { depth: 1 };
      continue;
    }
    out.push(html.slice(copied, tag.start), absoluteUrls(html, tag, origin, page));
    copied = tag.end;
  }
  out.push(html.slice(copied));
  return out.join('');
}
