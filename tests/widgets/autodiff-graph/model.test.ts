// The graph read off the engine's tape, and the three steppers, against the engine
// (trace adjoints, jvp tangents) and central differences, for the survey's example and for
// random formulas.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type Tensor, jvp, tensor, withConvention } from '../../../src/autodiff/index.ts';
import { type Expr, type Step, compile, parseExpression } from '../../../src/widgets/expression.ts';
import { GraphInputError, buildGraph } from '../../../src/widgets/autodiff-graph/model.ts';
import { adjointOf, adjointTerms, frameAt, stepCount, tangents } from '../../../src/widgets/autodiff-graph/stepper.ts';

const SURVEY = 'ln(x1) + x1*x2 - sin(x2)';

describe('the survey example, f(x1, x2) = ln(x1) + x1·x2 − sin(x2) at (2, 5)', () => {
  const g = buildGraph(SURVEY, 'x1=2, x2=5');

  test('nodes: two inputs v₋₁ v₀, five ops v₁…v₅, in the engine’s order', () => {
    expect(g.nodes.map((n) => n.name)).toEqual(['v₋₁', 'v₀', 'v₁', 'v₂', 'v₃', 'v₄', 'v₅']);
    expect(g.nodes.map((n) => n.op)).toEqual(['input', 'input', 'log', 'mul', 'add', 'sin', 'sub']);
    expect(g.nodes.map((n) => n.definition)).toEqual(['x1', 'x2', 'ln(v₋₁)', 'v₋₁ · v₀', 'v₁ + v₂', 'sin(v₀)', 'v₃ − v₄']);
    expect(g.output).toBe(6);
    expect(g.value).toBeCloseTo(11.652, 3);
  });

  test('x1 is one node with two out-edges (ln and ×), as is x2 (× and sin)', () => {
    expect(g.edges.filter((e) => e.from === 0).map((e) => g.nodes[e.to]!.op)).toEqual(['log', 'mul']);
    expect(g.edges.filter((e) => e.from === 1).map((e) => g.nodes[e.to]!.op)).toEqual(['mul', 'sin']);
    expect(g.edges).toHaveLength(8);
  });

  test('local partials on the edges: ∂v₁/∂v₋₁ = 1/2, ∂v₂/∂v₋₁ = 5, ∂v₂/∂v₀ = 2, ∂v₄/∂v₀ = cos 5', () => {
    expect(g.nodes[2]!.partials).toEqual([0.5]);
    expect(g.nodes[3]!.partials).toEqual([5, 2]);
    expect(g.nodes[5]!.partials[0]).toBeCloseTo(Math.cos(5), 15);
    expect(g.nodes[6]!.partials).toEqual([1, -1]);
  });

  test('forward mode with ẋ = e₁ gives 5.5 = ∂f/∂x1; reverse mode gives the whole gradient (5.5, 1.7163)', () => {
    expect(tangents(g, [1, 0])[6]).toBe(5.5);
    expect(tangents(g, [0, 1])[6]).toBeCloseTo(2 - Math.cos(5), 14);
    const terms = adjointTerms(g);
    expect(adjointOf(g, g.nodes[0]!, terms[0]!)).toBe(5.5);
    expect(adjointOf(g, g.nodes[1]!, terms[1]!)).toBeCloseTo(2 - Math.cos(5), 14);
    expect(g.gradient[0]).toBe(5.5);
  });

  test('reverse mode accumulates at fan-out, term by term: v̄₋₁ = v̄₁·(1/2) + v̄₂·5, arriving in that order', () => {
    const steps = stepCount(g, 'adjoint');
    expect(steps).toBe(6);
    // Step 1 seeds ȳ; then v₅, v₄, v₃ push; at step 5 v₂ sends its term to v₋₁; v₁'s has not arrived yet.
    const mid = frameAt(g, 'adjoint', 5, [1, 0]);
    expect(mid.current).toBe(3);
    expect(mid.terms[0]!.map((t) => [t.child, t.value])).toEqual([[3, 5]]);
    expect(mid.done[0]).toBe(false);
    expect(mid.done[1]).toBe(true); // v₀'s two children, sin and ×, have both pushed
    const end = frameAt(g, 'adjoint', steps, [1, 0]);
    expect(end.terms[0]!.map((t) => [t.child, t.value])).toEqual([
      [3, 5],
      [2, 0.5],
    ]);
    expect(end.done.every((d) => d)).toBe(true);
  });

  test('primal frames fill values in evaluation order; back is the same frame one step earlier', () => {
    const f2 = frameAt(g, 'primal', 2, [1, 0]);
    expect(f2.values.map((v) => v !== null)).toEqual([true, true, true, true, false, false, false]);
    expect(f2.current).toBe(3);
    expect(f2.active).toEqual([
      [0, 3],
      [1, 3],
    ]);
    expect(frameAt(g, 'primal', 99, [1, 0]).step).toBe(5);
    expect(frameAt(g, 'primal', -3, [1, 0]).current).toBeNull();
  });
});

