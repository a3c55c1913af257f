import { describe, expect, it } from 'vitest';
import { createRun, MAX_HISTORY, step, stepTo, trainLoss, testAccuracy, retune } from '../../../src/widgets/nn-playground/run.ts';
import { defaults, parseParams, serialise } from '../../../src/widgets/nn-playground/state.ts';

describe('a training run', () => {
  it('lowers the loss on the flower with 4 tanh units within 300 steps', () => {
    const run = createRun(defaults());
    const start = trainLoss(run);
    stepTo(run, 300);
    expect(run.diverged).toBeNull();
    expect(start).toBeGreaterThan(0.6);
    expect(trainLoss(run)).toBeLessThan(0.3);
    expect(testAccuracy(run)).toBeGreaterThan(0.85);
  });

  it('is deterministic: same state and step count give the same weights, full and mini-batch', () => {
    for (const batch of ['full', '32'] as const) {
      const a = stepTo(createRun({ ...defaults(), batch, seed: 5 }), 120);
      const b = createRun({ ...defaults(), batch, seed: 5 });
      for (let i = 0; i < 120; i++) step(b);
      expect(a.params).toEqual(b.params);
      expect(a.history).toEqual(b.history);
    }
  });

  it('mini-batches see every training point once per epoch', () => {
    const run = createRun({ ...defaults(), batch: '64', points: 400, split: 0.2 }); // 320 train → 5 batches
    const seen = new Set<number>();
    for (let i = 0; i < 5; i++) {
      step(run);
      const { order, at, size } = run.batches;
      for (const r of order.subarray(at - size, at)) seen.add(r);
    }
    expect(seen.size).toBe(320);
  });

  it('stops with a message, not a NaN-filled loop, when the learning rate is huge', () => {
    const run = createRun({ ...defaults(), lr: 1000 });
    stepTo(run, 1000);
    expect(run.step).toBeLessThan(10);
    expect(run.diverged).toMatch(/Training stopped at step \d+: the loss became (infinite|NaN)/);
    expect(run.diverged).toMatch(/Lower the learning rate/);
    const at = run.step;
    expect(step(run)).toBe(false);
    expect(run.step).toBe(at);
  });

  it('with the flipped σ′ climbs the loss instead', () => {
    const run = createRun({ ...defaults(), formula: 'flipped' });
    const start = trainLoss(run);
    stepTo(run, 5);
    expect(trainLoss(run)).toBeGreaterThan(start);
    stepTo(run, 500);
    expect(run.diverged).toMatch(/climbed/);
  });

  it('keeps weights when only the learning rate changes, and a bounded history', () => {
    const run = stepTo(createRun(defaults()), 50);
    const w = run.params.W1.slice();
    retune(run, { ...run.state, lr: 0.1 });
    expect(run.params.W1).toEqual(w);
    expect(run.state.lr).toBe(0.1);
    stepTo(run, 2000);
    expect(run.history.length).toBeLessThanOrEqual(MAX_HISTORY);
    expect(run.history[run.history.length - 1].step).toBeGreaterThan(1900);
  });

  it('replays a run whose settings changed mid-way exactly, from its URL', () => {
    const live = createRun({ ...defaults(), seed: 9 });
    stepTo(live, 40);
    retune(live, { ...live.state, lr: 0.3, batch: '32' });
    stepTo(live, 90);
    retune(live, { ...live.state, lr: 0.3, batch: '32' }); // no change: no new segment
    retune(live, { ...live.state, formula: 'flipped' });
    retune(live, { ...live.state, formula: 'correct', lr: 2 }); // two changes at one step: one segment
    stepTo(live, 130);
    expect(live.segments).toEqual([
      { until: 40, lr: 1.2, batch: 'full', formula: 'correct' },
      { until: 90, lr: 0.3, batch: '32', formula: 'correct' },
    ]);
    const link = serialise(live.state, new URLSearchParams(), '', live.segments).toString();
    expect(link).toContain('hist=40_1.2_full_correct%7E90_0.3_32_correct');
    const parsed = parseParams(new URLSearchParams(link), defaults());
    expect(parsed.ignored).toEqual([]);
    const replay = stepTo(createRun(parsed.state, parsed.segments), parsed.state.step);
    expect(replay.step).toBe(130);
    expect(replay.params).toEqual(live.params);
    // Without the history the same link would not reproduce the run.
    expect(stepTo(createRun(parsed.state), 130).params).not.toEqual(live.params);
  });

  it('ignores a malformed history with a notice, keeping the rest of the link', () => {
    for (const hist of ['40_1.2_full', '40_1.2_full_correct~30_1_full_correct', '999_1_full_correct', 'x', '40_1.2_full_correct_extra']) {
      const parsed = parseParams(new URLSearchParams({ step: '100', hidden: '6', hist }), defaults());
      expect(parsed.segments).toEqual([]);
      expect(parsed.state.hidden).toBe(6);
      expect(parsed.ignored).toHaveLength(1);
      expect(parsed.ignored[0]).toMatch(/^hist=/);
    }
  });
});

describe('the gradient check of a run', () => {
  it('agrees for the correct formulas and flags the flipped σ′ on the pair that involves them', async () => {
    const { gradientCheck } = await import('../../../src/widgets/nn-playground/run.ts');
    const run = stepTo(createRun(defaults()), 25);
    const ok = gradientCheck(run);
    expect(ok.handVsEngine).toBeLessThan(1e-10);
    expect(ok.engineVsNumeric).toBeLessThan(1e-5);
    retune(run, { ...run.state, formula: 'flipped' });
    const bad = gradientCheck(run);
    expect(bad.handVsEngine).toBeCloseTo(2, 6);
    expect(bad.engineVsNumeric).toBeLessThan(1e-5);
  });
});

describe('epochs', () => {
  it('count samples seen: one per step at full batch, batch/train per step otherwise', () => {
    const full = stepTo(createRun(defaults()), 7);
    expect(full.seen / full.data.train.m).toBe(7);
    const mini = stepTo(createRun({ ...defaults(), batch: '32' }), 25); // 320 training points
    expect(mini.seen / mini.data.train.m).toBe(2.5);
  });
});
