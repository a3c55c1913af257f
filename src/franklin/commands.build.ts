// Franklin's LaTeX-like commands: `\newcommand{\name}[n]{body}` and
// `\newenvironment{name}[n]{before}{after}`, defined site-wide in config.md or in a page.
// Rules from Franklin.jl src/converter/latex/latex.jl (`resolve_args`, `resolve_lxobj`):
// - a definition's body is stripped of surrounding whitespace;
// - `!#k` is replaced by the k-th argument as written, `#k` by a space then the argument
//   (the "safe" form, so `\mathbb#1` still parses);
// - an environment becomes before + content + after, arguments substituted in both ends;
// - the result is processed again, so commands may use other commands.
// In prose Adjoint expands them here; in math it hands them to KaTeX as macros.
import { type Diagnostic, LineIndex, type Place } from './source.build.ts';

export interface CommandDef extends Place {
  name: string; // with its backslash: `\scal`
  nargs: number;
  body: string;
}

export interface EnvironmentDef extends Place {
  name: string; // without backslash: `theorem`
  nargs: number;
  before: string;
  after: string;
}

export interface Definitions {
  commands: Map<string, CommandDef>;
  environments: Map<string, EnvironmentDef>;
}

export function emptyDefinitions(): Definitions {
  return { commands: new Map(), environments: new Map() };
}

/** Site-wide definitions overridden by a page's own: a page may redefine any name (it never fails). */
export function mergeDefinitions(site: Definitions, page: Definitions): Definitions {
  return {
    commands: new Map([...site.commands, ...page.commands]),
    environments: new Map([...site.environments, ...page.environments]),
  };
}

/** `{…}` starting at `open` (which must be `{`): the index after the matching `}`, or -1. Backslash-escaped braces do not count. */
export function matchBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

function skipBlanks(text: string, i: number): number {
  while (i < text.length && /[ \t\n\r]/.test(text[i])) i++;
  return i;
}

export interface ReadDefinitions {
  definitions: Definitions;
  diagnostics: Diagnostic[];
  /** [start, end) offsets of each definition, so the page text can drop them. */
  ranges: Array<[number, number]>;
}

/**
 * Reads every `\newcommand` and `\newenvironment` of a text (config.md or a page), in order:
 * a later definition of a name replaces an earlier one, as in Franklin.
 * @example readDefinitions('\\newcommand{\\R}{\\mathbb R}').definitions.commands.get('\\R')?.body // '\\mathbb R'
 */
