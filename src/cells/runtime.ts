// Running a cell in a notebook scope. Pure but for `evaluate`, which the host supplies:
// build time (run-node.ts) evaluates with node:vm and a timeout; the browser's worker
// (worker.ts) with an indirect eval, its time limit enforced from the page.
//
// Scope model: each cell runs in a fresh scope object whose prototype is the scope after the
// cell above (the root holds the engine's API, so `using Flux` needs no import). What the
// cell declares at top level is written into its own scope object, never into the ones
// above, so re-running a cell starts from exactly the state its upstream cells left — no
// hidden state from its own earlier run, as in a notebook that re-runs from the top, but
// without re-running the cells whose code did not change.
import * as engine from '../autodiff/index.ts';
import { CELL_GLOBAL, CellSyntaxError, compileCell, type CellPoint } from './compile.ts';
import { formatError, formatLog, formatValue } from './format.ts';
import { plotSvg } from './plot.ts';

export type Output = { kind: 'log' | 'value' | 'error'; text: string } | { kind: 'plot'; svg: string };

export type Scope = Record<string, unknown>;

export interface CellError {
  /** `TypeError: …`, as the reader sees it. */
  message: string;
  /** Where in the cell, when known. */
  point?: CellPoint;
  /** The cell did not finish in time. */
  timeout?: boolean;
}

export interface CellResult {
  outputs: Output[];
  /** The scope after the cell (for the cells below); the parent scope when it threw. */
  scope: Scope;
  error?: CellError;
}

/** Evaluate a compiled script; throw what it throws. A `CellTimeout` when it ran too long. */
export type Evaluate = (script: string, filename: string, timeoutMs: number) => void;

export class CellTimeout extends Error {
  readonly ms: number;
  constructor(ms: number) {
    super(
      `the cell did not finish within its time limit of ${ms} ms (an endless loop?) and was stopped. Raise it with timeout=… if it needs longer.`,
    );
    this.name = 'TimeoutError';
    this.ms = ms;
  }
}

/** The scope every page starts from: the engine's public API and nothing else. */
export function rootScope(): Scope {
  const root: Scope = Object.create(null);
  Object.assign(root, engine);
  return root;
}

/** The default time limit, ms. */
export const DEFAULT_TIMEOUT = 3000;

/** Run one cell's TypeScript on top of `parent`. Never throws: errors are part of the result. */
export function runCell(source: string, filename: string, parent: Scope, evaluate: Evaluate, timeoutMs = DEFAULT_TIMEOUT): CellResult {
  const outputs: Output[] = [];
  let compiled: ReturnType<typeof compileCell>;
  try {
    compiled = compileCell(source, filename);
  } catch (error) {
    if (error instanceof CellSyntaxError) {
      const failure = { message: `SyntaxError: ${error.message}`, point: error.point };
      outputs.push({ kind: 'error', text: errorText(failure) });
      return { outputs, scope: parent, error: failure };
    }
    throw error;
  }
  const scope: Scope = Object.create(parent);
  const log = (...args: unknown[]): void => {
    outputs.push({ kind: 'log', text: formatLog(args) });
  };
  scope.console = { log, info: log, warn: log, error: log, debug: log };
  scope.plot = (...args: Parameters<typeof plotSvg>) => {
    outputs.push({ kind: 'plot', svg: plotSvg(...args) });
  };
  const cell: { scope: Scope; last?: unknown; exports?: Scope } = { scope };
  const host = globalThis as Record<string, unknown>;
  host[CELL_GLOBAL] = cell;
  try {
    evaluate(compiled.script, filename, timeoutMs);
  } catch (error) {
    const failure: CellError =
      error instanceof CellTimeout
        ? { message: `${error.name}: ${error.message}`, timeout: true }
        : { message: formatError(error), ...pointOf(error, filename, compiled.toSource) };
    outputs.push({ kind: 'error', text: errorText(failure) });
    return { outputs, scope: parent, error: failure };
  } finally {
    delete host[CELL_GLOBAL];
  }
  Object.assign(scope, cell.exports);
  if (compiled.hasLast && cell.last !== undefined) outputs.push({ kind: 'value', text: formatValue(cell.last) });
  return { outputs, scope };
}

/** The message with its place, as the output shows it: `… (line 2, column 5)`. */
export function errorText(error: CellError): string {
  return error.point ? `${error.message}\n    at line ${error.point.line}, column ${error.point.column} of this cell` : error.message;
}

/** The innermost frame of the cell's own script in the error's stack, mapped to the reader's code. */
function pointOf(error: unknown, filename: string, toSource: (line: number, column: number) => CellPoint): { point?: CellPoint } {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const escaped = filename.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const found = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(stack);
  return found ? { point: toSource(Number(found[1]), Number(found[2])) } : {};
}
