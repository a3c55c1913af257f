// A live cell's TypeScript → a script that runs in a notebook scope. Pure: the same code
// runs at build time (Node) and in the reader's Web Worker, so a cell behaves the same in both.
//
//   1. sucrase strips the types. It keeps line numbers and gives a token-level source map,
//      so a position in the JavaScript maps back to the reader's line:column.
//   2. acorn parses the JavaScript to find what the cell declares at top level (exported to
//      later cells) and whether it ends with an expression (its value is shown, as in a notebook).
//   3. The cell is wrapped so it runs inside `with (scope)`: names defined by the cells above
//      and the engine's API resolve through the scope, and the cell's own `const f` simply
//      shadows an earlier `f` — redefining a name in a later cell, as notebooks allow, works.
//
// The wrapper adds exactly one line before the code and nothing else on the code's lines,
// except `__cell.last = (` before the last expression; positions are corrected for both.
import { type Node, type Pattern, parse } from 'acorn';
import { transform } from 'sucrase';

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
  let js: string;
  let mappings: Segment[][];
  try {
    const result = transform(source, {
      transforms: ['typescript'],
      disableESTransforms: true,
      sourceMapOptions: { compiledFilename: filename },
      filePath: `${filename}.ts`,
    });
    js = result.code;
    mappings = decodeMappings(result.sourceMap?.mappings ?? '');
  } catch (error) {
    throw syntaxError(error, source, (line, column) => ({ line, column }));
  }
  const mapJs = (line: number, column: number): CellPoint => mapThrough(mappings, line, column);
  let program: Node & { body: Node[] };
  try {
    program = parse(js, { ecmaVersion: 'latest', sourceType: 'script', locations: true, allowReturnOutsideFunction: false }) as never;
  } catch (error) {
    throw syntaxError(error, source, mapJs);
  }

  const names: string[] = [];
  for (const statement of program.body) collectDeclared(statement, names);
  const lastStatement = program.body.at(-1) as (Node & { expression?: Node; directive?: string }) | undefined;
  const hasLast = lastStatement?.type === 'ExpressionStatement' && lastStatement.directive === undefined;
  let body = js;
  let insertAt: CellPoint | undefined;
  if (hasLast && lastStatement) {
    // The whole statement, so a parenthesised `({ a, b })` keeps its parentheses.
    const statement = lastStatement as Node & { loc: { start: { line: number; column: number } } };
    const text = js.slice(statement.start, statement.end).replace(/;\s*$/, '');
    body = `${js.slice(0, statement.start)}${LAST_PREFIX}${text});${js.slice(statement.end)}`;
    insertAt = { line: statement.loc.start.line, column: statement.loc.start.column };
  }
  const exports = names.map((name) => `${JSON.stringify(name)}: ${name}`).join(', ');
  const script =
    `(function (__cell) { with (__cell.scope) {\n${body}\n;__cell.exports = { ${exports} };\n} })(globalThis.${CELL_GLOBAL});\n` +
    `//# sourceURL=${filename}`;

  const toSource = (line: number, column: number): CellPoint => {
    // One wrapper line before the code; stack columns are 1-based, the map's 0-based.
    const jsLine = line - 1;
    let jsColumn = column - 1;
    if (insertAt && jsLine === insertAt.line && jsColumn >= insertAt.column + LAST_PREFIX.length) jsColumn -= LAST_PREFIX.length;
    if (jsLine < 1) return { line: 1, column: 1 };
    return mapJs(jsLine, jsColumn);
  };
  return { script, names, hasLast, toSource };
}

/** The names a top-level statement binds: `const {a, b: [c]} = …`, `function f`, `class C`. */
function collectDeclared(statement: Node, names: string[]): void {
  const node = statement as Node & { declarations?: { id: Pattern }[]; id?: { name: string } | null };
  if (node.type === 'VariableDeclaration') for (const declaration of node.declarations ?? []) patternNames(declaration.id, names);
  else if ((node.type === 'FunctionDeclaration' || node.type === 'ClassDeclaration') && node.id) names.push(node.id.name);
}

function patternNames(pattern: Pattern, names: string[]): void {
  switch (pattern.type) {
    case 'Identifier':
      names.push(pattern.name);
      break;
    case 'ObjectPattern':
      for (const property of pattern.properties) patternNames(property.type === 'RestElement' ? property.argument : property.value, names);
      break;
    case 'ArrayPattern':
      for (const element of pattern.elements) if (element) patternNames(element, names);
      break;
    case 'RestElement':
      patternNames(pattern.argument, names);
      break;
    case 'AssignmentPattern':
      patternNames(pattern.left, names);
      break;
    default:
      break;
  }
}

/** sucrase and acorn put `(line:column)` (0-based column) at the end of their messages. */
function syntaxError(error: unknown, source: string, map: (line: number, column: number) => CellPoint): CellSyntaxError {
  const message = error instanceof Error ? error.message : String(error);
  const loc = (error as { loc?: { line: number; column: number } }).loc;
  const found = /\((\d+):(\d+)\)\s*$/.exec(message);
  const line = loc?.line ?? (found ? Number(found[1]) : 1);
  const column = loc?.column ?? (found ? Number(found[2]) : 0);
  const point = map(line, column);
  const clean = message.replace(/\s*\(\d+:\d+\)\s*$/, '').replace(/^Error transforming \S+: /, '');
  const lines = source.split('\n').length;
  return new CellSyntaxError(clean, { line: Math.min(point.line, lines), column: point.column });
}

// --- source maps: just enough of the format to map one position -------------------------

/** [generated column, source line (1-based), source column (0-based)] */
type Segment = [number, number, number];

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decode VLQ `mappings` into segments per generated line (index 0 = line 1). */
export function decodeMappings(mappings: string): Segment[][] {
  const lines: Segment[][] = [];
  let sourceLine = 0;
  let sourceColumn = 0;
  for (const lineText of mappings.split(';')) {
    const segments: Segment[] = [];
    let column = 0;
    for (const text of lineText.split(',')) {
      if (!text) continue;
      const fields = decodeVlq(text);
      column += fields[0];
      if (fields.length >= 4) {
        sourceLine += fields[2];
        sourceColumn += fields[3];
        segments.push([column, sourceLine + 1, sourceColumn]);
      }
    }
    lines.push(segments);
  }
  return lines;
}

function decodeVlq(text: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/** (1-based line, 0-based column) in the JavaScript → 1-based line:column in the TypeScript. */
function mapThrough(lines: Segment[][], line: number, column: number): CellPoint {
  const segments = lines[line - 1] ?? [];
  let best: Segment | undefined;
  for (const segment of segments) if (segment[0] <= column) best = segment;
  if (!best) return { line, column: column + 1 };
  return { line: best[1], column: best[2] + (column - best[0]) + 1 };
}
