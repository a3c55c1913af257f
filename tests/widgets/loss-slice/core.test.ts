// loss-slice's core: the heatmap's values are the loss of the network at those weights,
// computed independently here in plain arithmetic; the swap is an exact symmetry; the chord
// the widget marks really lies below the graph; and the static HTML draws what it says.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { resolveAttributes } from '../../../src/widgets/attributes.ts';
import {
  ACTIVATIONS,
  type Activation,
  GRID,
  HIDDEN,
  N_PARAMS,
  X,
  Y,
  lossAt,
  lossSlice,
  swapUnits,
  trained,
  valueNear,
} from '../../../src/widgets/loss-slice/core.ts';
import { level, renderHeatmap, verdict } from '../../../src/widgets/loss-slice/render.ts';
import { spec } from '../../../src/widgets/loss-slice/spec.ts';
import { renderStatic } from '../../../src/widgets/loss-slice/static.build.ts';

const G: Record<Activation, (z: number) => number> = {
  relu: (z) => Math.max(z, 0),
  tanh: Math.tanh,
  min: (z) => Math.min(z, 0),
  linear: (z) => z,
};

/** The network's mean squared error, written out by hand (no engine). */
function plainLoss(theta: number[], activation: Activation): number {
  const h = HIDDEN;
  let total = 0;
  for (const [i, [x1, x2]] of X.entries()) {
    let out = theta[4 * h];
    for (let j = 0; j < h; j++) out += G[activation](x1 * theta[j] + x2 * theta[h + j] + theta[2 * h + j]) * theta[3 * h + j];
    total += (out - Y[i]) ** 2;
  }
  return total / X.length;
}

const results = new Map(ACTIVATIONS.flatMap((a) => (['swap', 'random'] as const).map((k) => [`${a} ${k}`, lossSlice(a, k, 1)])));
const get = (a: Activation, k: 'swap' | 'random') => results.get(`${a} ${k}`)!;

describe('the loss on the slice', () => {
  test('every heatmap value is the network’s loss at θ + a·d₁ + b·d₂, by hand', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...results.values()),
        fc.integer({ min: 0, max: GRID - 1 }),
        fc.integer({ min: 0, max: GRID - 1 }),
        (r, i, j) => {
          const point = r.theta.map((v, k) => v + r.as[j] * r.d1[k] + r.bs[i] * r.d2[k]);
          expect(r.loss[i][j]).toBeCloseTo(plainLoss(point, r.activation), 12);
        },
      ),
      { numRuns: 200 },
    );
  });

  test('θ is trained: its loss is below the loss of predicting the mean (0.25)', () => {
    for (const a of ['relu', 'tanh'] as const) expect(plainLoss(trained(a), a)).toBeLessThan(0.05);
    for (const a of ACTIVATIONS) expect(plainLoss(trained(a), a)).toBeLessThan(0.25);
  });

  test('swapping two hidden units is an exact symmetry of the loss (any weights)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: N_PARAMS, maxLength: N_PARAMS }),
        fc.constantFrom(...ACTIVATIONS),
        (theta, a) => {
          expect(plainLoss(swapUnits(theta), a)).toBeCloseTo(plainLoss(theta, a), 12);
          expect(swapUnits(swapUnits(theta))).toEqual(theta);
        },
      ),
    );
  });

  test('the swap slice has θ at (0, 0) and θ′ at (1, 0), on grid points, with equal loss', () => {
    for (const a of ACTIVATIONS) {
      const r = get(a, 'swap');
      expect(r.as).toContain(0);
      expect(r.as).toContain(1);
      expect(r.bs).toContain(0);
      expect(valueNear(r, 0, 0)).toBeCloseTo(plainLoss(r.theta, a), 12);
      expect(valueNear(r, 1, 0)).toBeCloseTo(valueNear(r, 0, 0), 12);
      expect(r.theta.map((v, k) => v + r.d1[k])).toEqual(swapUnits(r.theta).map((v) => expect.closeTo(v, 12) as unknown as number));
    }
  });

  test('the marked chord: its midpoint’s loss is above the average of its ends by the stated gap, and no grid chord is worse', () => {
    for (const r of results.values()) {
      if (!r.worst) continue;
      const { from, to, mid, gap } = r.worst;
      expect(mid[0]).toBeCloseTo((from[0] + to[0]) / 2, 12);
      expect(mid[1]).toBeCloseTo((from[1] + to[1]) / 2, 12);
      const at = ([a, b]: [number, number]) => lossAt(r.theta, r.d1, r.d2, a, b, r.activation);
      expect(at(mid) - (at(from) + at(to)) / 2).toBeCloseTo(gap, 10);
      // Brute force over every row chord: none beats it.
      for (const row of r.loss)
        for (let i = 0; i < GRID; i++)
          for (let s = 1; i - s >= 0 && i + s < GRID; s++) expect(row[i] - (row[i - s] + row[i + s]) / 2).toBeLessThanOrEqual(gap + 1e-12);
    }
  });

  test('every swap slice fails convexity; the linear network’s random slice (seed 1) passes the test on the grid', () => {
    for (const a of ACTIVATIONS) expect(get(a, 'swap').worst, a).not.toBeNull();
    expect(get('linear', 'random').worst).toBeNull();
    expect(verdict(get('linear', 'random'))).toContain('can look convex');
  });
});

describe('the static HTML', () => {
  test('draws every grid cell once, in the colour of its level, and marks θ, θ′ and the chord', () => {
    const r = get('relu', 'swap');
    const svg = renderHeatmap(r);
    const cells = [...svg.matchAll(/M\d+ \d+h1v1h-1z/g)];
    expect(cells).toHaveLength(GRID * GRID);
    const flat = r.loss.flat();
    expect(level(Math.min(...flat), Math.min(...flat), Math.max(...flat))).toBe(0);
    expect(level(Math.max(...flat), Math.min(...flat), Math.max(...flat))).toBe(11);
    expect(svg).toContain('loss-slice__theta');
    expect(svg).toContain('loss-slice__swapped');
    expect(svg).toContain('loss-slice__chord');
    expect(svg).toContain('role="img"');
  });

  test('the directive’s defaults render a disabled first frame; a bad attribute is refused with what is valid', () => {
    const html = renderStatic(resolveAttributes(spec, {}).attrs);
    expect(html).toContain('<select name="activation" disabled>');
    expect(html).toContain('Not convex');
    expect(() => resolveAttributes(spec, { activation: 'sigmoid' })).toThrow(
      'activation must be one of relu, tanh, min, linear, got "sigmoid".',
    );
    expect(() => resolveAttributes(spec, { seed: '0' })).toThrow('seed must be an integer from 1 to 999');
  });
});
