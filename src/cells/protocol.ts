// Messages between the page (runner.ts) and the cell worker (worker.ts).
import type { CellError, Output } from './runtime.ts';

export interface CellSource {
  /** 1-based, as the page numbers cells. */
  index: number;
  source: string;
  timeout: number;
  /** A `run error` cell: its error is expected, and the cells below still run. */
  expectError?: boolean;
}

/** Page → worker: run the last of `cells`, first re-running any above it whose code changed. */
export interface RunRequest {
  id: number;
  cells: CellSource[];
}

/** Worker → page. `start` lets the page time each cell against its own limit. */
export type WorkerMessage =
  | { type: 'start'; id: number; index: number; timeout: number }
  | { type: 'result'; id: number; index: number; outputs: Output[]; error?: CellError }
  | { type: 'done'; id: number };
