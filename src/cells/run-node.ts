// Build-time evaluation of a cell: node:vm in this realm (so tensors and arrays are the
// engine's own, `instanceof` works) with a time limit, which vm enforces by interrupting V8.
import { Script } from 'node:vm';
import { CellTimeout, type Evaluate } from './runtime.ts';

export const evaluateInNode: Evaluate = (script, filename, timeoutMs) => {
  try {
    new Script(script, { filename }).runInThisContext({ timeout: timeoutMs });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new CellTimeout(timeoutMs);
    throw error;
  }
};
