// A live cell's TypeScript → a script that runs in a notebook scope. Pure: the same code
// runs at build time (Node) and in the reader's Web Worker, so a cell behaves the same in both.
//
//   1. sucrase's parser reads the TypeScript once, one top-level statement at a time. It marks
//      every token that belongs to a type (annotations, `as`, generics, interfaces, …).
//   2. Those tokens are overwritten with spaces — erasable TypeScript, as Node's type stripping
//      and `tsc --erasableSyntaxOnly` define it — so the JavaScript has every line and column
//      of the reader's code: an error's position needs no source map. The few TypeScript
//      forms that would need code generated (enums, namespaces, parameter properties) are
//      refused with a message at their line:column.
//   3. The parser's token roles give what the cell declares at top level (exported to later
//      cells) and the statement boundaries whether it ends with an expression (its value is
//      shown, as in a notebook). The same tokens catch the mistakes V8 would report without a
//      position (a top-level `return`, a name declared twice, `import`).
//   4. The cell is wrapped so it runs inside `with (scope)`: names defined by the cells above
//      and the engine's API resolve through the scope, and the cell's own `const f` simply
//      shadows an earlier `f` — redefining a name in a later cell, as notebooks allow, works.
//
// Why the parser and not sucrase's `transform`: the transform brings its JSX, Flow, import and
// source-map code (47 KB gzipped in the reader's worker, and a second parser to find the names
// and the last expression: acorn, 34 KB); the parser alone is 21 KB. The wrapper adds exactly
// one line before the code and nothing else on the code's lines, except `__cell.last = (`
// before the last expression; positions are corrected for both.
import * as parserBase from '#sucrase/parser/traverser/base';
import { parseStatement } from '#sucrase/parser/traverser/statement';
import { ContextualKeyword } from '#sucrase/parser/tokenizer/keywords';
import { isTopLevelDeclaration, nextToken, type Token } from '#sucrase/parser/tokenizer/index';
import { TokenType as tt } from '#sucrase/parser/tokenizer/types';

/** A position in the reader's code, 1-based line and column. */
export interface CellPoint {
  line: number;
  column: number;
}

/** A syntax error, with where it is in the reader's code. */
export class CellSyntaxError extends Error {
  readonly point: CellPoint;
  constructor(message: string, point: CellPoint) {
    super(message);
    this.point = point;
    this.name = 'SyntaxError';
  }
}

export interface CompiledCell {
  /** The script to evaluate: it reads its scope from `globalThis.__adjointCell`. */
  script: string;
  /** The JavaScript of the cell alone: the reader's code with its types blanked out. */
  javascript: string;
  /** The names the cell declares at top level, in order. */
  names: string[];
  /** Whether the cell ends with an expression whose value is its result. */
  hasLast: boolean;
  /** A 1-based line:column of the script (as a stack trace gives it) → the reader's code. */
  toSource(line: number, column: number): CellPoint;
}

/** The global the script reads its scope and sinks from. */
export const CELL_GLOBAL = '__adjointCell';
const LAST_PREFIX = '__cell.last = (';