describe('the tape, not a re-implementation', () => {
  test('constants are nodes; pow with a literal exponent folds it, as the engine records it', () => {
    const g = buildGraph('3*x + x^2', 'x=2');
    expect(g.nodes.map((n) => n.op)).toEqual(['input', 'const', 'mul', 'pow', 'add']);
    expect(g.nodes[3]!.symbol).toBe('^2');
    expect(g.nodes[3]!.partials).toEqual([4]);
    expect(g.gradient[0]).toBe(7);
  });

  test('f = x is a single input node that is its own output', () => {
    const g = buildGraph('x', 'x=1');
    expect(g.nodes).toHaveLength(1);
    expect(g.output).toBe(0);
    expect(stepCount(g, 'primal')).toBe(0);
  });

  test('bad input says which text and which column', () => {
    const at = (f: string, p: string) => {
      try {
        buildGraph(f, p);
      } catch (e) {
        if (e instanceof GraphInputError) return [e.which, e.error.column, e.message];
      }
      return null;
    };
    expect(at('ln(x1', 'x1=1')).toEqual(['f', 6, 'f: column 6: expected ")" to close ln(, found the end.']);
    expect(at('x + y', 'x=1')?.slice(0, 2)).toEqual(['f', 5]);
    expect(at('x', 'x=1 y')?.slice(0, 2)).toEqual(['at', 5]);
  });
});

describe('kinks are marked with the convention the engine used', () => {
  test('relu at 0, abs at 0 (PyTorch 0, JAX 1), a max tie (½, ½; Flux 0, 1)', () => {
    const g = buildGraph('relu(x) + abs(x) + max(x, y)', 'x=0, y=0');
    const kinks = g.nodes.filter((n) => n.kink).map((n) => [n.op, n.kink!.used]);
    expect(kinks).toEqual([
      ['relu', 'the engine uses 0 (PyTorch convention)'],
      ['abs', 'the engine uses 0 (PyTorch convention)'],
      ['maximum', 'the engine uses (0.5, 0.5) (PyTorch convention)'],
    ]);
    const jax = withConvention('jax', () => buildGraph('abs(x)', 'x=0'));
    expect(jax.nodes[1]!.kink!.used).toBe('the engine uses 1 (JAX convention)');
    expect(jax.nodes[1]!.partials).toEqual([1]);
    const flux = withConvention('flux', () => buildGraph('max(x, y)', 'x=1, y=1'));
    expect(flux.nodes[2]!.partials).toEqual([0, 1]);
    expect(buildGraph('relu(x)', 'x=1').nodes[1]!.kink).toBeUndefined();
  });
});

// Random smooth formulas in x and y, over operations that are defined everywhere on the
// sampled box, so that central differences are a fair oracle.
const leaf = fc.oneof(fc.constant('x'), fc.constant('y'), fc.constantFrom('2', '0.5', '3'));
const formula = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*'), tie('e')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `${a} / (1 + (${b})^2)`),
    fc.tuple(fc.constantFrom('sin', 'cos', 'tanh', 'sigmoid'), tie('e')).map(([fn, a]) => `${fn}(${a})`),
    tie('e').map((a) => `exp(tanh(${a}))`),
    tie('e').map((a) => `sqrt(1 + (${a})^2)`),
    tie('e').map((a) => `ln(2 + sin(${a}))`),
    tie('e').map((a) => `-(${a})`),
  ),
})).e;
const coordinate = fc.double({ min: -2, max: 2, noNaN: true });

