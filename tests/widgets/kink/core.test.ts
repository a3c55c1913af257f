// kink's pure core: the slopes it plots are the engine's one-sided derivatives (and the true
// ones, by one-sided finite differences), the picks it labels are the engine's gradient under
// each preset, and the fan is drawn exactly where the function is convex around the point.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CONVENTION_NAMES, gradient, subdifferential, tensor, withConvention } from '../../../src/autodiff/index.ts';
import {
  FUNCTIONS,
  STEP,
  X_MAX,
  X_MIN,
  analyse,
  compileExpression,
  describe as sentence,
  formatNumber,
  inInterval,
  snap,
} from '../../../src/widgets/kink/core.ts';

type Id = keyof typeof FUNCTIONS;
const IDS = Object.keys(FUNCTIONS) as Id[];
/** Every point of the slider's grid. */
const GRID = Array.from({ length: Math.round((X_MAX - X_MIN) / STEP) + 1 }, (_, i) => snap(X_MIN + i * STEP));
/** The kinks of each function inside the window (where the fast-check runs concentrate). */
const KINKS: Record<Id, number[]> = {
  relu: [0],
  abs: [0],
  'leaky-relu': [0],
  hardtanh: [-1, 1],
  clamp: [-1, 1],
  maximum: [0],
  minimum: [0],
  'abs-plus-relu': [0],
  norm: [0],
  'log-where': [0],
};
const value = (id: Id, x: number) => FUNCTIONS[id].programs[0].f(tensor(x)).item();
/** One-sided difference quotients: exact for these functions, which are linear on each side near a kink. */
const quotient = (id: Id, x: number, h: number) => (value(id, x + h) - value(id, x)) / h;

describe('the slopes drawn as rays', () => {
  test('are the engine’s subdifferential wherever forward mode can see the kink', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...IDS.filter((id) => id !== 'norm' && id !== 'log-where')),
        fc.oneof(fc.constantFrom(...GRID), fc.double({ min: X_MIN, max: X_MAX, noNaN: true })),
        (id, x) => {
          // The side limits are taken 1e-9 away: a point closer than that to a kink (but not on it) is not on the slider's grid.
          fc.pre(KINKS[id].every((k) => x === k || Math.abs(x - k) > 1e-6));
          const a = analyse(FUNCTIONS[id], x);
          const engine = subdifferential(FUNCTIONS[id].programs[0].f, x);
          expect(a.exact).toBe(true);
          expect([a.left, a.right]).toEqual([engine.left, engine.right]);
        },
      ),
      { numRuns: 150 },
    );
  });

  test.each(IDS)('%s: at its kinks they are the one-sided difference quotients, and a kink is reported', (id) => {
    for (const k of KINKS[id]) {
      const a = analyse(FUNCTIONS[id], k);
      expect(a.atKink, `${id} at ${k}`).toBe(true);
      if (id === 'log-where') {
        // log x → −∞ as x → 0⁺ while f(0) = 0: a jump, so the slope from the right is −∞.
        expect([a.left, a.right]).toEqual([0, -Infinity]);
        continue;
      }
      expect(a.right).toBeCloseTo(quotient(id, k, 1e-6), 8);
      expect(a.left).toBeCloseTo(quotient(id, k, -1e-6), 8);
    }
  });

  test('the 2-norm along a line: slopes −1 and 1 at 0, exactly the engine’s subdifferential', () => {
    const a = analyse(FUNCTIONS.norm, 0);
    expect([a.left, a.right, a.exact]).toEqual([-1, 1, true]);
    expect(subdifferential(FUNCTIONS.norm.programs[0].f, 0)).toMatchObject({ left: -1, right: 1 });
    expect(a.supported).toBe(true);
  });

  test('away from kinks both slopes are the derivative, and every framework returns it', () => {
    fc.assert(
      fc.property(fc.constantFrom(...IDS), fc.double({ min: X_MIN, max: X_MAX, noNaN: true }), (id, x) => {
        fc.pre(KINKS[id].every((k) => Math.abs(x - k) > 1e-3));
        fc.pre(id !== 'log-where' || x > 1e-3 || x < -1e-3);
        const a = analyse(FUNCTIONS[id], x);
        expect(a.atKink).toBe(false);
        for (const program of a.programs) {
          for (const name of CONVENTION_NAMES) expect(program.picks[name]).toBeCloseTo(a.right, 9);
        }
      }),
      { numRuns: 120 },
    );
  });
});