/** Compile a cell. `filename` names the script in stack traces (and `//# sourceURL`). */
export function compileCell(source: string, filename: string): CompiledCell {
  const { tokens, statements, functionScopes } = parseCell(source);
  const at = (token: Token, message: string) => new CellSyntaxError(message, pointAt(source, token.start));
  const erased = tokens.map((token) => token.isType || ERASED.has(token.type));
  const previous = (i: number) => {
    for (let k = i - 1; k >= 0; k--) if (!erased[k]) return tokens[k];
    return undefined;
  };
  const nextKept = (i: number) => {
    let k = i + 1;
    while (k < tokens.length && erased[k]) k++;
    return k;
  };

  const chars = source.split('');
  const blank = (token: Token) => {
    for (let c = token.start; c < token.end; c++) if (chars[c] !== '\n' && chars[c] !== '\r') chars[c] = ' ';
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.type === tt._enum && !token.isType)
      throw at(token, NOT_ERASABLE('an enum', 'use a plain object instead, e.g. const Color = { Red: 0, Green: 1 }'));
    if (PARAMETER_MODIFIERS.has(token.type) && !token.isType && [tt.parenL, tt.comma].includes(previous(i)?.type as tt))
      throw at(token, NOT_ERASABLE('a parameter property', 'declare the field and assign this.x = x in the constructor'));
    if (token.type === tt._return && !functionScopes.some((s) => s.startTokenIndex <= i && i < s.endTokenIndex))
      throw at(token, "'return' outside of a function: a cell runs top to bottom, like a script");
    if (token.type === tt._declare && !token.isType) {
      // `declare x: T;` in a class declares a type only: the member goes, as in TypeScript.
      for (let k = i; k < tokens.length && !tokens[k].isType && tokens[k].type !== tt.semi && tokens[k].type !== tt.braceR; k++)
        erased[k] = true;
    }
    if (!erased[i]) continue;
    blank(token);
    // An arrow's return type may put a line break between `)` and `=>`, which JavaScript
    // forbids once the type is gone: move the `)` to just before the arrow (TypeScript itself
    // forbids a break right before `=>`, so there is a blanked character there).
    const arrowAt = nextKept(i);
    if (token.type === tt.colon && token.isType && previous(i)?.type === tt.parenR && tokens[arrowAt]?.type === tt.arrow) {
      const paren = previous(i) as Token;
      const arrow = tokens[arrowAt];
      if (source.slice(paren.end, arrow.start).includes('\n')) {
        chars[paren.start] = ' ';
        chars[arrow.start - 1] = ')';
      }
    }
  }
  const javascript = chars.join('');

  const names: string[] = [];
  const lexical = new Map<string, boolean>();
  for (const [s, e] of statements) {
    // sucrase reads a namespace as a type and would drop its code without a word.
    if (NAMESPACE.has(tokens[s].contextualKeyword) && [tt.name, tt.string].includes(tokens[s + 1]?.type as tt))
      throw at(tokens[s], NOT_ERASABLE('a namespace', 'use a plain object'));
    const first = tokens.slice(s, e).find((_, k) => !erased[s + k]);
    if (!first) continue;
    if (first.type === tt._export || (first.type === tt._import && ![tt.parenL, tt.dot].includes(tokens[nextKept(s)]?.type as tt)))
      throw at(first, `'${source.slice(first.start, first.end)}' is not available in a cell: the engine's API is already in scope`);
    const isLexical = [tt._let, tt._const, tt._class].includes(first.type);
    for (let i = s; i < e; i++) {
      if (erased[i] || !isTopLevelDeclaration(tokens[i])) continue;
      const name = source.slice(tokens[i].start, tokens[i].end);
      const before = lexical.get(name);
      if (before === undefined) names.push(name);
      // `var a; var a;` is allowed; a `let`, `const` or `class` name may be declared once.
      else if (before || isLexical) throw at(tokens[i], `Identifier '${name}' has already been declared`);
      lexical.set(name, isLexical);
    }
  }

  let body = javascript;
  let insertAt: CellPoint | undefined;
  const last = statements.at(-1);
  const lastFirst = last ? nextKept(last[0] - 1) : tokens.length;
  const hasLast = last !== undefined && lastFirst < last[1] && isExpressionStart(tokens, lastFirst, nextKept(lastFirst));
  if (hasLast && last) {
    let end = last[1] - 1;
    while (end > lastFirst && (erased[end] || tokens[end].type === tt.semi)) end--;
    const from = tokens[lastFirst].start;
    const to = tokens[end].end;
    body = `${javascript.slice(0, from)}${LAST_PREFIX}${javascript.slice(from, to)})${javascript.slice(to)}`;
    const point = pointAt(source, from);
    insertAt = { line: point.line, column: point.column - 1 };
  }
  const exports = names.map((name) => `${JSON.stringify(name)}: ${name}`).join(', ');
  const script =
    `(function (__cell) { with (__cell.scope) {\n${body}\n;__cell.exports = { ${exports} };\n} })(globalThis.${CELL_GLOBAL});\n` +
    `//# sourceURL=${filename}`;

  const toSource = (line: number, column: number): CellPoint => {
    // One wrapper line before the code; otherwise the script's lines are the reader's.
    const jsLine = line - 1;
    let jsColumn = column - 1;
    if (insertAt && jsLine === insertAt.line && jsColumn >= insertAt.column + LAST_PREFIX.length) jsColumn -= LAST_PREFIX.length;
    if (jsLine < 1) return { line: 1, column: 1 };
    return { line: jsLine, column: jsColumn + 1 };
  };
  return { script, javascript, names, hasLast, toSource };
}

