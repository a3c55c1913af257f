// Franklin page and site variables. A page sets them with `@def name = value` lines and
// `+++ … +++` blocks of Julia assignments; config.md sets the site's globals the same way and
// defines site-wide commands. Defaults, aliases and the fallbacks come from Franklin.jl
// src/utils/vars.jl (GLOBAL_VARS_DEFAULT, LOCAL_VARS_DEFAULT, *_ALIASES, `set_vars!`).
import { type Definitions, readDefinitions } from './commands.build.ts';
import { type JuliaValue, parseJuliaValue, toPlain } from './julia-value.build.ts';
import { type Diagnostic, LineIndex, type Place } from './source.build.ts';

export interface Variable extends Place {
  name: string;
  value: JuliaValue;
}

export interface PageSource {
  /** Variables in the order they were set; a later assignment of a name replaces the earlier one. */
  vars: Map<string, Variable>;
  definitions: Definitions;
  diagnostics: Diagnostic[];
  /** The text without its `@def` lines, `+++` blocks and definitions; each removed part keeps its newlines, so lines do not move. */
  body: string;
}

// Franklin's aliases: `@def rss = "…"` sets rss_description, `base_url` sets website_url, …
const LOCAL_ALIASES: Record<string, string> = { rss: 'rss_description', rss_descr: 'rss_description' };
const GLOBAL_ALIASES: Record<string, string> = {
  prefix: 'prepath',
  base_path: 'prepath',
  base_url: 'website_url',
  rss_website_title: 'website_title',
  rss_website_url: 'website_url',
  rss_website_descr: 'website_description',
  website_descr: 'website_description',
};

/** Statements of a `+++` block that only matter to Julia (they make `Date` available): accepted silently. */
const JULIA_ONLY = /^(using|import)\s/;
const BLOCK_START = /^(function|begin|let|for|while|if|struct|mutable\s+struct|module|macro|try)\b/;

/**
 * Reads a page's (or config.md's) variables and definitions.
 * @example readPageSource('@def title = "Backprop"\n\nText').vars.get('title')?.value // { kind: 'string', value: 'Backprop' }
 */
export function readPageSource(text: string, options: { isConfig?: boolean } = {}): PageSource {
  const source = text.replace(/\r\n?/g, '\n');
  const index = new LineIndex(source);
  const vars = new Map<string, Variable>();
  const diagnostics: Diagnostic[] = [];
  const removed: Array<[number, number]> = [];
  const aliases = options.isConfig ? { ...LOCAL_ALIASES, ...GLOBAL_ALIASES } : LOCAL_ALIASES;
  const assign = (name: string, valueText: string, valueStart: number, at: number) => {
    const key = aliases[name] ?? name;
    // Franklin drops an HTML comment after the value (`@def x = 1 <!-- why -->`), see set_vars!.
    const comment = valueText.indexOf('<!--');
    const parsed = parseJuliaValue(comment >= 0 ? valueText.slice(0, comment) : valueText, index.place(valueStart));
    if (parsed.ok) vars.set(key, { name: key, value: parsed.value, ...index.place(at) });
    else diagnostics.push({ ...parsed.error, message: `${name}: ${parsed.error.message}` });
  };

  const lines = lineStarts(source);
  let fence: string | null = null;
  for (let li = 0; li < lines.length; li++) {
    const start = lines[li];
    const line = lineAt(source, start);
    const fenceMark = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (fenceMark && fenceMark[1][0] === fence[0] && fenceMark[1].length >= fence.length && line.trim() === fenceMark[1]) fence = null;
      continue;
    }
    if (fenceMark && fenceMark[1][0] === '`') {
      fence = fenceMark[1];
      continue;
    }
    const def = /^[ \t]*@def[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*=/.exec(line);
    if (def) {
      const valueStart = start + def[0].length;
      const end = defEnd(source, valueStart);
      assign(def[1], source.slice(valueStart, end), valueStart, start + def[0].indexOf('@def'));
      removed.push([start, end]);
      li = lineIndexOf(lines, end);
      continue;
    }
    if (/^[ \t]*@def\b/.test(line)) {
      diagnostics.push({ ...index.place(start + line.indexOf('@def')), message: '@def needs `name = value`' });
      continue;
    }
    // Franklin's tokenizer finds `+++` before a line break wherever the line starts: templates indent it (FranklinTemplates' 404.md).
    if (line.trim() === '+++') {
      const close = lines.findIndex((s, k) => k > li && lineAt(source, s).trim() === '+++');
      if (close < 0) {
        diagnostics.push({ ...index.place(start), message: '`+++` block is not closed: add a line with `+++` after its assignments' });
        removed.push([start, source.length]);
        break;
      }
      readBlock(source, lines[li + 1] ?? source.length, lines[close], index, assign, diagnostics);
      removed.push([start, lines[close] + lineAt(source, lines[close]).length]);
      li = close;
    }
  }

  const defs = readDefinitions(source);
  diagnostics.push(...defs.diagnostics);
  removed.push(...defs.ranges);
  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  return { vars, definitions: defs.definitions, diagnostics, body: blankOut(source, removed) };
}

