// The loss chart's axis and its ∞/NaN marker.
import { describe, expect, it } from 'vitest';
import { decade, lossChart } from '../../../src/widgets/nn-playground/loss-chart.ts';
import { createRun, stepTo } from '../../../src/widgets/nn-playground/run.ts';
import { defaults } from '../../../src/widgets/nn-playground/state.ts';

const point = (step: number, train: number, test = train) => ({ step, train, test });

describe('loss chart', () => {
  it('linear: 0 at the bottom, a round top above the largest loss', () => {
    const m = lossChart([point(0, 0.69), point(10, 0.3)], 'linear');
    expect(m.ticks.map((t) => t.label)).toEqual(['0', '0.375', '0.75']);
    expect(m.at(0)).toBe(0);
    expect(m.at(0.75)).toBe(1);
    expect(m.blowUp).toBeNull();
  });

  it('log: whole decades around the data, so a loss that keeps shrinking keeps moving on the chart', () => {
    const m = lossChart([point(0, 0.69), point(500, 0.02, 0.05), point(1000, 0.004, 0.06)], 'log');
    expect(m.ticks.map((t) => t.label)).toEqual(['0.001', '0.01', '0.1', '1']);
    expect(m.at(0.001)).toBe(0);
    expect(m.at(1)).toBe(1);
    // Equal ratios are equal distances.
    expect(m.at(0.01) - m.at(0.001)).toBeCloseTo(m.at(0.1) - m.at(0.01), 12);
    // On the linear axis the last two points are 0.016 apart in 0.75: almost flat.
    const lin = lossChart([point(0, 0.69), point(500, 0.02, 0.05), point(1000, 0.004, 0.06)], 'linear');
    expect(lin.at(0.02) - lin.at(0.004)).toBeLessThan(0.03);
    expect(m.at(0.02) - m.at(0.004)).toBeGreaterThan(0.2);
  });

  it('log: at most about five labelled decades, and a zero loss sits at the bottom instead of breaking the axis', () => {
    const m = lossChart([point(0, 1), point(5, 1e-11, 0)], 'log');
    expect(m.ticks.length).toBeLessThanOrEqual(6);
    expect(m.at(0)).toBe(0);
    expect(decade(-5)).toBe('1e-5');
    expect(decade(2)).toBe('100');
  });

  it('marks where the loss became ∞ or NaN, and keeps the finite points to draw', () => {
    const inf = lossChart([point(0, 0.7), point(1, 0.9), point(2, Number.POSITIVE_INFINITY)], 'linear');
    expect(inf.blowUp).toEqual({ step: 2, value: '∞' });
    expect(inf.finite).toHaveLength(2);
    const nan = lossChart([point(0, 0.7), point(3, Number.NaN)], 'log');
    expect(nan.blowUp).toEqual({ step: 3, value: 'NaN' });
    expect(nan.finite).toHaveLength(1);
  });

  it('a real run with learning rate 1000 ends in a marker, not empty axes', () => {
    const run = stepTo(createRun(defaults({ lr: 1000 })), 50);
    expect(run.diverged).not.toBeNull();
    const m = lossChart(run.history, 'linear');
    expect(m.blowUp).not.toBeNull();
    expect(m.blowUp!.step).toBe(run.step);
    expect(m.finite.length).toBeGreaterThanOrEqual(1);
  });
});
