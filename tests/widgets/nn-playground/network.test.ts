// The network diagram's pure core: layout, the items a reader can point at, keyboard moves,
// the read-out, and each hidden unit's map checked against the model's own forward pass.
import { describe, expect, it } from 'vitest';
import { ACTIVATION_FNS, predict } from '../../../src/widgets/nn-playground/model.ts';
import {
  describeItem,
  edgeEnds,
  edgeItem,
  edgeWidth,
  moveFocus,
  networkItems,
  networkLayout,
  RING_PAD,
  RING_WIDTH,
  paintSigned,
  UNIT_GRID,
  unitFrame,
  unitItem,
  unitMap,
  unitSize,
  weightScale,
} from '../../../src/widgets/nn-playground/network.ts';
import { DOMAIN } from '../../../src/widgets/nn-playground/datasets.ts';
import { createRun } from '../../../src/widgets/nn-playground/run.ts';
import { defaults } from '../../../src/widgets/nn-playground/state.ts';
import { engineGradients } from '../../../src/widgets/nn-playground/train.ts';
import { sampleParams as params } from './factories.ts';

describe('network layout', () => {
  it('puts inputs left, hidden units in the middle, the output right, all inside the box and not overlapping', () => {
    for (const h of [1, 2, 4, 8, 16]) {
      const l = networkLayout(h);
      expect(l.hidden).toHaveLength(h);
      const all = [...l.inputs, ...l.hidden, l.output];
      for (const b of all) {
        expect(b.x - b.s / 2).toBeGreaterThanOrEqual(0);
        expect(b.x + b.s / 2).toBeLessThanOrEqual(l.width);
        expect(b.y - b.s / 2).toBeGreaterThanOrEqual(0);
        expect(b.y + b.s / 2).toBeLessThanOrEqual(l.height);
      }
      expect(l.inputs[0].x).toBeLessThan(l.hidden[0].x);
      expect(l.hidden[0].x).toBeLessThan(l.output.x);
      for (let j = 1; j < h; j++) expect(l.hidden[j].y - l.hidden[j - 1].y).toBeGreaterThan(l.hidden[j].s);
    }
  });

  it('leaves clear space between the bias rings of neighbouring hidden units, for every layer size', () => {
    const reach = RING_PAD + RING_WIDTH / 2; // how far a ring's outer edge stands off its map
    for (const h of [2, 3, 4, 8, 16]) {
      const { hidden } = networkLayout(h);
      for (let j = 1; j < h; j++) {
        const clear = hidden[j]!.y - hidden[j]!.s / 2 - reach - (hidden[j - 1]!.y + hidden[j - 1]!.s / 2 + reach);
        expect(clear, `h=${h}, units ${j - 1} and ${j}`).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it('shrinks the unit maps as the layer grows, down to a readable 14', () => {
    expect(unitSize(1)).toBe(26);
    expect(unitSize(4)).toBe(26);
    expect(unitSize(16)).toBe(14);
    expect(networkLayout(16).height).toBeGreaterThan(networkLayout(4).height);
  });
});

describe('network items', () => {
  const items = networkItems(networkLayout(3));

  it('has every parameter entry exactly once', () => {
    expect(items).toHaveLength(4 * 3 + 1);
    const keys = items.map((i) => `${i.param}:${i.index}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(
      items
        .filter((i) => i.param === 'W1')
        .map((i) => i.index)
        .sort(),
    ).toEqual([0, 1, 2, 3, 4, 5]);
    expect(items.map((i) => i.name)).toContain('W1[1,2]');
    // W1 is (2, h) row-major: W1[1,2] is entry 1·h + 2.
    expect(items.find((i) => i.name === 'W1[1,2]')!.index).toBe(5);
  });

  it('draws each weight from the right side of the node it leaves to the left side of the one it enters', () => {
    const edges = items.filter((i) => i.kind === 'edge');
    expect(edges).toHaveLength(3 * 3);
    for (const e of edges) {
      expect(edgeEnds(e)).toEqual({ x1: e.from!.x + e.from!.s / 2, y1: e.from!.y, x2: e.to!.x - e.to!.s / 2, y2: e.to!.y });
      expect(edgeEnds(e).x1).toBeLessThan(edgeEnds(e).x2);
    }
    const place = { param: 'W2', index: 0, name: 'W2[0,0]', role: 'a weight', row: 0, col: 3 } as const;
    expect(edgeEnds(edgeItem(place, { x: 10, y: 5, s: 4 }, { x: 30, y: 9, s: 6 }))).toEqual({ x1: 12, y1: 5, x2: 27, y2: 9 });
    expect(unitItem({ ...place, param: 'b2' }, { x: 1, y: 2, s: 3 })).toMatchObject({ kind: 'unit', at: { x: 1, y: 2, s: 3 } });
    expect(unitFrame({ x: 10, y: 10, s: 4 }, 1)).toEqual({ x: 7, y: 7, width: 6, height: 6 });
  });

  it('moves by arrow keys within a unit (left/right) and between units (up/down), clamped at the edges', () => {
    const at = (row: number, col: number) => items.find((i) => i.row === row && i.col === col)!;
    expect(moveFocus(items, at(0, 0), 'ArrowRight')).toBe(at(0, 1));
    expect(moveFocus(items, at(0, 0), 'ArrowLeft')).toBe(at(0, 0));
    expect(moveFocus(items, at(0, 2), 'ArrowDown')).toBe(at(1, 2));
    expect(moveFocus(items, at(2, 3), 'ArrowDown')).toBe(at(3, 0)); // the output bias
    expect(moveFocus(items, at(0, 1), 'ArrowUp')).toBe(at(0, 1));
    expect(moveFocus(items, at(1, 1), 'End')).toBe(items[items.length - 1]);
    expect(moveFocus(items, at(1, 1), 'Home')).toBe(items[0]);
    expect(moveFocus(items, at(1, 1), 'Enter')).toBeNull();
  });

  it('reads out the value and the engine’s gradient of the entry it stands for', () => {
    const run = createRun(defaults({ hidden: 3 }));
    const { x, y } = run.data.train;
    const grads = engineGradients(run.params, 'tanh', x, y).grads;
    const item = items.find((i) => i.name === 'W1[1,2]')!;
    const text = describeItem(item, run.params, grads);
    expect(text).toContain(`W1[1,2] = ${run.params.W1[5].toFixed(4)}`);
    expect(text).toContain('weight from input x₂ to hidden unit 2');
    const g = grads.W1[5];
    expect(text).toContain(`∂L/∂W1[1,2] = ${Math.abs(g) >= 1e-3 ? g.toFixed(4) : g.toExponential(2)}`);
    expect(describeItem(item, run.params, null)).toContain('not a number');
  });
});

describe('weights as lines and maps', () => {
  it('scales line width with |w| up to the largest weight, and says so for non-finite weights', () => {
    const p = params(4);
    const s = weightScale(p);
    expect(s).toBe(Math.max(...[...p.W1, ...p.W2].map(Math.abs)));
    expect(edgeWidth(0, s)).toBe(0.75);
    expect(edgeWidth(-s, s)).toBe(5);
    expect(edgeWidth(s / 2, s)).toBeCloseTo(0.75 + 4.25 / 2, 12);
    expect(edgeWidth(Number.NaN, s)).toBe(5);
  });

  it('a hidden unit’s map is its activation over the plane: it sums back to the output the model predicts', () => {
    const p = params(3);
    const g = ACTIVATION_FNS.tanh.f;
    const maps = [0, 1, 2].map((j) => unitMap(p, 'tanh', j).values);
    const n = UNIT_GRID;
    for (const [r, c] of [
      [0, 0],
      [5, 11],
      [n - 1, n - 1],
    ]) {
      const x1 = -DOMAIN + ((c + 0.5) * 2 * DOMAIN) / n;
      const x2 = DOMAIN - ((r + 0.5) * 2 * DOMAIN) / n;
      const z2 = p.b2[0] + maps.reduce((sum, m, j) => sum + m[r * n + c] * p.W2[j], 0);
      expect(1 / (1 + Math.exp(-z2))).toBeCloseTo(predict(p, g, x1, x2), 12);
    }
    const { values, scale } = unitMap(p, 'relu', 1);
    expect(Math.min(...values)).toBe(0);
    expect(scale).toBe(Math.max(...values));
  });

  it('paints negative in c0, positive in c1, zero as the background, and non-finite values in fg', () => {
    const px = paintSigned(Float64Array.of(-2, 0, 2, Number.NaN), 2, [255, 0, 0], [0, 0, 255], [255, 255, 255], [0, 0, 0]);
    const rgb = (i: number) => [...px.subarray(4 * i, 4 * i + 3)];
    expect(rgb(1)).toEqual([255, 255, 255]);
    expect(rgb(0)[0]).toBe(255);
    expect(rgb(0)[2]).toBeLessThan(60);
    expect(rgb(2)[2]).toBe(255);
    expect(rgb(2)[0]).toBeLessThan(60);
    expect(rgb(3)).toEqual([0, 0, 0]);
  });
});