function readBlock(
  source: string,
  from: number,
  to: number,
  index: LineIndex,
  assign: (name: string, value: string, valueStart: number, at: number) => void,
  diagnostics: Diagnostic[],
): void {
  let i = from;
  while (i < to) {
    const lineEnd = Math.min(to, nextLine(source, i));
    const line = source.slice(i, lineEnd);
    const code = line.replace(/^[ \t]+/, '');
    const at = i + (line.length - code.length);
    if (code.trim() === '' || code.startsWith('#') || JULIA_ONLY.test(code)) {
      i = lineEnd;
      continue;
    }
    const m = /^([A-Za-z_][A-Za-z0-9_]*)[ \t]*=(?!=)/.exec(code);
    if (m) {
      const valueStart = at + m[0].length;
      const end = statementEnd(source, valueStart, to);
      assign(m[1], source.slice(valueStart, end), valueStart, at);
      i = nextLine(source, end);
      continue;
    }
    const what = BLOCK_START.test(code) ? `\`${code.split(/\s/)[0]}\` block` : `statement \`${code.trim().slice(0, 30)}\``;
    diagnostics.push({
      ...index.place(at),
      message: `+++ block: unsupported ${what} (Adjoint reads \`name = value\` assignments only); skipped`,
    });
    if (BLOCK_START.test(code)) {
      // Skip to the `end` that closes it: the first line that is `end` at the block's indentation.
      const indent = line.length - code.length;
      let j = lineEnd;
      while (j < to) {
        const l = source.slice(j, nextLine(source, j));
        j = nextLine(source, j);
        if (l.trim() === 'end' && l.length - l.trimStart().length === indent) break;
      }
      i = j;
    } else i = lineEnd;
  }
}

/**
 * Where an `@def` value ends: Franklin lets it continue on the following lines only if they are
 * indented (Franklin.jl docs/syntax/page-variables.md: "subsequent lines **must** be indented").
 */
function defEnd(s: string, start: number): number {
  let end = s.indexOf('\n', start);
  while (end >= 0 && /^[ \t]+\S/.test(s.slice(end + 1, end + 200))) end = s.indexOf('\n', end + 1);
  return end < 0 ? s.length : end;
}

/**
 * Where a value that starts at `i` ends: the end of the line once brackets and strings are closed.
 * A value still open at `limit` ends at its first line instead, so one unclosed `[` is reported
 * there and does not swallow the rest of the page.
 */
function statementEnd(s: string, start: number, limit = s.length): number {
  const end = openStatementEnd(s, start, limit);
  if (end !== null) return end;
  const eol = s.indexOf('\n', start);
  return eol < 0 || eol > limit ? limit : eol;
}

function openStatementEnd(s: string, start: number, limit: number): number | null {
  let i = start;
  let depth = 0;
  while (i < limit) {
    const c = s[i];
    if (c === '"') {
      const triple = s.startsWith('"""', i);
      const close = triple ? '"""' : '"';
      let j = i + close.length;
      while (j < s.length && !s.startsWith(close, j)) j += s[j] === '\\' ? 2 : 1;
      i = j + close.length;
      continue;
    }
    if (c === '#') {
      while (i < s.length && s[i] !== '\n') i++;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === '\n' && depth === 0) return i;
    i++;
  }
  return depth === 0 && i <= limit ? limit : null;
}

