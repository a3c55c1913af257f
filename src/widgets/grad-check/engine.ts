// PLACEHOLDER until src/autodiff/index.ts lands (being written in parallel): returns the
// hand formula, so the "autodiff" row is not yet independent. Replaced by the engine call.
import type { Autodiff } from './core.ts';
import { FUNCTIONS } from './core.ts';
export const autodiff: Autodiff = (id, x) => FUNCTIONS[id].df(x);
