// Julia literal values, as Franklin page variables hold them. Franklin evaluates the right-hand
// side of `@def x = …` and of each `+++` assignment with `Meta.parse` + `eval`
// (Franklin.jl src/utils/vars.jl, `set_vars!`). Adjoint cannot run Julia, so it reads the
// literal subset real sites use — strings, numbers, booleans, `nothing`, vectors, tuples,
// dates, pairs, regexes, string concatenation — and reports anything else as a located error
// that the caller turns into a warning: an unknown expression never crashes the build.
import { type Diagnostic, LineIndex, type Place } from './source.build.ts';

export type JuliaValue =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number; integer: boolean }
  | { kind: 'bool'; value: boolean }
  | { kind: 'nothing' }
  | { kind: 'symbol'; name: string }
  | { kind: 'regex'; pattern: string }
  | { kind: 'date'; year: number; month: number; day: number }
  | { kind: 'vector'; items: JuliaValue[] }
  | { kind: 'tuple'; items: JuliaValue[] }
  | { kind: 'pair'; key: JuliaValue; value: JuliaValue };

export type JuliaParse = { ok: true; value: JuliaValue } | { ok: false; error: Diagnostic };

class JuliaSyntaxError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}

const SUPPORTED =
  'Adjoint reads literal values only: strings, numbers, true/false, nothing, [vectors], (tuples), Date(y, m, d), Date("yyyy-mm-dd"), "a" => "b", r"regex" and "a" * "b"';

/**
 * Reads one Julia literal. `origin` is where `src` starts in its file, so errors point there.
 * @example parseJuliaValue('["a", "b"]') // { ok: true, value: { kind: 'vector', items: [...] } }
 */
export function parseJuliaValue(src: string, origin: Place = { line: 1, column: 1 }): JuliaParse {
  const parser = new Parser(src);
  try {
    parser.skipSpace();
    if (parser.atEnd()) throw new JuliaSyntaxError('missing value', parser.pos);
    const value = parser.expression();
    parser.skipSpace();
    if (!parser.atEnd()) throw new JuliaSyntaxError(`unexpected \`${parser.snippet()}\` after the value; ${SUPPORTED}`, parser.pos);
    return { ok: true, value };
  } catch (error) {
    if (!(error instanceof JuliaSyntaxError)) throw error;
    const place = new LineIndex(src, origin).place(error.offset);
    return { ok: false, error: { ...place, message: error.message } };
  }
}

/** The value as plain data for templates: strings, numbers, booleans, null, arrays; dates as `YYYY-MM-DD`. */
export function toPlain(value: JuliaValue): unknown {
  switch (value.kind) {
    case 'string':
    case 'number':
    case 'bool':
      return value.value;
    case 'nothing':
      return null;
    case 'symbol':
      return value.name;
    case 'regex':
      return new RegExp(value.pattern);
    case 'date':
      return `${String(value.year).padStart(4, '0')}-${String(value.month).padStart(2, '0')}-${String(value.day).padStart(2, '0')}`;
    case 'vector':
    case 'tuple':
      return value.items.map(toPlain);
    case 'pair':
      return [toPlain(value.key), toPlain(value.value)];
  }
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function makeDate(year: number, month: number, day: number, offset: number): JuliaValue {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1];
  if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(day) || day < 1 || day > days) {
    throw new JuliaSyntaxError(`invalid date ${year}-${month}-${day}`, offset);
  }
  return { kind: 'date', year, month, day };
}

class Parser {
  pos = 0;
  private readonly src: string;
  constructor(src: string) {
    this.src = src;
  }

  atEnd(): boolean {
    return this.pos >= this.src.length;
  }

  snippet(): string {
    return this.src.slice(this.pos, this.pos + 20).split('\n')[0];
  }