export function readDefinitions(text: string, origin: Place = { line: 1, column: 1 }): ReadDefinitions {
  const index = new LineIndex(text, origin);
  const definitions = emptyDefinitions();
  const diagnostics: Diagnostic[] = [];
  const ranges: Array<[number, number]> = [];
  const pattern = /\\new(command|environment)\b/g;
  const verbatim = verbatimRanges(text);
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const start = m.index;
    // A definition shown in code (a page about Franklin, say) is text, not a definition.
    if (verbatim.some(([a, b]) => a <= start && start < b)) continue;
    const place = index.place(start);
    const isEnv = m[1] === 'environment';
    const what = isEnv ? '\\newenvironment' : '\\newcommand';
    const fail = (message: string) => diagnostics.push({ ...place, message: `${what}: ${message}` });
    let i = skipBlanks(text, pattern.lastIndex);
    if (text[i] !== '{') {
      fail(`expected {${isEnv ? 'name' : '\\name'}} after ${what}`);
      continue;
    }
    const nameEnd = matchBrace(text, i);
    if (nameEnd < 0) {
      fail('unclosed `{` around the name');
      continue;
    }
    const name = text.slice(i + 1, nameEnd - 1).trim();
    if (isEnv ? !/^[A-Za-z]+\*?$/.test(name) : !/^\\[A-Za-z]+$/.test(name)) {
      fail(`\`${name}\` is not a valid name (${isEnv ? 'letters, like {theorem}' : 'a backslash and letters, like {\\scal}'})`);
      continue;
    }
    i = skipBlanks(text, nameEnd);
    let nargs = 0;
    const count = /^\[\s*(\d+)\s*\]/.exec(text.slice(i));
    if (count) {
      nargs = Number(count[1]);
      i = skipBlanks(text, i + count[0].length);
    }
    const bodies: string[] = [];
    for (let k = 0; k < (isEnv ? 2 : 1); k++) {
      if (text[i] !== '{') break;
      const end = matchBrace(text, i);
      if (end < 0) break;
      bodies.push(text.slice(i + 1, end - 1).trim());
      i = k === 0 && isEnv ? skipBlanks(text, end) : end;
    }
    if (bodies.length < (isEnv ? 2 : 1)) {
      fail(`${name} needs ${isEnv ? 'two bodies, {before}{after}' : 'a body in braces'} (a \`{\` may be unclosed)`);
      continue;
    }
    const highest = Math.max(0, ...[...bodies.join(' ').matchAll(/!?#(\d+)/g)].map((a) => Number(a[1])));
    if (highest > nargs) {
      fail(`${name} uses #${highest} but declares ${nargs} argument${nargs === 1 ? '' : 's'}; write [${highest}] after the name`);
      continue;
    }
    if (isEnv) definitions.environments.set(name, { name, nargs, before: bodies[0], after: bodies[1], ...place });
    else definitions.commands.set(name, { name, nargs, body: bodies[0], ...place });
    ranges.push([start, i]);
    pattern.lastIndex = i;
  }
  return { definitions, diagnostics, ranges };
}

/**
 * Commands Franklin itself defines as plain `\newcommand`s (Franklin.jl src/utils/vars.jl,
 * `def_GLOBAL_LXDEFS`), for prose only: a site or page definition of the same name wins.
 * @example expandCommands('\\style{color:red}{hot}', franklinBuiltins()).text // '~~~<span style="color:red">~~~hot~~~</span>~~~'
 */
export function franklinBuiltins(): Definitions {
  return readDefinitions(String.raw`\newcommand{\style}[2]{~~~<span style="!#1">~~~!#2~~~</span>~~~}`).definitions;
}

/** Franklin's `resolve_args`: `!#k` → the argument, `#k` → a space then the argument. */
export function substituteArguments(body: string, args: string[]): string {
  return body.replace(/(!?)#(\d+)/g, (whole, bang: string, k: string) => {
    const arg = args[Number(k) - 1];
    if (arg === undefined) return whole;
    return bang ? arg : ` ${arg}`;
  });
}

export interface ExpandOptions {
  /** How deep expansions may nest before Adjoint assumes a command that uses itself. */
  maxDepth?: number;
  origin?: Place;
}

export interface Expanded {
  text: string;
  diagnostics: Diagnostic[];
  /** The offset in the input that produced an offset of `text`: problems found later are reported where the author wrote them. */
  sourceOffset: (offset: number) => number;
}

/** Marks text Adjoint could not expand, so it shows on the page instead of vanishing. */
export const markUnexpanded = (raw: string, why: string) =>
  `<span class="franklin-unexpanded" title="${why.replace(/"/g, '&quot;')}">${raw}</span>`;

/**
 * Expands the defined commands and environments in prose. Math (`$…$`, `$$…$$`, `\[…\]`), code
 * (fences and backticks) and raw HTML blocks (`~~~…~~~`) are left alone: math goes to KaTeX with
 * `katexMacros`, code and raw HTML are verbatim in Franklin too. Unknown commands are left as they are.
 * @example expandCommands('\\scal{x}', defs).text // ' \\left\\langle x \\right\\rangle' for \scal = \left\langle #1 \right\rangle
 */
export function expandCommands(text: string, defs: Definitions, options: ExpandOptions = {}): Expanded {
  const maxDepth = options.maxDepth ?? 50;
  const index = new LineIndex(text, options.origin);
  const diagnostics: Diagnostic[] = [];
  // Where each stretch of the output came from: copied text maps 1:1, an expansion maps to its command.
  const segments: Array<{ out: number; src: number; copied: boolean }> = [];
  const expand = (src: string, depth: number, at: number | null): string => {
    let out = '';
    let i = 0;
    const put = (piece: string, from: number, copied: boolean) => {
      const last = segments.at(-1);
      const continues = last?.copied && copied && last.src + (out.length - last.out) === from;
      if (at === null && !continues) segments.push({ out: out.length, src: from, copied });
      out += piece;
    };
    while (i < src.length) {
      const skip = verbatimEnd(src, i);
      if (skip > i) {
        put(src.slice(i, skip), i, true);
        i = skip;
        continue;
      }
      if (src[i] !== '\\') {
        put(src[i], i, true);
        i++;
        continue;
      }
      if (src[i + 1] === '\\' || !/[A-Za-z]/.test(src[i + 1] ?? '')) {
        put(src.slice(i, i + 2), i, true);
        i += 2;
        continue;
      }
      const name = `\\${/^[A-Za-z]+/.exec(src.slice(i + 1))![0]}`;
      const here = at ?? i; // nested expansions report at the outermost use, where the author wrote it
      const env = name === '\\begin' ? /^\\begin\{([A-Za-z]+\*?)\}/.exec(src.slice(i)) : null;
      const envDef = env ? defs.environments.get(env[1]) : undefined;
      const cmd = defs.commands.get(name);
      if (!cmd && !(env && envDef)) {
        put(name, i, true);
        i += name.length;
        continue;
      }
      const head = env ? env[0].length : name.length;
      const nargs = cmd ? cmd.nargs : envDef!.nargs;
      const display = env ? `\\begin{${env[1]}}` : name;
      const args = readArguments(src, i + head, nargs);
      if (!args) {
        const found = countArguments(src, i + head);
        diagnostics.push({
          ...index.place(here),
          message: `${display} expects ${nargs} argument${nargs === 1 ? '' : 's'} in braces, found ${found}`,
        });
        put(markUnexpanded(src.slice(i, i + head), `${display} expects ${nargs} arguments`), i, false);
        i += head;
        continue;
      }
      if (depth >= maxDepth) {
        diagnostics.push({
          ...index.place(here),
          message: `${display} still expands after ${maxDepth} levels: a command that uses itself? Expansion stopped`,
        });
        put(markUnexpanded(src.slice(i, args.end), 'expansion stopped'), i, false);
        i = args.end;
        continue;
      }
      let replacement: string;
      let end = args.end;
      if (cmd) replacement = substituteArguments(cmd.body, args.values);
      else {
        const close = findEnvironmentEnd(src, args.end, env![1]);
        if (!close) {
          diagnostics.push({ ...index.place(here), message: `${display} is not closed by \\end{${env![1]}}` });
          put(markUnexpanded(src.slice(i, args.end), 'unclosed environment'), i, false);
          i = args.end;
          continue;
        }
        replacement =
          substituteArguments(envDef!.before, args.values) +
          src.slice(args.end, close.start) +
          substituteArguments(envDef!.after, args.values);
        end = close.end;
      }
      put(expand(replacement, depth + 1, here), i, false);
      i = end;
    }
    return out;
  };
  const expanded = expand(text, 0, null);
  const sourceOffset = (offset: number): number => {
    let lo = 0;
    let hi = segments.length - 1;
    if (hi < 0) return offset;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segments[mid].out <= offset) lo = mid;
      else hi = mid - 1;
    }
    const seg = segments[lo];
    return seg.copied ? seg.src + (offset - seg.out) : seg.src;
  };
  return { text: expanded, diagnostics, sourceOffset };
}

