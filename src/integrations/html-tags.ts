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

/** ASCII whitespace, HTML's whitespace inside tags. */
const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13 || c === 12;

/**
 * Walks the tags of `html` one by one without allocating for a tag nobody looks at: a page of
 * KaTeX has a thousand or more <span>s and a caller (the link checker) wants a few dozen.
 * Every search is a native `indexOf`; the next quote and the next of each searched word are
 * remembered, so no stretch of the page is searched twice.
 *   const scan = new TagScanner(html);
 *   while (scan.next()) if (scan.name === 'a') console.log(scan.attributes);
 */
export class TagScanner {
  /** The current tag (after `next()` returned true): lower-case name, `</…>`, offsets of `<` and after `>`. */
  name = '';
  closing = false;
  start = 0;
  end = 0;
  /** Offset of the attribute text (just after the name). */
  private nameEnd = 0;
  private at = 0;
  /** Next `"` / `'` at or after the last search (-1: none left). */
  private doubleQuote = -2;
  private singleQuote = -2;
  private found = new Map<string, number>();

  readonly html: string;

  constructor(html: string) {
    this.html = html;
  }

  /** Moves to the next tag; false at the end of the HTML. */
  next(): boolean {
    const html = this.html;
    for (;;) {
      const lt = html.indexOf('<', this.at);
      if (lt < 0 || lt + 1 >= html.length) {
        this.at = html.length;
        return false;
      }
      const next = html.charCodeAt(lt + 1);
      if (next === 33 /* ! */ || next === 63 /* ? */) {
        // <!-- comment -->, <!doctype …>, <![CDATA[…]]> (in SVG/MathML), <?…>
        const close = html.startsWith('<!--', lt) ? html.indexOf('-->', lt + 4) + 3 : html.indexOf('>', lt) + 1;
        this.at = close > 0 ? close : html.length;
        continue;
      }
      const closing = next === 47; /* / */
      const nameStart = lt + (closing ? 2 : 1);
      const first = html.charCodeAt(nameStart) | 32;
      if (!(first >= 97 && first <= 122)) {
        this.at = lt + 1; // a literal `<` in text
        continue;
      }
      let nameEnd = nameStart + 1;
      for (; nameEnd < html.length; nameEnd++) {
        const c = html.charCodeAt(nameEnd);
        if (c === 47 || c === 62 || isSpace(c)) break;
      }
      this.name = html.slice(nameStart, nameEnd).toLowerCase();
      this.closing = closing;
      this.start = lt;
      this.nameEnd = nameEnd;
      this.end = this.tagEnd(nameEnd);
      this.at = this.end;
      if (!closing && RAW_TEXT.has(this.name)) {
        const close = new RegExp(`</${this.name}`, 'gi');
        close.lastIndex = this.end;
        this.at = close.exec(html)?.index ?? html.length;
      }
      return true;
    }
  }

  /** The current tag's text between its name and `>` (attributes, maybe a trailing `/`). */
  get attributes(): string {
    return this.html.slice(this.nameEnd, this.end - 1);
  }

  /** Whether the current tag's attribute text contains `word` (e.g. `id=`), without slicing it. */
  contains(word: string): boolean {
    let at = this.found.get(word) ?? -2;
    if (at !== -1 && at < this.nameEnd) {
      at = this.html.indexOf(word, this.nameEnd);
      this.found.set(word, at);
    }
    return at !== -1 && at + word.length < this.end;
  }

  /** The current tag as a Tag. */
  tag(): Tag {
    return { name: this.name, closing: this.closing, start: this.start, end: this.end, attributes: this.attributes };
  }

  /** The next quote (either kind) at or after `from`, or -1. */
  private quote(from: number): number {
    if (this.doubleQuote !== -1 && this.doubleQuote < from) this.doubleQuote = this.html.indexOf('"', from);
    if (this.singleQuote !== -1 && this.singleQuote < from) this.singleQuote = this.html.indexOf("'", from);
    if (this.doubleQuote === -1) return this.singleQuote;
    if (this.singleQuote === -1) return this.doubleQuote;
    return Math.min(this.doubleQuote, this.singleQuote);
  }

  /** Offset just after the `>` that ends a tag whose attributes start at `from` (quotes respected). */
  private tagEnd(from: number): number {
    const html = this.html;
    let i = from;
    let gt = html.indexOf('>', i);
    for (;;) {
      if (gt < 0) return html.length;
      const quote = this.quote(i);
      if (quote < 0 || quote > gt) return gt + 1;
      // Only a quote that opens a value (after `=`, maybe with spaces) starts a quoted string.
      let before = quote - 1;
      while (before > from && isSpace(html.charCodeAt(before))) before--;
      if (html.charCodeAt(before) !== 61 /* = */) {
        i = quote + 1;
        continue;
      }
      const close = html.indexOf(html[quote]!, quote + 1);
      if (close < 0) return html.length;
      i = close + 1;
      if (gt < i) gt = html.indexOf('>', i);
    }
  }
}

/** Every tag of `html`, in order. */
export function* tags(html: string): Generator<Tag> {
  const scan = new TagScanner(html);
  while (scan.next()) yield scan.tag();
}

// One attribute: name, then an optional value in double or single quotes or unquoted.
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

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
export function attributesOf(tag: Pick<Tag, 'attributes'>): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of tag.attributes.matchAll(ATTRIBUTE)) {
    const name = m[1]!.toLowerCase();
    if (!map.has(name)) map.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return map;
}
