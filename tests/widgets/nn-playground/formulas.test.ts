// The post's hand-derived backprop against the engine and against finite differences,
// for every activation; and the classic sign slip against both.
import { describe, expect, it } from 'vitest';
import { gradient, leakyRelu, minimum, relu, sigmoid, sum, type Tensor, tanh, tensor } from '../../../src/autodiff/index.ts';
import { backprop, passFormulas, passGradients, PASS_ORDER } from '../../../src/widgets/nn-playground/formulas.ts';
import { keepGroups, passFormulaText } from '../../../src/widgets/nn-playground/markup.ts';
import { LEAKY_SLOPE } from '../../../src/widgets/nn-playground/model.ts';
import { compare, finiteDifferences, maxRelativeError, relativeError, verdict } from '../../../src/widgets/nn-playground/gradcheck.ts';
import { createRun, stepTo } from '../../../src/widgets/nn-playground/run.ts';
import { ACTIVATIONS, defaults } from '../../../src/widgets/nn-playground/state.ts';
import { engineGradients } from '../../../src/widgets/nn-playground/train.ts';
import { paramsOf } from './factories.ts';

const trained = (activation: (typeof ACTIVATIONS)[number], hidden = 4, steps = 30) =>
  stepTo(createRun({ ...defaults(), activation, hidden, lr: 0.3 }), steps);

describe('hand-derived backprop (the post’s formulas)', () => {
  it.each(ACTIVATIONS)('equals the engine and finite differences with %s', (activation) => {
    for (const hidden of [1, 4, 16]) {
      const run = trained(activation, hidden);
      const { x, y } = run.data.train;
      const hand = passGradients(backprop(run.params, activation, x, y));
      const engine = engineGradients(run.params, activation, x, y);
      const check = compare(hand, engine.grads, finiteDifferences(run.params, activation, x, y));
      expect(check.handVsEngine).toBeLessThan(1e-10);
      expect(check.handVsNumeric).toBeLessThan(1e-5);
      expect(check.engineVsNumeric).toBeLessThan(1e-5);
      expect(verdict(check.handVsEngine)).toBe('agree');
      expect(backprop(run.params, activation, x, y).L).toBeCloseTo(engine.loss, 12);
    }
  });

  it.each(ACTIVATIONS)('with the flipped σ′ disagrees with the engine (%s): every gradient changes sign', (activation) => {
    const run = trained(activation);
    const { x, y } = run.data.train;
    const wrong = passGradients(backprop(run.params, activation, x, y, true));
    const right = passGradients(backprop(run.params, activation, x, y));
    const engine = engineGradients(run.params, activation, x, y).grads;
    const check = compare(wrong, engine, finiteDifferences(run.params, activation, x, y));
    expect(check.handVsEngine).toBeCloseTo(2, 6);
    expect(verdict(check.handVsEngine)).toBe('disagree');
    expect(verdict(check.handVsNumeric)).toBe('disagree');
    expect(verdict(check.engineVsNumeric)).toBe('agree');
    for (const name of ['W1', 'b1', 'W2', 'b2'] as const) {
      for (const [i, v] of wrong[name].entries()) expect(v).toBeCloseTo(-right[name][i], 14);
    }
  });

  it('lists the pass in the order backprop computes it, with the shapes of the post', () => {
    const run = trained('tanh', 3);
    const pass = backprop(run.params, 'tanh', run.data.train.x, run.data.train.y);
    const m = run.data.train.m;
    const shapes = PASS_ORDER.map((name) => [name, pass[name].rows, pass[name].cols]);
    expect(shapes).toEqual([
      ['Z1', m, 3],
      ['A1', m, 3],
      ['Z2', m, 1],
      ['A2', m, 1],
      ['dA2', m, 1],
      ['dZ2', m, 1],
      ['dW2', 3, 1],
      ['db2', 1, 1],
      ['dA1', m, 3],
      ['dZ1', m, 3],
      ['dW1', 2, 3],
      ['db1', 1, 3],
    ]);
  });
});