/** `n` brace groups right after a command (spaces between them allowed): their stripped contents, or null if fewer. */
function readArguments(src: string, from: number, n: number): { values: string[]; end: number } | null {
  const values: string[] = [];
  let i = from;
  for (let k = 0; k < n; k++) {
    const j = skipSpaces(src, i);
    if (src[j] !== '{') return null;
    const end = matchBrace(src, j);
    if (end < 0) return null;
    values.push(src.slice(j + 1, end - 1).trim());
    i = end;
  }
  return { values, end: i };
}

function countArguments(src: string, from: number): number {
  let n = 0;
  let i = skipSpaces(src, from);
  while (src[i] === '{') {
    const end = matchBrace(src, i);
    if (end < 0) break;
    n++;
    i = skipSpaces(src, end);
  }
  return n;
}

function skipSpaces(src: string, i: number): number {
  while (src[i] === ' ' || src[i] === '\t') i++;
  return i;
}

function findEnvironmentEnd(src: string, from: number, name: string): { start: number; end: number } | null {
  const open = `\\begin{${name}}`;
  const close = `\\end{${name}}`;
  let depth = 1;
  let i = from;
  while (i < src.length) {
    if (src.startsWith(open, i)) {
      depth++;
      i += open.length;
    } else if (src.startsWith(close, i)) {
      if (--depth === 0) return { start: i, end: i + close.length };
      i += close.length;
    } else i++;
  }
  return null;
}