function lineStarts(s: string): number[] {
  const starts = [0];
  for (let i = 0; i < s.length; i++) if (s[i] === '\n' && i + 1 < s.length) starts.push(i + 1);
  return starts;
}
function lineAt(s: string, start: number): string {
  const end = s.indexOf('\n', start);
  return s.slice(start, end < 0 ? s.length : end);
}
function nextLine(s: string, i: number): number {
  const end = s.indexOf('\n', i);
  return end < 0 ? s.length : end + 1;
}
/** The index of the line that holds offset `at`. */
function lineIndexOf(starts: number[], at: number): number {
  let k = 0;
  while (k + 1 < starts.length && starts[k + 1] <= at) k++;
  return k;
}
function blankOut(s: string, ranges: Array<[number, number]>): string {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [from, to] of sorted) {
    if (from < at) continue;
    out += s.slice(at, from) + s.slice(from, to).replace(/[^\n]/g, '');
    at = to;
  }
  return out + s.slice(at);
}

/** A pattern of config.md's `ignore`: a path, a folder (ending in `/`) or a Julia regex `r"…"`. */
export type IgnorePattern = string | RegExp;

/** Site-wide settings from config.md, with Franklin's defaults (GLOBAL_VARS_DEFAULT in src/utils/vars.jl). */
export interface FranklinConfig {
  author: string | null;
  website_title: string;
  website_url: string;
  website_description: string;
  prepath: string;
  date_format: string;
  tag_page_path: string;
  title_links: boolean;
  ignore: IgnorePattern[];
  keep_path: string[];
  generate_rss: boolean;
  rss_file: string;
  rss_full_content: boolean;
  generate_sitemap: boolean;
  /** Local defaults that config.md may set for every page (Franklin: a global default overrides a local one). */
  mintoclevel: number;
  maxtoclevel: number;
  /** Every variable config.md sets, the ones above included, for `{{fill …}}`. */
  vars: Map<string, Variable>;
  definitions: Definitions;
  diagnostics: Diagnostic[];
}

export const CONFIG_DEFAULTS = {
  author: 'THE AUTHOR',
  website_title: '',
  website_url: '',
  website_description: '',
  prepath: '',
  date_format: 'U dd, yyyy',
  tag_page_path: 'tag',
  title_links: true,
  ignore: [] as IgnorePattern[],
  keep_path: [] as string[],
  generate_rss: false,
  rss_file: 'feed',
  rss_full_content: false,
  generate_sitemap: true,
  mintoclevel: 1,
  maxtoclevel: 10,
} as const;

type Expect = 'string' | 'string?' | 'bool' | 'int' | 'ignore' | 'strings';
const CONFIG_TYPES: Record<keyof typeof CONFIG_DEFAULTS, Expect> = {
  author: 'string?',
  website_title: 'string',
  website_url: 'string',
  website_description: 'string',
  prepath: 'string',
  date_format: 'string',
  tag_page_path: 'string',
  title_links: 'bool',
  ignore: 'ignore',
  keep_path: 'strings',
  generate_rss: 'bool',
  rss_file: 'string',
  rss_full_content: 'bool',
  generate_sitemap: 'bool',
  mintoclevel: 'int',
  maxtoclevel: 'int',
};
const EXPECT_TEXT: Record<Expect, string> = {
  string: 'a string',
  'string?': 'a string or nothing',
  bool: 'true or false',
  int: 'an integer',
  ignore: 'a vector of paths, "folder/" names or r"regex" patterns',
  strings: 'a vector of strings',
};

function convert(value: JuliaValue, expect: Expect): unknown {
  switch (expect) {
    case 'string':
      return value.kind === 'string' ? value.value : undefined;
    case 'string?':
      return value.kind === 'string' ? value.value : value.kind === 'nothing' ? null : undefined;
    case 'bool':
      return value.kind === 'bool' ? value.value : undefined;
    case 'int':
      return value.kind === 'number' && value.integer ? value.value : undefined;
    case 'strings':
    case 'ignore':
      if (value.kind !== 'vector' && value.kind !== 'tuple') return undefined;
      if (!value.items.every((v) => v.kind === 'string' || (expect === 'ignore' && v.kind === 'regex'))) return undefined;
      return value.items.map(toPlain);
  }
}