describe('the formulas the pass view shows', () => {
  it('are the post’s, with g′ written as the post writes it for tanh, and the slip marked', () => {
    const tanh = passFormulas('tanh');
    expect(tanh.dZ2).toBe('dA2 ⊙ A2 ⊙ (1 − A2)');
    expect(tanh.dZ1).toBe('dA1 ⊙ (1 − A1 ⊙ A1)');
    expect(passFormulas('tanh', true).dZ2).toBe('dA2 ⊙ A2 ⊙ (A2 − 1)  ✗ sign');
    expect(passFormulas('relu').dZ1).toBe('dA1 ⊙ [Z1 > 0]');
    expect(Object.keys(tanh)).toEqual([...PASS_ORDER]);
  });

  it.each(ACTIVATIONS)('compute dZ1 with the same g′ the model (and so the engine) uses, kinks included (%s)', (activation) => {
    // One hidden unit, W1 = 0, so Z1 = b1 on every sample: put b1 on each side of the kink and on it.
    // g′ straight from the engine, so its convention at the kinks is the oracle.
    const engineOp: Record<(typeof ACTIVATIONS)[number], (z: Tensor) => Tensor> = {
      tanh,
      relu,
      sigmoid,
      'leaky-relu': (z) => leakyRelu(z, LEAKY_SLOPE),
      min: (z) => minimum(z, 0),
    };
    const df = (z: number) => gradient((t: Tensor) => sum(engineOp[activation](t)), tensor([z]))[0].data[0];
    for (const z of [-0.7, 0, 0.7]) {
      const p = paramsOf({ W1: [0, 0], b1: [z], W2: [1], b2: [0] });
      const pass = backprop(p, activation, Float64Array.of(0.3, -0.2), Float64Array.of(1));
      expect(pass.dZ1.data[0]).toBeCloseTo(pass.dA1.data[0] * df(z), 15);
    }
  });
});

describe('relative error', () => {
  it('is symmetric, zero for equal values, floored near zero, NaN-propagating', () => {
    expect(relativeError(1, 1.001)).toBeCloseTo(0.001 / 1.001, 12);
    expect(relativeError(2, -2)).toBe(2);
    expect(relativeError(0, 0)).toBe(0);
    expect(relativeError(1e-12, 2e-12)).toBeLessThan(1e-4);
    expect(relativeError(NaN, 1)).toBeNaN();
    const a = paramsOf({ W1: [1, 1], b1: [1], W2: [1], b2: [Number.NaN] });
    expect(maxRelativeError(a, a)).toBeNaN();
    expect(verdict(NaN)).toBe('disagree');
  });
});

describe('keepGroups (the pass view, markup.ts)', () => {
  it('short bracketed groups stay whole; a long group may still break between its terms', () => {
    const nb = '\u00a0';
    expect(keepGroups('dA2 ⊙ A2 ⊙ (1 − A2)')).toBe(`dA2 ⊙ A2 ⊙ (1${nb}−${nb}A2)`);
    expect(keepGroups('((1 − Y) / (1 − A2) − Y / A2) / m')).toBe(`((1${nb}−${nb}Y) / (1${nb}−${nb}A2) − Y / A2) / m`);
    expect(keepGroups('(0.01 + 0.99 [Z1 > 0])')).toBe(`(0.01 + 0.99 [Z1${nb}>${nb}0])`);
  });

  it('the pass view writes every formula that way, and only the view', () => {
    expect(passFormulaText('sigmoid').dZ1).toBe('dA1 ⊙ A1 ⊙ (1\u00a0−\u00a0A1)');
    expect(passFormulaText('tanh').Z1).toBe('X W1 + 1 b1');
    expect(passFormulas('sigmoid').dZ1).toBe('dA1 ⊙ A1 ⊙ (1 − A1)');
  });
});
