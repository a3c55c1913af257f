import { describe, expect, it } from 'vitest';
import { rng } from '../../../src/autodiff/index.ts';
import { DOMAIN, GENERATORS, makeData } from '../../../src/widgets/nn-playground/datasets.ts';
import { DATASETS, defaults } from '../../../src/widgets/nn-playground/state.ts';

describe('playground data sets', () => {
  it.each(DATASETS)('%s is deterministic per seed and differs between seeds', (dataset) => {
    const state = { ...defaults(), dataset };
    const a = makeData(state, rng(7));
    const b = makeData(state, rng(7));
    const c = makeData(state, rng(8));
    expect(a.train.x).toEqual(b.train.x);
    expect(a.test.y).toEqual(b.test.y);
    expect(a.train.x).not.toEqual(c.train.x);
  });

  it.each(DATASETS)('%s has both classes, in balance, inside the plotted square', (dataset) => {
    for (const points of [100, 400, 1000]) {
      const all = GENERATORS[dataset](points, 0.5, rng(3));
      expect(all.m).toBe(points);
      const ones = all.y.reduce((s, v) => s + v, 0);
      expect(ones / points).toBeGreaterThan(0.4);
      expect(ones / points).toBeLessThan(0.6);
      for (const v of all.x) expect(Math.abs(v)).toBeLessThanOrEqual(DOMAIN);
      for (const v of all.y) expect(v === 0 || v === 1).toBe(true);
    }
  });

  it('splits into train and test by the test share, without losing a point', () => {
    const data = makeData({ ...defaults(), points: 500, split: 0.3 }, rng(1));
    expect(data.test.m).toBe(150);
    expect(data.train.m).toBe(350);
    const all = makeData({ ...defaults(), points: 500, split: 0.3 }, rng(1));
    expect(all.train.x).toEqual(data.train.x);
  });

  it('draws the flower as in the deeplearning.ai exercise: petals of radius up to 4', () => {
    const { x } = GENERATORS.flower(400, 0, rng(1));
    let max = 0;
    for (let i = 0; i < 400; i++) max = Math.max(max, Math.hypot(x[2 * i], x[2 * i + 1]));
    expect(max).toBeGreaterThan(3.9);
    expect(max).toBeLessThanOrEqual(4 + 1e-9);
  });
});
