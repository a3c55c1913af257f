// Every formula and number of "Forward and reverse mode: one chain rule, two orders",
// checked against the engine (the graph it records, jvp, vjp, gradient) and central
// differences. The first test fails when the post gains a display or a table this file
// does not check.
import { describe, expect, it } from 'vitest';
import { type Tensor, add, cos, div, index, jacobian, jvp, log, mul, sin, sub, tensor, vjp } from '../../src/autodiff/index.ts';
import { buildGraph } from '../../src/widgets/autodiff-graph/model.ts';
import { adjointOf, adjointTerms, tangents } from '../../src/widgets/autodiff-graph/stepper.ts';
import { iterates } from '../../src/widgets/dual-sqrt/core.ts';
import { central, readPost } from './post.ts';

const post = readPost('content/posts/forward-and-reverse-mode.md');
const squash = (s: string) => s.replace(/\s+/g, ' ');
const f = (x1: number, x2: number) => Math.log(x1) + x1 * x2 - Math.sin(x2);
const graph = buildGraph('ln(x1) + x1*x2 - sin(x2)', 'x1=2, x2=5');
/** As the post prints numbers: four significant digits, a real minus sign. */
const four = (x: number) => String(Number(x.toPrecision(4))).replace('-', '−');

describe('the post “Forward and reverse mode”', () => {
  it('has exactly the displays and the table this test checks', () => {
    const displays = post.displays.map(squash);
    expect(displays).toEqual([
      'f(x_1, x_2) = \\ln x_1 + x_1 x_2 - \\sin x_2 \\quad \\text{at} \\quad (x_1, x_2) = (2, 5).',
      '\\dot v_j = \\sum_{i \\to j} \\pd{v_j}{v_i} \\, \\dot v_i .',
      '\\bar v_i = \\sum_{j \\,:\\, i \\to j} \\bar v_j \\, \\pd{v_j}{v_i} .',
      "(a + b\\varepsilon)(c + d\\varepsilon) = ac + (ad + bc)\\,\\varepsilon, \\qquad g(a + b\\varepsilon) = g(a) + g'(a)\\, b\\, \\varepsilon ,",
      't \\leftarrow \\tfrac12 \\left( t + \\frac{x}{t} \\right)',
    ]);
    expect(post.tables).toHaveLength(1);
    expect(post.source).toContain('::autodiff-graph[');
    expect(post.source).toContain('{f="ln(x1) + x1*x2 - sin(x2)" at="x1=2, x2=5" mode=adjoint}');
    expect(post.source).toContain('{x=2 iterations=6}');
  });

  it('the trace table: every definition, value, tangent (ẋ = e₁) and adjoint is the engine’s', () => {
    const [header, ...rows] = post.tables[0]!;
    expect(header).toEqual(['node', 'definition', 'primal value', 'tangent, $\\dot x = (1, 0)$', 'adjoint']);
    const latex: Record<string, string> = {
      'v₋₁': '$v_{-1}$',
      'v₀': '$v_0$',
      'v₁': '$v_1$',
      'v₂': '$v_2$',
      'v₃': '$v_3$',
      'v₄': '$v_4$',
      'v₅': '$v_5$',
    };
    // The engine's definitions, in the survey's notation as the post writes them.
    const definitions: Record<string, string> = {
      x1: '$x_1$',
      x2: '$x_2$',
      'ln(v₋₁)': '$\\ln v_{-1}$',
      'v₋₁ · v₀': '$v_{-1} \\times v_0$',
      'v₁ + v₂': '$v_1 + v_2$',
      'sin(v₀)': '$\\sin v_0$',
      'v₃ − v₄': '$v_3 - v_4$',
    };
    const tan = tangents(graph, [1, 0]);
    const terms = adjointTerms(graph);
    expect(rows).toHaveLength(graph.nodes.length);
    graph.nodes.forEach((node, i) => {
      expect(rows[i]).toEqual([
        latex[node.name],
        definitions[node.definition],
        four(node.value),
        four(tan[node.id]!),
        four(adjointOf(graph, node, terms[node.id]!)),
      ]);
      expect(adjointOf(graph, node, terms[node.id]!)).toBeCloseTo(node.adjoint, 14);
    });
  });

  it('the partials: 5.5 by forward mode with ẋ = (1, 0); 2 − cos 5 ≈ 1.716 with ẋ = (0, 1); both by central differences', () => {
    expect(tangents(graph, [1, 0])[graph.output]).toBe(5.5);
    expect(tangents(graph, [0, 1])[graph.output]).toBeCloseTo(2 - Math.cos(5), 14);
    expect(four(2 - Math.cos(5))).toBe('1.716');
    expect(graph.gradient).toEqual([5.5, 2 - Math.cos(5)]);
    expect(central((x) => f(x, 5), 2)).toBeCloseTo(5.5, 8);
    expect(central((x) => f(2, x), 5)).toBeCloseTo(2 - Math.cos(5), 8);
    for (const text of ['\\dot v_5 = 5.5 = \\partial f / \\partial x_1', '\\partial f / \\partial x_2 = 2 - \\cos 5 \\approx 1.716']) {
      expect(post.inline).toContain(text);
    }
  });

  it('a seed that is not a unit vector: ẋ = (2, 1) gives the directional derivative 2·5.5 + 1.716 ≈ 12.72', () => {
    const x = [tensor(2), tensor(5)];
    const { tangent } = jvp((x1: Tensor, x2: Tensor) => sub(add(log(x1), mul(x1, x2)), sin(x2)), x, [tensor(2), tensor(1)]);
    expect(tangent.item()).toBeCloseTo(2 * 5.5 + (2 - Math.cos(5)), 12);
    expect(tangents(graph, [2, 1])[graph.output]).toBeCloseTo(tangent.item(), 12);
    // Central differences along the direction.
    expect(central((t) => f(2 + 2 * t, 5 + t), 0)).toBeCloseTo(tangent.item(), 6);
    expect(four(tangent.item())).toBe('12.72');
    expect(post.inline).toContain('2 \\cdot 5.5 + 1.716 \\approx 12.72');
  });

  it('the product’s tangent rule, v̇₂ = v̇₋₁ v₀ + v₋₁ v̇₀, is the engine’s jvp', () => {
    expect(post.inline).toContain('\\dot v_2 = \\dot v_{-1} v_0 + v_{-1} \\dot v_0');
    for (const [a, b, da, db] of [
      [2, 5, 1, 0],
      [2, 5, 0.3, -1.2],
    ] as const) {
      const { tangent } = jvp((u: Tensor, v: Tensor) => mul(u, v), [a, b], [da, db]);
      expect(tangent.item()).toBeCloseTo(da * b + a * db, 14);
    }
  });

  it('fan-out: v₋₁ first receives v̄₂·v₀ = 5, then v̄₁/v₋₁ = 0.5, and v̄₋₁ = 5.5; the adjoint of x2 is ≈ 1.716', () => {
    expect(terms().map((t) => [graph.nodes[t.child]!.name, t.value])).toEqual([
      ['v₂', 5],
      ['v₁', 0.5],
    ]);
    for (const text of [
      '\\bar v_2 \\cdot v_0 = 5',
      '\\bar v_1 / v_{-1} = 0.5',
      '\\bar v_{-1} = 5.5',
      '\\bar v_5 = 1',
      '\\bar x_1 = 5.5',
      '\\bar x_2 \\approx 1.716',
    ]) {
      expect(post.inline).toContain(text);
    }
    function terms() {
      return adjointTerms(graph)[0]!;
    }
  });

  it('forward passes give columns of the Jacobian, reverse passes rows', () => {
    // F: R³ → R², an arbitrary smooth example.
    const F = (x: Tensor) => {
      const [a, b, c] = [0, 1, 2].map((i) => index(x, i));
      return add(mul(tensor([1, 0]), mul(sin(a!), b!)), mul(tensor([0, 1]), div(log(add(c!, 3)), add(a!, 2))));
    };
    const x = [0.3, -0.7, 1.1];
    const J = jacobian(F, x).toArray() as number[][];
    for (let i = 0; i < 3; i++) {
      const column = jvp(F, [x], [[0, 1, 2].map((j) => (j === i ? 1 : 0))]).tangent.toArray() as number[];
      column.forEach((v, r) => {
        expect(v).toBeCloseTo(J[r]![i]!, 14);
      });
    }
    const { pullback } = vjp(F, tensor(x));
    for (let r = 0; r < 2; r++) {
      const [row] = pullback(tensor([0, 1].map((k) => (k === r ? 1 : 0)))) as [Tensor];
      (row.toArray() as number[]).forEach((v, i) => {
        expect(v).toBeCloseTo(J[r]![i]!, 14);
      });
    }
    for (const text of ['J \\dot x', '\\bar y\\T J', 'm = 1']) expect(post.inline).toContain(text);
  });

  it('numerical differentiation: the one-sided difference with h = 10⁻⁸ loses more than 10⁻¹⁰; central differences are O(h²)', () => {
    const h = 1e-8;
    const oneSided = (f(2 + h, 5) - f(2, 5)) / h;
    expect(Math.abs(oneSided - 5.5)).toBeGreaterThan(1e-10);
    expect(Math.abs(oneSided - 5.5)).toBeLessThan(1e-6); // about half of the 16 digits survive
    // Truncation: halving h quarters the central error, halves the one-sided one (in the regime where rounding is negligible).
    const g = (x: number) => f(x, 5);
    const exact = 0.5 + 5;
    const c1 = Math.abs((g(2 + 1e-2) - g(2 - 1e-2)) / 2e-2 - exact);
    const c2 = Math.abs((g(2 + 5e-3) - g(2 - 5e-3)) / 1e-2 - exact);
    expect(c1 / c2).toBeCloseTo(4, 1);
    const o1 = Math.abs((g(2 + 1e-2) - g(2)) / 1e-2 - exact);
    const o2 = Math.abs((g(2 + 5e-3) - g(2)) / 5e-3 - exact);
    expect(o1 / o2).toBeCloseTo(2, 1);
    expect(post.inline).toContain('h = 10^{-8}');
    expect(post.inline).toContain('10^{-10}');
  });

  it('dual numbers: the product rule and g(a + bε) = g(a) + g′(a) b ε are what the engine’s forward mode computes', () => {
    const { value, tangent } = jvp((u: Tensor, v: Tensor) => mul(u, v), [1.5, -2], [0.25, 3]);
    expect(value.item()).toBe(1.5 * -2);
    expect(tangent.item()).toBe(1.5 * 3 + 0.25 * -2);
    const s = jvp((u: Tensor) => sin(u), [0.7], [2]);
    expect(s.tangent.item()).toBeCloseTo(Math.cos(0.7) * 2, 15);
    const c = jvp((u: Tensor) => cos(sub(u, 1)), [0.7], [2]);
    expect(c.tangent.item()).toBeCloseTo(-Math.sin(-0.3) * 2, 15);
  });

  it('the Babylonian iterates for x = 2, as the text quotes them', () => {
    const its = iterates(2, 6);
    expect(its[3]!.dt.toPrecision(5)).toBe('0.35357');
    expect((1 / (2 * Math.SQRT2)).toPrecision(6)).toBe('0.353553');
    expect(its[3]!.dError.toPrecision(2)).toBe('0.000013');
    expect(its[5]!.error.toPrecision(2)).toBe('2.2e-16');
    expect(its[5]!.dError).toBe(0);
    // The error of t roughly squares at each step (Newton's method): e_{k+1} ≈ C·e_k², C ≈ 1/(2√2).
    for (let k = 1; k <= 3; k++) {
      const ratio = its[k + 1]!.error / its[k]!.error ** 2;
      expect(ratio).toBeGreaterThan(0.25);
      expect(ratio).toBeLessThan(0.4);
    }
    // The ε-part's own recursion, as the post writes it, reproduces the engine's.
    let t = 1;
    let dt = 0;
    for (const it of its.slice(1)) {
      [t, dt] = [(t + 2 / t) / 2, (dt + (t - 2 * dt) / t ** 2) / 2];
      expect(it.dt).toBeCloseTo(dt, 14);
    }
    for (const text of [
      '0.35357',
      '1/(2\\sqrt 2) \\approx 0.353553',
      '1.3 \\times 10^{-5}',
      '2.2 \\times 10^{-16}',
      '\\dot t \\leftarrow \\tfrac12 \\left( \\dot t + \\frac{t - x \\dot t}{t^2} \\right)',
    ]) {
      expect(post.inline).toContain(text);
    }
  });
});
