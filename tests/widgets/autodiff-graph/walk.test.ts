// Stepping by diffs: what changedAt says a step changes, and the frame a walk updates in
// place, against frameAt recomputed from scratch at every step, for random formulas.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type Graph, buildGraph } from '../../../src/widgets/autodiff-graph/model.ts';
import {
  type Frame,
  MODES,
  type Mode,
  changedAt,
  currentAt,
  frameAt,
  stepCount,
  walk,
} from '../../../src/widgets/autodiff-graph/stepper.ts';

/** The nodes whose state (value, tangent, adjoint terms, finished flag, highlight) differs between two frames, ascending. */
function diff(graph: Graph, a: Frame, b: Frame): number[] {
  return graph.nodes
    .map((n) => n.id)
    .filter(
      (id) =>
        // Object.is: a NaN tangent (0·∞, e.g. x / relu(y) at y < 0) that stays NaN is no change.
        !Object.is(a.values[id], b.values[id]) ||
        !Object.is(a.tangents[id], b.tangents[id]) ||
        a.done[id] !== b.done[id] ||
        (a.current === id) !== (b.current === id) ||
        a.terms[id]!.length !== b.terms[id]!.length ||
        a.terms[id]!.some((t, k) => t !== b.terms[id]![k]),
    );
}
const sorted = (ids: readonly number[]) => [...ids].sort((x, y) => x - y);

// Random formulas in x and y, with the shapes that make stepping interesting: fan-out (a
// variable read many times), an op reading one node twice (x·x), constants, kinks, binary
// functions. Values do not matter here, so nothing needs to be smooth.
const leaf = fc.constantFrom('x', 'y', '2', '0.5');
const formula = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/'), tie('e')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    tie('e').map((a) => `(${a}) * (${a})`),
    fc.tuple(fc.constantFrom('sin', 'tanh', 'relu', 'abs', 'exp'), tie('e')).map(([fn, a]) => `${fn}(${a})`),
    fc.tuple(fc.constantFrom('max', 'min'), tie('e'), tie('e')).map(([fn, a, b]) => `${fn}(${a}, ${b})`),
    tie('e').map((a) => `-(${a})`),
  ),
})).e;
const uses = (src: string, v: string) => new RegExp(`\\b${v}\\b`).test(src);
const graphOf = (src: string) => buildGraph(src, ['x=0.5', 'y=-1.5'].filter((p) => uses(src, p[0]!)).join(', '));
const usable = (src: string) => uses(src, 'x') || uses(src, 'y');
const seedArb = fc.tuple(fc.constantFrom(0, 1, -2, 0.5), fc.constantFrom(0, 1, 3));

describe('changedAt: what one step changes', () => {
  test('the survey example in reverse mode: the seed, then each push moves the highlight and reaches the inputs', () => {
    const g = buildGraph('ln(x1) + x1*x2 - sin(x2)', 'x1=2, x2=5');
    expect(changedAt(g, 'adjoint', 0)).toEqual([6]); // ȳ = 1 on v₅
    // v₅, seeded and highlighted, pushes to v₃ and v₄: the highlight stays where it was.
    expect(changedAt(g, 'adjoint', 1)).toEqual([4, 5]);
    expect(changedAt(g, 'adjoint', 2)).toEqual([6, 5, 1]); // v₄ = sin(v₀) pushes to v₀
    expect(changedAt(g, 'adjoint', stepCount(g, 'adjoint'))).toEqual([]);
    expect(changedAt(g, 'primal', 1)).toEqual([2, 3]);
    expect(changedAt(buildGraph('x*x', 'x=3'), 'adjoint', 1)).toEqual([0]); // one node, two terms
  });

  test('equals a full recompute (a diff of frameAt at k and k + 1) at every step of every mode', () => {
    fc.assert(
      fc.property(formula.filter(usable), seedArb, (src, seedPair) => {
        const g = graphOf(src);
        const seed = seedPair.slice(0, g.variables.length);
        for (const mode of MODES) {
          let before = frameAt(g, mode, 0, seed);
          for (let k = 0; k < stepCount(g, mode); k++) {
            const after = frameAt(g, mode, k + 1, seed);
            expect(sorted(changedAt(g, mode, k)), `${src}, ${mode}, step ${k}`).toEqual(diff(g, before, after));
            before = after;
          }
        }
      }),
      { numRuns: 120 },
    );
  });
});

describe('walk: a frame updated in place', () => {
  test('after any sequence of moves it equals frameAt, and each move reports what changed', () => {
    const move = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(1, -1) }, { weight: 1, arbitrary: fc.constantFrom(0, 3, -5, 99, -99) });
    fc.assert(
      fc.property(
        formula.filter(usable),
        fc.constantFrom<Mode>(...MODES),
        fc.nat(30),
        fc.array(move, { maxLength: 60 }),
        seedArb,
        (src, mode, start, moves, seedPair) => {
          const g = graphOf(src);
          const seed = seedPair.slice(0, g.variables.length);
          const w = walk(g, mode, start, seed);
          expect(w.frame).toEqual(frameAt(g, mode, start, seed));
          for (const by of moves) {
            const from = w.frame.step;
            const changed = w.to(from + by);
            const to = w.frame.step;
            const whole = frameAt(g, mode, to, seed);
            expect(w.frame, `${src}, ${mode}: ${from} → ${to}`).toEqual(whole);
            if (to === from) expect(changed).toEqual([]);
            else if (Math.abs(to - from) === 1) expect(sorted(changed!)).toEqual(diff(g, frameAt(g, mode, from, seed), whole));
            else expect(changed).toBeNull();
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  test('a walk back to the start leaves no trace of the way out (terms popped, flags cleared)', () => {
    const g = buildGraph('sin(x*y) + x*x', 'x=0.5, y=2');
    const w = walk(g, 'adjoint', 0, [1, 0]);
    const steps = stepCount(g, 'adjoint');
    for (let s = 1; s <= steps; s++) w.to(s);
    expect(w.frame.done.filter((d, id) => d && g.nodes[id]!.kind !== 'const').length).toBe(
      g.nodes.filter((n) => n.kind !== 'const').length,
    );
    for (let s = steps - 1; s >= 0; s--) w.to(s);
    expect(w.frame).toEqual(frameAt(g, 'adjoint', 0, [1, 0]));
    expect(w.frame.terms.every((t) => t.length === 0)).toBe(true);
  });
});

describe('currentAt: the node a step highlights, without stepping', () => {
  test("is frameAt's highlight at every step of every mode, and null outside the steps", () => {
    fc.assert(
      fc.property(formula.filter(usable), (src) => {
        const g = graphOf(src);
        for (const mode of MODES) {
          const steps = stepCount(g, mode);
          for (let s = 0; s <= steps; s++)
            expect(currentAt(g, mode, s), `${src}, ${mode}, step ${s}`).toBe(
              frameAt(
                g,
                mode,
                s,
                g.variables.map(() => 1),
              ).current,
            );
          expect(currentAt(g, mode, -1)).toBeNull();
          expect(currentAt(g, mode, steps + 1)).toBeNull();
        }
      }),
      { numRuns: 80 },
    );
  });
});