/**
 * Reads config.md: its variables over Franklin's defaults, and its site-wide commands. A value of
 * the wrong type is reported where it was set (as Franklin's `mddef_warn` does) and the default kept.
 */
export function readConfig(text: string): FranklinConfig {
  const page = readPageSource(text, { isConfig: true });
  const config: Record<string, unknown> = { ...CONFIG_DEFAULTS };
  const diagnostics = [...page.diagnostics];
  for (const [key, expect] of Object.entries(CONFIG_TYPES) as Array<[keyof typeof CONFIG_DEFAULTS, Expect]>) {
    const v = page.vars.get(key);
    if (!v) continue;
    const converted = convert(v.value, expect);
    if (converted === undefined)
      diagnostics.push({ line: v.line, column: v.column, message: `${key} should be ${EXPECT_TEXT[expect]}; the default is kept` });
    else config[key] = converted;
  }
  return {
    ...(config as typeof CONFIG_DEFAULTS & { ignore: IgnorePattern[]; keep_path: string[]; author: string | null }),
    vars: page.vars,
    definitions: page.definitions,
    diagnostics,
  };
}

/** What the page list, feed and head need from a Franklin page. */
export interface PageMeta {
  title: string | null;
  date: string | null; // YYYY-MM-DD
  description: string | null;
  tags: string[];
}

/**
 * A page's title, date, description and tags, with the fallbacks of Franklin's templates: the title is
 * `title`, else `rss_title`, else the first heading; the date is `date`, else `rss_pubdate`; the
 * description is `rss_description` (set by `@def rss = …` too). Franklin's default date, Date(1), counts as unset.
 */
export function pageMeta(vars: Map<string, Variable>, body: string): PageMeta {
  const str = (name: string) => {
    const v = vars.get(name)?.value;
    return v?.kind === 'string' && v.value.trim() !== '' ? v.value : null;
  };
  const date = (name: string) => {
    const v = vars.get(name)?.value;
    if (v?.kind === 'date' && v.year > 1) return toPlain(v) as string;
    if (v?.kind === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v.value)) return v.value;
    return null;
  };
  const tagsValue = vars.get('tags')?.value;
  const tags =
    tagsValue && (tagsValue.kind === 'vector' || tagsValue.kind === 'tuple')
      ? tagsValue.items.flatMap((t) => (t.kind === 'string' && t.value.trim() !== '' ? [t.value.trim()] : []))
      : [];
  return {
    title: str('title') ?? str('rss_title') ?? firstHeading(body),
    date: date('date') ?? date('rss_pubdate'),
    description: plainDescription(str('rss_description')),
    tags,
  };
}

/**
 * An `rss` description as plain text. Franklin lets it hold basic Markdown (FranklinTemplates'
 * pages put bold, code and a picture in it), but it ends up in a card, a meta tag and a feed's
 * <description>, where markup would show as symbols: pictures are dropped, links keep their text,
 * emphasis and code marks go.
 * @example plainDescription('A **short** `RSS` blurb ![](x.png)') // 'A short RSS blurb'
 */
export function plainDescription(text: string | null): string | null {
  if (text === null) return null;
  const plain = text
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/(\*\*|__|\*|`+)(?=\S)([\s\S]*?\S)\1/g, '$2')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\s+([.,;:!?])/g, '$1');
  return plain === '' ? null : plain;
}

/** The text of the first Markdown heading outside code fences, or null. */
export function firstHeading(body: string): string | null {
  let fence: string | null = null;
  for (const line of body.split('\n')) {
    const mark = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (mark && (!fence || mark[0] === fence[0])) {
      fence = fence ? null : mark;
      continue;
    }
    if (fence) continue;
    const h = /^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$/.exec(line);
    if (h && h[1] !== '') return h[1];
  }
  return null;
}
