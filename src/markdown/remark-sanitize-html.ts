// Raw HTML in posts, under the site's `rawHtml` policy (src/site.config.ts).
//   'allow' (default): HTML is passed through as written. Authors are trusted like code
//     committers: a <script> in a post runs on the site.
//   'sanitize': every piece of raw HTML the author wrote (mdast `html` nodes, before math,
//     code and widgets are rendered, so their markup is never touched) is rebuilt from an
//     allow-list: known-safe tags and attributes, URLs only relative or http(s)/mailto.
//     Scripts, styles, iframes, objects, forms, SVG, event handlers (`onerror=`) and
//     `javascript:` links are removed, each removal reported as a content warning at
//     file:line:column (so `strict` fails on it). Any `<` that does not start an allowed
//     tag is written as `&lt;`, so the output can only contain tags this file wrote.
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { inside, warn } from './remark-content-checks.ts';

const TAGS = new Set(
  (
    'a abbr b bdi bdo blockquote br caption cite code col colgroup dd del details dfn div dl dt em figcaption figure ' +
    'h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p picture pre q rp rt ruby s samp small source span strong sub ' +
    'summary sup table tbody td tfoot th thead time tr u ul var wbr'
  ).split(' '),
);

/** Removed together with everything up to their end tag (in the same piece of HTML). */
const DROP_CONTENT = new Set(
  'script style iframe object embed template noscript textarea title xmp plaintext frame frameset applet svg math'.split(' '),
);

const GLOBAL_ATTRIBUTES = new Set(['id', 'class', 'title', 'lang', 'dir', 'role', 'hidden']);
const ATTRIBUTES: Record<string, Set<string>> = {
  a: new Set(['href', 'rel', 'hreflang']),
  img: new Set(['src', 'alt', 'width', 'height', 'loading', 'decoding']),
  source: new Set(['src', 'type', 'media', 'width', 'height']),
  td: new Set(['colspan', 'rowspan', 'align']),
  th: new Set(['colspan', 'rowspan', 'align', 'scope']),
  col: new Set(['span']),
  colgroup: new Set(['span']),
  ol: new Set(['start', 'reversed', 'type']),
  li: new Set(['value']),
  time: new Set(['datetime']),
  details: new Set(['open']),
  del: new Set(['datetime']),
  ins: new Set(['datetime']),
  q: new Set(['cite']),
  blockquote: new Set(['cite']),
};
const URL_ATTRIBUTES = new Set(['href', 'src', 'cite']);

const TOKEN =
  /<!--[\s\S]*?(?:-->|$)|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/** A URL is safe when it has no scheme (relative, #anchor) or an http(s)/mailto one, after entities are decoded. */
export function safeUrl(value: string): boolean {
  const decoded = value
    .replace(/&#x([0-9a-f]+);?/gi, (_m, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_m, dec: string) => String.fromCodePoint(Number(dec)));
  if (/&[a-z]+;?/i.test(decoded)) return false; // named entities (&colon;, &Tab;) hide schemes
  // Browsers ignore control characters and whitespace inside a scheme (`java\tscript:`).
  const compact = [...decoded].filter((char) => char.codePointAt(0)! > 0x20 && char !== '\u007f').join('');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(compact)?.[1]?.toLowerCase();
  return scheme === undefined || scheme === 'http' || scheme === 'https' || scheme === 'mailto';
}

/** One piece of raw HTML, rebuilt from the allow-list, and what was removed from it. */
export function sanitizeHtml(html: string): { html: string; removed: { offset: number; what: string }[] } {
  const removed: { offset: number; what: string }[] = [];
  const text = (s: string) => s.replaceAll('<', '&lt;');
  let out = '';
  let at = 0;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(html); match; match = TOKEN.exec(html)) {
    out += text(html.slice(at, match.index));
    at = TOKEN.lastIndex;
    const [, slash, rawName, rawAttributes = '', selfClosing] = match;
    if (rawName === undefined) continue; // a comment: dropped silently
    const name = rawName.toLowerCase();
    if (DROP_CONTENT.has(name)) {
      if (slash) continue;
      removed.push({ offset: match.index, what: `<${name}> and its content` });
      const end = new RegExp(`</${name}\\s*>`, 'i').exec(html.slice(at));
      at = end ? at + end.index + end[0].length : html.length;
      TOKEN.lastIndex = at;
      continue;
    }
    if (!TAGS.has(name)) {
      if (!slash) removed.push({ offset: match.index, what: `<${name}>` });
      continue;
    }
    if (slash) {
      out += `</${name}>`;
      continue;
    }
    let attributes = '';
    for (const [, rawKey, double, single, bare] of rawAttributes.matchAll(ATTRIBUTE)) {
      const key = rawKey!.toLowerCase();
      const value = double ?? single ?? bare ?? '';
      const allowed = GLOBAL_ATTRIBUTES.has(key) || key.startsWith('aria-') || ATTRIBUTES[name]?.has(key);
      if (!allowed || (URL_ATTRIBUTES.has(key) && !safeUrl(value))) {
        removed.push({ offset: match.index, what: `${key}="${value.length > 40 ? `${value.slice(0, 40)}…` : value}" on <${name}>` });
        continue;
      }
      attributes += ` ${key}="${value.replaceAll('"', '&quot;').replaceAll('<', '&lt;')}"`;
    }
    out += `<${name}${attributes}${selfClosing ? ' /' : ''}>`;
  }
  out += text(html.slice(at));
  return { html: out, removed };
}

export default function remarkSanitizeHtml(options: { policy?: 'allow' | 'sanitize' } = {}) {
  return function transform(tree: Root, file: VFile) {
    if (options.policy !== 'sanitize') return;
    visit(tree, 'html', (node) => {
      const { html, removed } = sanitizeHtml(node.value);
      for (const { offset, what } of removed) {
        warn(file, inside(node, offset), `raw HTML: removed ${what} (rawHtml is 'sanitize' in src/site.config.ts).`);
      }
      node.value = html;
    });
  };
}