describe('the picks', () => {
  test('are the engine’s gradient of each program under each preset', () => {
    fc.assert(
      fc.property(fc.constantFrom(...IDS), fc.constantFrom(...GRID), (id, x) => {
        const a = analyse(FUNCTIONS[id], x);
        a.programs.forEach((program, i) => {
          for (const name of CONVENTION_NAMES) {
            const engine = withConvention(name, () => gradient(FUNCTIONS[id].programs[i].f, x)[0]);
            expect(Object.is(program.picks[name], engine) || program.picks[name] === engine).toBe(true);
          }
        });
      }),
      { numRuns: 80 },
    );
  });

  // The engine README's table, for the canonical program of each function at its kink.
  test.each([
    ['relu', 0, { pytorch: 0, jax: 0, flux: 0 }],
    ['abs', 0, { pytorch: 0, jax: 1, flux: 0 }],
    ['leaky-relu', 0, { pytorch: 0.1, jax: 1, flux: 0.1 }],
    ['hardtanh', 1, { pytorch: 0, jax: 1, flux: 0 }],
    ['hardtanh', -1, { pytorch: 0, jax: 1, flux: 0 }],
    ['clamp', -1, { pytorch: 1, jax: 0.5, flux: 1 }],
    ['maximum', 0, { pytorch: 0.5, jax: 0.5, flux: 0 }],
    ['minimum', 0, { pytorch: 0.5, jax: 0.5, flux: 1 }],
    ['abs-plus-relu', 0, { pytorch: 0, jax: 1, flux: 0 }],
    ['norm', 0, { pytorch: 0, jax: Number.NaN, flux: 0 }],
  ] as const)('%s at %d', (id, x, picks) => {
    expect(analyse(FUNCTIONS[id], x).programs[0].picks).toEqual(picks);
  });

  test('same function, different program: relu, maximum and where at 0 in each framework', () => {
    const rows = Object.fromEntries(analyse(FUNCTIONS.relu, 0).programs.map((p) => [p.code, p.picks]));
    expect(rows).toEqual({
      'relu(x)': { pytorch: 0, jax: 0, flux: 0 },
      'maximum(x, 0)': { pytorch: 0.5, jax: 0.5, flux: 0 },
      'where(x > 0, x, 0)': { pytorch: 0, jax: 0, flux: 0 },
    });
  });

  test('the where trap gives NaN in every framework at 0, and the double where gives 0', () => {
    const [trap, fix] = analyse(FUNCTIONS['log-where'], 0).programs;
    for (const name of CONVENTION_NAMES) {
      expect(trap.picks[name]).toBeNaN();
      expect(fix.picks[name]).toBe(0);
    }
    // Away from 0 the two programs are the same function with the same derivative.
    const [a, b] = analyse(FUNCTIONS['log-where'], 0.5).programs;
    expect(a.picks).toEqual(b.picks);
    expect(a.picks.pytorch).toBe(2);
  });

  test('every framework’s pick for a continuous kink lies between the one-sided slopes, except JAX’s NaN at the norm', () => {
    for (const id of IDS.filter((i) => i !== 'log-where')) {
      for (const k of KINKS[id]) {
        const a = analyse(FUNCTIONS[id], k);
        for (const name of CONVENTION_NAMES) {
          const pick = a.programs[0].picks[name];
          expect(inInterval(pick, a), `${id} at ${k}, ${name}`).toBe(!(id === 'norm' && name === 'jax'));
        }
      }
    }
  });
});