/** Tokens that are TypeScript without being marked as types: modifiers and the non-null `!`. */
const ERASED = new Set<tt>([tt._public, tt._private, tt._protected, tt._readonly, tt._override, tt._abstract, tt.nonNullAssertion]);
const PARAMETER_MODIFIERS = new Set<tt>([tt._public, tt._private, tt._protected, tt._readonly, tt._override]);
const NAMESPACE = new Set<ContextualKeyword>([ContextualKeyword._namespace, ContextualKeyword._module]);
const NOT_ERASABLE = (what: string, instead: string) =>
  `${what} is TypeScript that needs more than erasing its types, and cells run erasable TypeScript only: ${instead}`;

/** Statements that begin with these tokens are not expressions. */
const STATEMENT_START = new Set<tt>([
  tt._var,
  tt._let,
  tt._const,
  tt._function,
  tt._class,
  tt._if,
  tt._for,
  tt._while,
  tt._do,
  tt._switch,
  tt._try,
  tt._throw,
  tt._return,
  tt._break,
  tt._continue,
  tt._debugger,
  tt._with,
  tt._export,
  tt._import,
  tt.braceL,
  tt.semi,
  tt.at,
]);

/** Whether the statement starting at token `i` (next kept token `j`) is an expression statement. */
function isExpressionStart(tokens: Token[], i: number, j: number): boolean {
  const first = tokens[i];
  const second = tokens[j];
  if (first.type === tt._import) return second?.type === tt.parenL || second?.type === tt.dot;
  if (STATEMENT_START.has(first.type)) return false;
  const isAsync = first.type === tt._async || first.contextualKeyword === ContextualKeyword._async;
  if (isAsync && second?.type === tt._function) return false; // async function f() {}
  if (first.type === tt.name && second?.type === tt.colon) return false; // a label
  return true;
}

interface ParsedCell {
  tokens: Token[];
  /** [first token, end token) of each top-level statement. */
  statements: [number, number][];
  functionScopes: { startTokenIndex: number; endTokenIndex: number }[];
}

// sucrase's CommonJS build (what Node loads) reassigns `exports.state` on every parse, which an
// ES import of it does not follow; its ES build (what the browser gets) exports a live binding.
// Reading through `default` (module.exports, when there is one) sees the current state in both.
// (The key is computed so bundlers do not warn that the ES build has no default export.)
const MODULE_EXPORTS = ['default'][0];
const liveBase = (): typeof parserBase =>
  (parserBase as unknown as Record<string, typeof parserBase | undefined>)[MODULE_EXPORTS] ?? parserBase;

/** Parse as sucrase's `parse` does, noting where each top-level statement starts. */
function parseCell(source: string): ParsedCell {
  parserBase.initParser(source, false, true, false);
  const state = liveBase().state;
  const starts: number[] = [];
  nextToken();
  while (!state.error && state.type !== tt.eof) {
    starts.push(state.tokens.length);
    parseStatement(true);
  }
  if (state.error) {
    const error = state.error as Error & { pos?: number };
    throw new CellSyntaxError(error.message, pointAt(source, error.pos ?? 0));
  }
  const tokens = state.tokens;
  const statements = starts.map((s, k): [number, number] => [s, starts[k + 1] ?? tokens.length]);
  return { tokens, statements, functionScopes: state.scopes.filter((s) => s.isFunctionScope) };
}

/** The 1-based line:column of a character offset. */
function pointAt(source: string, offset: number): CellPoint {
  const before = source.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1) as string).length + 1 };
}