/** The [start, end) ranges of code, math and raw HTML in a text. */
function verbatimRanges(src: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < src.length; ) {
    const end = verbatimEnd(src, i);
    if (end > i) {
      ranges.push([i, end]);
      i = end;
    } else i += src[i] === '\\' ? 2 : 1;
  }
  return ranges;
}

/** If a verbatim region (code, math, raw HTML) starts at `i`, the index after it; otherwise `i`. */
function verbatimEnd(src: string, i: number): number {
  const atLineStart = i === 0 || src[i - 1] === '\n';
  const fence = atLineStart ? /^`{3,}/.exec(src.slice(i)) : null;
  if (fence) {
    const close = src.indexOf(`\n${fence[0]}`, i + fence[0].length);
    if (close < 0) return i; // an unclosed fence is the converter's to report
    const lineEnd = src.indexOf('\n', close + 1);
    return lineEnd < 0 ? src.length : lineEnd;
  }
  // A code span opens with a run of backticks and closes at the next run of exactly as many
  // (CommonMark): ``a ` b`` is one span. Without a closing run the backticks are plain text.
  const ticks = /^`+/.exec(src.slice(i, i + 64))?.[0];
  if (ticks) {
    const run = new RegExp(`(?<!\`)${ticks}(?!\`)`, 'g');
    run.lastIndex = i + ticks.length;
    const close = run.exec(src);
    return close ? close.index + ticks.length : i + ticks.length;
  }
  const pairs: Array<[string, string]> = [
    ['~~~', '~~~'],
    ['$$', '$$'],
    ['\\[', '\\]'],
    ['$', '$'],
  ];
  for (const [open, close] of pairs) {
    if (!src.startsWith(open, i)) continue;
    if (open === '$' && (src[i - 1] === '\\' || src[i + 1] === '$')) continue;
    const end = src.indexOf(close, i + open.length);
    return end < 0 ? i : end + close.length;
  }
  return i;
}

/**
 * KaTeX's `macros` for one page: the site's (Adjoint's own and config.md's) then the page's.
 * A page may redefine a name that already exists — Adjoint's `\norm` included — for that page
 * only; the object is a fresh copy, so nothing leaks to other pages. Franklin's `#k` puts a space
 * before the argument and `!#k` does not; both mean the same in math, and KaTeX's `#k` is kept.
 * Environments have no KaTeX macro form and are expanded in prose only.
 * @example katexMacros({ '\\R': '\\mathbb{R}' }, defs)['\\R'] // the page's definition if it has one
 */
export function katexMacros(base: Record<string, string>, ...layers: Definitions[]): Record<string, string> {
  const macros: Record<string, string> = { ...base };
  for (const layer of layers) {
    for (const def of layer.commands.values()) macros[def.name] = def.body.replace(/!#(\d)/g, '#$1');
  }
  return macros;
}