describe('convexity and the fan', () => {
  test.each([
    ['relu', 0, true, true, false],
    ['abs', 0, true, true, false],
    ['leaky-relu', 0, true, true, false],
    ['maximum', 0, true, true, false],
    ['abs-plus-relu', 0, true, true, false],
    ['norm', 0, true, true, false],
    ['minimum', 0, false, false, true],
    ['hardtanh', 1, false, false, false],
    ['hardtanh', -1, false, false, false],
    ['clamp', 1, false, false, false],
  ] as const)('%s at %d: fan %s, convex %s, concave %s', (id, x, supported, convex, concave) => {
    const a = analyse(FUNCTIONS[id], x);
    expect([a.supported, a.convex, a.concave]).toEqual([supported, convex, concave]);
  });

  test('a supported kink: every slope of the fan gives a line on or below the curve; an unsupported one has a sample above some line', () => {
    fc.assert(
      fc.property(fc.constantFrom(...IDS.filter((id) => id !== 'log-where')), fc.double({ min: 0, max: 1, noNaN: true }), (id, t) => {
        for (const k of KINKS[id]) {
          const a = analyse(FUNCTIONS[id], k);
          const below = (g: number) => a.samples.every(([s, y]) => y >= a.value + g * (s - k) - 1e-9);
          if (a.supported) expect(below(a.left + t * (a.right - a.left))).toBe(true);
          else expect(a.left <= a.right && below(a.left) && below(a.right)).toBe(false);
        }
      }),
      { numRuns: 60 },
    );
  });

  test('the sentence says which case it is', () => {
    expect(sentence(analyse(FUNCTIONS.relu, 0), 'relu(x)')).toContain('subdifferential');
    expect(sentence(analyse(FUNCTIONS.minimum, 0), 'min(x, 0)')).toContain('not convex');
    expect(sentence(analyse(FUNCTIONS.minimum, 0), 'min(x, 0)')).toContain('Clarke');
    expect(sentence(analyse(FUNCTIONS.relu, 0.5), 'relu(x)')).toContain('differentiable: its slope is 1');
  });
});

describe('a typed expression', () => {
  test('compiles to engine ops, and is analysed like the built-in functions', () => {
    const compiled = compileExpression('max(x, 0) - 0.5*abs(x - 1)');
    if (!('fn' in compiled)) throw compiled.error;
    const a = analyse(compiled.fn, 1);
    expect([a.left, a.right, a.atKink]).toEqual([1.5, 0.5, true]);
    expect(a.supported).toBe(false);
    expect(analyse(compiled.fn, 0).programs[0].picks).toEqual({ pytorch: 0.5 + 0.5, jax: 0.5 + 0.5, flux: 0 + 0.5 });
  });

  test('a constant is a flat line', () => {
    const compiled = compileExpression('3');
    if (!('fn' in compiled)) throw compiled.error;
    expect(analyse(compiled.fn, 0.5)).toMatchObject({ value: 3, left: 0, right: 0 });
  });

  test('errors carry the column: another variable, a syntax error', () => {
    const other = compileExpression('relu(x) + y');
    expect('error' in other && other.error.message).toBe('column 11: the only variable is x; "y" is not defined.');
    const syntax = compileExpression('relu(x');
    expect('error' in syntax && syntax.error.column).toBe(7);
  });
});

test('numbers print with a real minus, ∞ and NaN; x snaps to the grid inside the window', () => {
  expect([formatNumber(-0.5), formatNumber(Infinity), formatNumber(-Infinity), formatNumber(Number.NaN), formatNumber(1 / 3)]).toEqual([
    '−0.5',
    '∞',
    '−∞',
    'NaN',
    '0.3333',
  ]);
  expect([snap(0.0333), snap(-7), snap(0.999999), snap(-0.01)]).toEqual([0.05, -2, 1, 0]);
  expect(Object.is(snap(-0.01), -0)).toBe(false);
});
