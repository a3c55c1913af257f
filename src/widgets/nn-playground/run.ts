// One training run as plain data: the state it was made from, its data, its weights, the
// step count and the loss history. No DOM, no timers: the shell drives it step by step,
// and a test (or a URL replay) can drive it just the same. Deterministic: the same state
// and the same number of steps always give the same weights.
import { permutation, pick, type Data, type Points, type Rng } from './datasets.ts';
import { backprop, passGradients } from './formulas.ts';
import { compare, finiteDifferences, type CheckResult } from './gradcheck.ts';
import { accuracy, allFinite, loss, type Params } from './model.ts';
import { batchRng, initialRun } from './seeds.ts';
import { batchSize, type Segment, type State, type Tuning } from './state.ts';
import { engineGradients, sgdStep } from './train.ts';

export interface HistoryPoint {
  step: number;
  train: number;
  test: number;
}

export interface Run {
  state: State;
  data: Data;
  params: Params;
  step: number;
  /** Recorded every `every` steps; thinned by 2 when it grows past MAX_HISTORY. */
  history: HistoryPoint[];
  every: number;
  /** Set when the loss or a weight stops being a finite number; training refuses to go on. */
  diverged: string | null;
  batches: { rng: Rng; order: Uint32Array; at: number; size: number };
  /** Loss of the last training batch, before its step. */
  batchLoss: number;
  /** Training samples processed so far (epochs = seen / training-set size). */
  seen: number;
  /**
   * The run's schedule of earlier settings: step k uses the first segment with k < until,
   * and `state` after the last. A live run only appends past segments (retune); a replayed
   * link starts with the whole list, so it takes exactly the steps the original took.
   */
  segments: Segment[];
}

export const MAX_HISTORY = 400;

/** A fresh run at step 0: data and initial weights drawn from the state's seed. */
export function createRun(state: State, segments: Segment[] = []): Run {
  const { data, params } = initialRun(state);
  const run: Run = {
    state: { ...state, step: 0 },
    data,
    params,
    step: 0,
    history: [],
    every: 1,
    diverged: null,
    batches: { rng: batchRng(state), order: new Uint32Array(0), at: 0, size: 0 },
    batchLoss: NaN,
    seen: 0,
    segments: segments.slice(),
  };
  record(run);
  return run;
}

/** The next mini-batch: consecutive slices of a fresh permutation each epoch. */
function nextBatch(run: Run, tuning: Tuning): Points {
  const train = run.data.train;
  const size = batchSize(tuning.batch, train.m);
  if (size >= train.m) return train;
  const b = run.batches;
  if (b.at + size > b.order.length || b.size !== size) {
    b.order = permutation(train.m, b.rng);
    b.at = 0;
    b.size = size;
  }
  const rows = b.order.subarray(b.at, b.at + size);
  b.at += size;
  return pick(train, rows);
}

/**
 * Take one training step; returns false (and sets `diverged`) when the numbers blow up.
 * @example const run = createRun(defaults()); step(run); run.step // 1
 */
export function step(run: Run): boolean {
  if (run.diverged) return false;
  const t = tuningAt(run);
  const batch = nextBatch(run, t);
  run.batchLoss = sgdStep(run.params, run.state.activation, t.formula, t.lr, batch.x, batch.y);
  run.step++;
  run.seen += batch.m;
  run.state.step = run.step;
  // Divergence is judged on the loss as the post writes it (model.ts, no clamping): the
  // engine, like PyTorch's BCELoss, clamps each log at −100, so its loss stays finite while
  // a saturated network's gradient vanishes and training silently dies.
  const full = trainLoss(run);
  if (!Number.isFinite(run.batchLoss) || !allFinite(run.params) || !Number.isFinite(full)) {
    run.diverged = describeDivergence(run);
    record(run, full, true);
    return false;
  }
  if (run.step % run.every === 0) record(run, full);
  return true;
}

/** Train until `target` steps (or divergence). */
export function stepTo(run: Run, target: number): Run {
  while (run.step < target && step(run));
  return run;
}

function describeDivergence(run: Run): string {
  const value = Number.isFinite(run.batchLoss) ? trainLoss(run) : run.batchLoss;
  const what = Number.isNaN(value) ? 'NaN (not a number)' : 'infinite';
  if (run.state.formula === 'flipped') {
    return (
      `Training stopped at step ${run.step}: the loss climbed until it became ${what}. ` +
      'With σ′ written as σ(z)(σ(z) − 1) every gradient points uphill, so each step makes the ' +
      'network more confidently wrong. Switch back to the correct formula, then reset.'
    );
  }
  return (
    `Training stopped at step ${run.step}: the loss became ${what}. ` +
    `With learning rate ${run.state.lr} the step overshot so far that σ(Z2) saturated to exactly 0 or 1, ` +
    `and log 0 = −∞. Lower the learning rate, then reset.`
  );
}

export function trainLoss(run: Run): number {
  return loss(run.params, run.state.activation, run.data.train.x, run.data.train.y);
}
export function testLoss(run: Run): number {
  return loss(run.params, run.state.activation, run.data.test.x, run.data.test.y);
}
export function trainAccuracy(run: Run): number {
  return accuracy(run.params, run.state.activation, run.data.train.x, run.data.train.y);
}
export function testAccuracy(run: Run): number {
  return accuracy(run.params, run.state.activation, run.data.test.x, run.data.test.y);
}

function record(run: Run, train = trainLoss(run), force = false): void {
  const last = run.history[run.history.length - 1];
  if (!force && last && last.step === run.step) return;
  run.history.push({ step: run.step, train, test: testLoss(run) });
  if (run.history.length > MAX_HISTORY) {
    run.history = run.history.filter((_, i) => i % 2 === 0 || i === run.history.length - 1);
    run.every *= 2;
  }
}

/** The settings the next step uses. */
export function tuningAt(run: Run): Tuning {
  return run.segments.find((s) => run.step < s.until) ?? run.state;
}

const sameTuning = (a: Tuning, b: Tuning) => a.lr === b.lr && a.batch === b.batch && a.formula === b.formula;

/**
 * Change settings that need neither new data nor new weights (learning rate, batch size,
 * formula) and keep training from the current weights. The settings used so far become a
 * segment of the run's history, so its link still replays it exactly.
 */
export function retune(run: Run, state: State): void {
  const current = tuningAt(run);
  const past = run.segments.filter((s) => s.until <= run.step);
  const since = past.length ? past[past.length - 1].until : 0;
  if (run.step > since && !sameTuning(current, state)) {
    past.push({ until: run.step, lr: current.lr, batch: current.batch, formula: current.formula });
  }
  run.segments = past;
  run.state = { ...state, step: run.step };
}

/**
 * The gradient check at the run's current weights, on the whole training set: the post's
 * formulas (with the run's σ′ choice), the engine, and central finite differences.
 * @example gradientCheck(createRun(defaults())).handVsEngine // ~1e-14
 */
export function gradientCheck(run: Run): CheckResult {
  const { state, params, data } = run;
  const { x, y } = data.train;
  const hand = passGradients(backprop(params, state.activation, x, y, state.formula === 'flipped'));
  const engine = engineGradients(params, state.activation, x, y).grads;
  return compare(hand, engine, finiteDifferences(params, state.activation, x, y));
}
