// The page's side of running cells (loaded on the first Run): one worker, one request at a
// time, and a per-cell time limit. When a cell overruns, the worker is terminated — the only
// way to stop a synchronous loop — and a fresh one is started; it has no scopes, so the next
// run re-runs the cells above from scratch.
import type { CellSource, RunRequest, WorkerMessage } from './protocol.ts';
import type { CellError, Output } from './runtime.ts';

export interface CellRun {
  index: number;
  outputs: Output[];
  error?: CellError;
}

let worker: Worker | undefined;
let nextId = 1;
let queue: Promise<unknown> = Promise.resolve();

function startWorker(): Worker {
  worker ??= new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'adjoint-cells' });
  return worker;
}

/** Start the worker ahead of the first run (it loads the engine and the transpiler). */
export function warmUp(): void {
  startWorker();
}

/**
 * Run the last of `cells` (re-running stale ones above it); `onResult` gets each cell's
 * result as it arrives. Requests are queued, so two quick clicks cannot interleave.
 */
export function run(cells: CellSource[], onResult: (result: CellRun) => void): Promise<void> {
  const job = queue.then(() => runNow(cells, onResult));
  queue = job.catch(() => undefined);
  return job;
}

function runNow(cells: CellSource[], onResult: (result: CellRun) => void): Promise<void> {
  const id = nextId++;
  const current = startWorker();
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = () => {
      clearTimeout(timer);
      current.removeEventListener('message', listen);
      current.removeEventListener('error', crashed);
      resolve();
    };
    const listen = (event: MessageEvent<WorkerMessage>) => {
      const message = event.data;
      if (message.id !== id) return;
      if (message.type === 'start') {
        clearTimeout(timer);
        timer = setTimeout(() => {
          // The loop cannot be interrupted from inside: end the worker and start afresh.
          current.terminate();
          if (worker === current) worker = undefined;
          const error: CellError = {
            message: `TimeoutError: the cell did not finish within its time limit of ${message.timeout} ms (an endless loop?) and was stopped. Raise it with timeout=… if it needs longer.`,
            timeout: true,
          };
          onResult({ index: message.index, outputs: [{ kind: 'error', text: error.message }], error });
          finish();
        }, message.timeout);
      } else if (message.type === 'result') {
        clearTimeout(timer);
        onResult({ index: message.index, outputs: message.outputs, ...(message.error ? { error: message.error } : {}) });
      } else finish();
    };
    const crashed = (event: ErrorEvent) => {
      current.terminate();
      if (worker === current) worker = undefined;
      const last = cells[cells.length - 1];
      const message = `Error: the cell runner could not start (${event.message || 'the worker failed to load'}).`;
      onResult({ index: last.index, outputs: [{ kind: 'error', text: message }], error: { message } });
      finish();
    };
    current.addEventListener('message', listen);
    current.addEventListener('error', crashed);
    current.postMessage({ id, cells } satisfies RunRequest);
  });
}