  /** Spaces, newlines and `#` line comments (Julia allows all three between the items of a vector). */
  skipSpace(): void {
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.pos++;
      else if (c === '#') {
        while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++;
      } else break;
    }
  }

  private eat(token: string): boolean {
    this.skipSpace();
    if (this.src.startsWith(token, this.pos)) {
      this.pos += token.length;
      return true;
    }
    return false;
  }

  /** pair := concat ('=>' pair)? — `=>` is right-associative in Julia. */
  expression(): JuliaValue {
    const key = this.concatenation();
    if (this.eat('=>')) return { kind: 'pair', key, value: this.expression() };
    return key;
  }

  private concatenation(): JuliaValue {
    let value = this.primary();
    for (;;) {
      this.skipSpace();
      if (this.src[this.pos] !== '*') break;
      const at = this.pos;
      this.pos++;
      const right = this.primary();
      if (value.kind !== 'string' || right.kind !== 'string') {
        throw new JuliaSyntaxError('`*` is supported between strings only (string concatenation)', at);
      }
      value = { kind: 'string', value: value.value + right.value };
    }
    return value;
  }

  private primary(): JuliaValue {
    this.skipSpace();
    const start = this.pos;
    const c = this.src[this.pos];
    if (c === undefined) throw new JuliaSyntaxError('missing value', start);
    if (c === '"') return { kind: 'string', value: this.string(false) };
    if (c === '[') {
      this.pos++;
      return { kind: 'vector', items: this.items(']') };
    }
    if (c === '(') {
      this.pos++;
      this.skipSpace();
      if (this.src[this.pos] === ')') {
        this.pos++;
        return { kind: 'tuple', items: [] };
      }
      const first = this.expression();
      if (this.eat(')')) return first; // parentheses around one value, not a tuple
      if (!this.eat(','))
        throw new JuliaSyntaxError(
          this.atEnd() ? 'unclosed `(`: expected `)`' : 'expected `,` or `)` in a tuple',
          this.atEnd() ? start : this.pos,
        );
      return { kind: 'tuple', items: [first, ...this.items(')', start)] };
    }
    if (c === ':' && /[A-Za-z_]/.test(this.src[this.pos + 1] ?? '')) {
      this.pos++;
      return { kind: 'symbol', name: this.identifier() };
    }
    if (/[0-9.+-]/.test(c)) return this.number();
    if (/[A-Za-z_]/.test(c)) return this.named(start);
    throw new JuliaSyntaxError(`unsupported Julia expression \`${this.snippet()}\`; ${SUPPORTED}`, start);
  }

  /** Items up to `close`, separated by commas (a trailing comma is fine). */
  private items(close: string, openAt = this.pos - 1): JuliaValue[] {
    const items: JuliaValue[] = [];
    for (;;) {
      if (this.eat(close)) return items;
      if (this.atEnd()) throw new JuliaSyntaxError(`unclosed \`${close === ']' ? '[' : '('}\`: expected \`${close}\``, openAt);
      items.push(this.expression());
      if (this.eat(close)) return items;
      if (!this.eat(',')) {
        this.skipSpace();
        throw new JuliaSyntaxError(
          this.atEnd() ? `unclosed \`${close === ']' ? '[' : '('}\`: expected \`${close}\`` : `expected \`,\` or \`${close}\``,
          this.atEnd() ? openAt : this.pos,
        );
      }
    }
  }

  private identifier(): string {
    const m = /^[A-Za-z_][A-Za-z0-9_!]*(\.[A-Za-z_][A-Za-z0-9_!]*)*/.exec(this.src.slice(this.pos));
    if (!m) throw new JuliaSyntaxError('expected a name', this.pos);
    this.pos += m[0].length;
    return m[0];
  }

  /** Keywords, prefixed strings (raw"…", r"…"), typed vectors (String[…]) and Date(…). */
  private named(start: number): JuliaValue {
    const name = this.identifier();
    const next = this.src[this.pos];
    if (next === '"' && name === 'raw') return { kind: 'string', value: this.string(true) };
    if (next === '"' && name === 'r') {
      const pattern = this.string(true);
      // Julia flags after the closing quote (r"…"i): keep the common ones out of scope, say so.
      if (/[imsx]/.test(this.src[this.pos] ?? '')) throw new JuliaSyntaxError('regex flags are not supported', this.pos);
      return { kind: 'regex', pattern };
    }
    if (name === 'true' || name === 'false') return { kind: 'bool', value: name === 'true' };
    if (name === 'nothing') return { kind: 'nothing' };
    if (name === 'Inf' || name === 'NaN') return { kind: 'number', value: name === 'Inf' ? Infinity : Number.NaN, integer: false };
    if (next === '[') {
      // `String[]`, `Any["a", 1]`: a typed vector literal; the element type does not matter here.
      this.pos++;
      return { kind: 'vector', items: this.items(']') };
    }
    if ((name === 'Date' || name === 'Dates.Date') && next === '(') {
      this.pos++;
      const args = this.items(')');
      if (args.length === 1 && args[0].kind === 'string') {
        const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(args[0].value);
        if (!m) throw new JuliaSyntaxError(`Date("${args[0].value}") is not in the form Date("yyyy-mm-dd")`, start);
        return makeDate(Number(m[1]), Number(m[2]), Number(m[3]), start);
      }
      if (args.length >= 1 && args.length <= 3 && args.every((a) => a.kind === 'number' && a.integer)) {
        const [y, mo = 1, d = 1] = args.map((a) => (a as { value: number }).value);
        return makeDate(y, mo, d, start);
      }
      throw new JuliaSyntaxError('Date takes (year, month, day) as integers or one "yyyy-mm-dd" string', start);
    }
    const call = next === '(' ? `${name}(…)` : name;
    throw new JuliaSyntaxError(`unsupported Julia expression \`${call}\` (Adjoint cannot run Julia); ${SUPPORTED}`, start);
  }

  private number(): JuliaValue {
    const start = this.pos;
    const rest = this.src.slice(this.pos);
    const hex = /^[+-]?0x[0-9a-fA-F_]+/.exec(rest);
    const m = hex ?? /^[+-]?(\d[\d_]*(\.\d[\d_]*)?|\.\d[\d_]*|\d[\d_]*\.)([eEf][+-]?\d+)?/.exec(rest);
    if (!m) {
      if (rest.startsWith('-') || rest.startsWith('+')) {
        this.pos++;
        const inner = this.primary();
        if (inner.kind === 'number') return { ...inner, value: rest[0] === '-' ? -inner.value : inner.value };
      }
      throw new JuliaSyntaxError(`unsupported Julia expression \`${this.snippet()}\`; ${SUPPORTED}`, start);
    }
    this.pos += m[0].length;
    const text = m[0].replace(/_/g, '');
    if (hex) return { kind: 'number', value: Number.parseInt(text, 16), integer: true };
    const integer = !/[.eEf]/.test(text);
    return { kind: 'number', value: Number(text.replace('f', 'e')), integer };
  }

  /** A `"…"` or `"""…"""` string. Raw strings keep backslashes (except before a quote) and `$`. */
  private string(raw: boolean): string {
    const start = this.pos;
    const triple = this.src.startsWith('"""', this.pos);
    this.pos += triple ? 3 : 1;
    let out = '';
    for (;;) {
      if (this.atEnd()) throw new JuliaSyntaxError(`unclosed string: expected \`${triple ? '"""' : '"'}\``, start);
      const c = this.src[this.pos];
      if (triple ? this.src.startsWith('"""', this.pos) : c === '"') {
        this.pos += triple ? 3 : 1;
        return triple ? dedentTriple(out) : out;
      }
      if (c === '\\') {
        const e = this.src[this.pos + 1];
        if (raw) {
          out += e === '"' ? '"' : '\\';
          this.pos += e === '"' ? 2 : 1;
          continue;
        }
        this.pos += 2;
        out += this.escape(e, this.pos - 2);
        continue;
      }
      if (c === '$' && !raw) {
        throw new JuliaSyntaxError('string interpolation (`$`) needs Julia; write `\\$` for a dollar sign', this.pos);
      }
      out += c;
      this.pos++;
    }
  }

  private escape(e: string | undefined, at: number): string {
    const simple: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      '0': '\0',
      '\\': '\\',
      '"': '"',
      $: '$',
      "'": "'",
      a: '\x07',
      b: '\b',
      f: '\f',
      v: '\v',
      e: '\x1b',
    };
    if (e !== undefined && e in simple) return simple[e];
    if (e === '\n') return ''; // a backslash before a newline joins the lines
    const hex = e === 'x' ? /^[0-9a-fA-F]{1,2}/ : e === 'u' ? /^[0-9a-fA-F]{1,4}/ : e === 'U' ? /^[0-9a-fA-F]{1,8}/ : null;
    const m = hex?.exec(this.src.slice(this.pos));
    if (m) {
      this.pos += m[0].length;
      return String.fromCodePoint(Number.parseInt(m[0], 16));
    }
    throw new JuliaSyntaxError(`invalid escape sequence \`\\${e ?? ''}\` in a string`, at);
  }
}

/**
 * Julia's triple-quoted strings drop a newline right after the opening quotes and remove the
 * indentation common to the lines (the closing line counts; text on the opening line does not),
 * see the Julia manual, "Triple-Quoted String Literals": `"""This\n    is"""` is "This\nis".
 */
function dedentTriple(s: string): string {
  const afterNewline = s.startsWith('\n') || s.startsWith('\r\n');
  const body = s.startsWith('\r\n') ? s.slice(2) : s.startsWith('\n') ? s.slice(1) : s;
  const lines = body.split('\n');
  const first = afterNewline ? 0 : 1; // text right after the opening quotes is not indented
  const indent = (line: string) => /^[ \t]*/.exec(line)?.[0].length ?? 0;
  const indents = lines
    .map((line, i) => (i < first || (line.trim() === '' && i !== lines.length - 1) ? null : indent(line)))
    .filter((n): n is number => n !== null);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((line, i) => (i < first ? line : line.slice(Math.min(cut, indent(line))))).join('\n');
}
