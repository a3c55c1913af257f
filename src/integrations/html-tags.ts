// A small, fast scan over the start and end tags of built HTML, for build steps that only
// read or rewrite attributes (the link checker; the feed's absolute URLs). Parsing every page
// into a full tree (parse5 → hast) cost seconds on a few hundred KaTeX-heavy pages, most of it
// building nodes for thousands of <span>s nobody looks at. This reads tags in source order,
// skips comments, doctypes and the raw text of <script>/<style>/<textarea>/<title>, and
// parses a tag's attributes only when asked. It assumes what Astro writes: well-formed
// markup whose attribute values are quoted or free of `>`.

export interface Tag {
  /** Lower-case tag name. */
  name: string;
  /** True for `</name>`. */
  closing: boolean;
  /** Offsets of `<` and just after `>` in the HTML. */
  start: number;
  end: number;
  /** The text between the name and `>` (attributes, maybe a trailing `/`). */
  attributes: string;
}

const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title']);
const NAME = /[a-zA-Z][^\s/>]*/y;
// One attribute: name, then an optional value in double or single quotes or unquoted.
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/** Every tag of `html`, in order. */
export function* tags(html: string): Generator<Tag> {
  let at = 0;
  for (;;) {
    const lt = html.indexOf('<', at);
    if (lt < 0 || lt + 1 >= html.length) return;
    const next = html[lt + 1]!;
    if (next === '!' || next === '?') {
      // <!-- comment -->, <!doctype …>, <![CDATA[…]]> (in SVG/MathML), <?…>
      const close = html.startsWith('<!--', lt) ? html.indexOf('-->', lt + 4) + 3 : html.indexOf('>', lt) + 1;
      at = close > 0 ? close : html.length;
      continue;
    }
    const closing = next === '/';
    NAME.lastIndex = lt + (closing ? 2 : 1);
    const name = NAME.exec(html)?.[0];
    if (!name) {
      at = lt + 1; // a literal `<` in text
      continue;
    }
    const end = tagEnd(html, NAME.lastIndex);
    const tag: Tag = { name: name.toLowerCase(), closing, start: lt, end, attributes: html.slice(NAME.lastIndex, end - 1) };
    yield tag;
    at = end;
    if (!closing && RAW_TEXT.has(tag.name)) {
      const close = new RegExp(`</${tag.name}`, 'gi');
      close.lastIndex = end;
      at = close.exec(html)?.index ?? html.length;
    }
  }
}

/** Offset just after the `>` that ends a tag whose attributes start at `from` (quotes respected). */
function tagEnd(html: string, from: number): number {
  for (let i = from; i < html.length; i++) {
    const c = html.charCodeAt(i);
    if (c === 62 /* > */) return i + 1;
    if (c === 34 /* " */ || c === 39 /* ' */) {
      // Only a quote that opens a value (after `=`, maybe with spaces) starts a quoted string.
      let before = i - 1;
      while (before > from && /\s/.test(html[before]!)) before--;
      if (html.charCodeAt(before) !== 61 /* = */) continue;
      const close = html.indexOf(html[i]!, i + 1);
      if (close < 0) return html.length;
      i = close;
    }
  }
  return html.length;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Character references in an attribute value decoded (the common named ones and all numeric). */
export function decodeEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/** The attributes of a tag, names lower-cased, values decoded; `''` for a bare attribute. */
export function attributesOf(tag: Tag): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of tag.attributes.matchAll(ATTRIBUTE)) {
    const name = m[1]!.toLowerCase();
    if (!map.has(name)) map.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return map;
}