/** Evaluate with plain numbers, adding `delta` to the result of one AST node (central differences of adjoints). */
function evalNum(e: Expr, env: Record<string, number>, bump: Expr | string | null, delta: number): number {
  const v = ((): number => {
    switch (e.kind) {
      case 'num':
        return e.value;
      case 'var':
        return env[e.name]! + (bump === e.name ? delta : 0);
      case 'neg':
        return -evalNum(e.arg, env, bump, delta);
      case 'binary': {
        const a = evalNum(e.left, env, bump, delta);
        const b = evalNum(e.right, env, bump, delta);
        return e.op === '+' ? a + b : e.op === '-' ? a - b : e.op === '*' ? a * b : e.op === '/' ? a / b : a ** b;
      }
      case 'call': {
        const [a] = e.args.map((x) => evalNum(x, env, bump, delta)) as [number];
        const fns: Record<string, (t: number) => number> = {
          sin: Math.sin,
          cos: Math.cos,
          tanh: Math.tanh,
          sigmoid: (t) => 1 / (1 + Math.exp(-t)),
          exp: Math.exp,
          sqrt: Math.sqrt,
          ln: Math.log,
        };
        return fns[e.fn]!(a);
      }
    }
  })();
  return bump === e ? v + delta : v;
}

const close = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol * (1 + Math.abs(b));

describe('random formulas: every node’s tangent and adjoint equals the engine and central differences', () => {
  test('fast-check', () => {
    fc.assert(
      fc.property(formula, coordinate, coordinate, coordinate, coordinate, (src, x, y, sx, sy) => {
        const vars = ['x', 'y'].filter((v) => new RegExp(`\\b${v}\\b`).test(src));
        if (vars.length === 0) return;
        const env: Record<string, number> = { x, y };
        const g = buildGraph(src, vars.map((v) => `${v}=${env[v]}`).join(', '));
        const seedAll: Record<string, number> = { x: sx, y: sy };
        const seed = vars.map((v) => seedAll[v]!);
        const expr = parseExpression(src);
        const steps: Step[] = [];
        compile(expr, vars)(...vars.map((v) => tensor(env[v]!)));
        compile(expr, vars, steps)(...vars.map((v) => tensor(env[v]!)));
        const tan = tangents(g, seed);
        const terms = adjointTerms(g);
        const h = 1e-6;
        // Op nodes: tangent = engine jvp of that sub-formula; adjoint = engine trace and central difference.
        g.order.forEach((id, k) => {
          const node = g.nodes[id]!;
          const sub = compile(steps[k]!.expr, vars);
          const engineTan = jvp(
            (...a: Tensor[]) => sub(...a),
            vars.map((v) => tensor(env[v]!)),
            seed.map((s) => tensor(s)),
          ).tangent.item();
          expect(close(tan[id]!, engineTan, 1e-9), `${src}: tangent of ${node.name}`).toBe(true);
          const mine = adjointOf(g, node, terms[id]!);
          expect(close(mine, node.adjoint, 1e-9), `${src}: adjoint of ${node.name} vs trace`).toBe(true);
          const fd = (evalNum(expr, env, steps[k]!.expr, h) - evalNum(expr, env, steps[k]!.expr, -h)) / (2 * h);
          expect(close(mine, fd, 1e-4), `${src}: adjoint of ${node.name} vs central difference ${fd}`).toBe(true);
        });
        // Inputs: adjoint = gradient entry = central difference; tangent = seed.
        vars.forEach((v, i) => {
          const node = g.nodes.find((n) => n.kind === 'input' && n.arg === i)!;
          const mine = adjointOf(g, node, terms[node.id]!);
          expect(close(mine, g.gradient[i]!, 1e-9)).toBe(true);
          const fd = (evalNum(expr, env, v, h) - evalNum(expr, env, v, -h)) / (2 * h);
          expect(close(mine, fd, 1e-4), `${src}: ∂f/∂${v} vs central difference ${fd}`).toBe(true);
          expect(tan[node.id]).toBe(seed[i]);
        });
        // The output's tangent is the directional derivative ∇f·ẋ.
        const directional = g.gradient.reduce((a, gi, i) => a + gi * seed[i]!, 0);
        expect(close(tan[g.output]!, directional, 1e-9)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
