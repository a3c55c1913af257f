// Where randomness comes from: the engine's seeded generator, one independent stream per
// purpose, so changing the hidden size keeps the same data and changing the batch size
// keeps the same initial weights. Never Math.random.
import { rng } from '../../autodiff/index.ts';
import { makeData, type Data, type Rng } from './datasets.ts';
import { initParams, type Params } from './model.ts';
import type { State } from './state.ts';

const STREAM = { data: 0, weights: 1_000_003, batches: 2_000_029 };

/** The data and the initial weights a state describes (what step 0 looks like). */
export function initialRun(state: State): { data: Data; params: Params } {
  return {
    data: makeData(state, rng(state.seed + STREAM.data)),
    params: initParams(state.hidden, rng(state.seed + STREAM.weights)),
  };
}

/** The generator that shuffles mini-batches. */
export function batchRng(state: State): Rng {
  return rng(state.seed + STREAM.batches);
}

/** The seed the "new seed" button moves to: deterministic, so a test can predict it. */
export function nextSeed(seed: number, max: number): number {
  return rng(seed + 3_000_017).int(max + 1);
}
