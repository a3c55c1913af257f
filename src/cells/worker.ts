// The Web Worker that runs readers' cells: the engine, the transpiler and the cell runtime,
// and no DOM, so a cell can neither freeze nor touch the page. The page terminates and
// replaces this worker when a cell overruns its time limit.
//
// It keeps the scope after each cell it ran, with the source that produced it. A request
// carries the current source of every cell up to the one to run; the cells above whose
// source differs from what built their scope (or that never ran here) run again first.
import type { RunRequest, WorkerMessage } from './protocol.ts';
import { type CellError, rootScope, runCell, type Scope } from './runtime.ts';

const ran: { source: string; scope: Scope }[] = [];

// Indirect eval runs the script in the worker's global scope; its `//# sourceURL` names the
// frames in stack traces, which the runtime maps back to the reader's line:column.
// biome-ignore lint/security/noGlobalEval: running the reader's code is the point, here in a worker with no page access.
const globalEval = globalThis.eval;
const evaluate = (script: string): void => {
  globalEval(script);
};

const post = (message: WorkerMessage) => postMessage(message);

addEventListener('message', (event: MessageEvent<RunRequest>) => {
  const { id, cells } = event.data;
  let first = 0;
  while (first < cells.length - 1 && ran[first]?.source === cells[first].source) first++;
  ran.length = first;
  let scope = first === 0 ? rootScope() : ran[first - 1].scope;
  for (let k = first; k < cells.length; k++) {
    const cell = cells[k];
    post({ type: 'start', id, index: cell.index, timeout: cell.timeout });
    const result = runCell(cell.source, `cell-${cell.index}.js`, scope, evaluate, cell.timeout);
    const error: CellError | undefined = result.error;
    post({ type: 'result', id, index: cell.index, outputs: result.outputs, ...(error ? { error } : {}) });
    if (error && !cell.expectError && k < cells.length - 1) break;
    scope = result.scope;
    if (!error || cell.expectError) ran.push({ source: cell.source, scope });
  }
  post({ type: 'done', id });
});
