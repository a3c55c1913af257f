// Every formula, worked number and listing of "The chain rule, by hand and by machine",
// checked against the engine and central finite differences. The first tests read the post
// and fail when it gains a numbered equation, a display, a table row or a listing that this
// file does not check.
import { describe, expect, it } from 'vitest';
import { add, gradient, mul, pow, relu, rng, sub, subdifferential, valueAndGradient, withConvention } from '../../src/autodiff/index.ts';
import { central, needsPython, readPost, relErr, runListing, runPython } from './post.ts';

const post = readPost('content/posts/chain-rule-by-hand.md');
const squash = (s: string) => s.replace(/\s+/g, ' ');

// The formulas as the post states them, evaluated with plain numbers (no engine).
const reluPrime = (z: number) => (z > 0 ? 1 : 0); // 1 for z > 0, 0 for z < 0; 0 at the kink (footnote)
const byHand = (w: number, b: number, x: number, y: number) => {
  const z = w * x + b; // (1)
  const a = Math.max(z, 0); // (2)
  const L = 0.5 * (a - y) ** 2; // (3)
  const dLda = a - y,
    dadz = reluPrime(z),
    dzdw = x;
  return { z, a, L, aBar: dLda, w: dLda * dadz * dzdw, b: dLda * dadz };
};
// The network through the engine.
const L = (w: number, b: number, x: number, y: number) =>
  valueAndGradient((w, b) => mul(0.5, pow(sub(relu(add(mul(w, x), b)), y), 2)), w, b);

/** Random problems with z at least 0.05 away from the kink, on both sides. */
const r = rng(7);
const problems = Array.from({ length: 40 }, () => {
  for (;;) {
    const [w, b, x, y] = [0, 0, 0, 0].map(() => 4 * r.uniform() - 2);
    if (Math.abs(w * x + b) > 0.05) return { w, b, x, y };
  }
});

describe('the post “The chain rule, by hand and by machine”', () => {
  it('has exactly the numbered equations, displays and listings this test checks', () => {
    expect(post.labels).toEqual(['eq:affine', 'eq:activation', 'eq:loss', 'eq:chain']);
    const displays = post.displays.map(squash);
    expect(displays).toHaveLength(3);
    expect(displays[0]).toContain('z &= w x + b');
    expect(displays[0]).toContain('a &= \\relu(z)');
    expect(displays[0]).toContain('L &= \\tfrac12 (a - y)^2');
    expect(displays[1]).toContain('\\pd{L}{w} = \\pd{L}{a} \\cdot \\pd{a}{z} \\cdot \\pd{z}{w}');
    expect(displays[2]).toContain("\\pd{L}{w} &= (a - y)\\,\\relu'(z)\\,x");
    expect(displays[2]).toContain("\\pd{L}{b} &= (a - y)\\,\\relu'(z).");
    expect(post.code.map((c) => c.lang)).toEqual(['python', 'ts']);
    expect(post.tables).toHaveLength(1);
    // Inline math: the symbols, the local derivatives (checked below) and the worked numbers (the table test).
    expect(post.inline).toEqual([
      'x \\in \\R',
      'w',
      'b',
      'y',
      'z',
      'a',
      'L(a(z(w)))',
      '\\eqref{eq:loss}',
      '\\partial L / \\partial a = a - y',
      '\\eqref{eq:activation}',
      "\\partial a / \\partial z = \\relu'(z)",
      '1',
      'z > 0',
      '0',
      'z < 0',
      '\\eqref{eq:affine}',
      '\\partial z / \\partial w = x',
      "(a-y)\\,\\relu'(z)",
      '\\eqref{eq:chain}',
      'v',
      '\\bar v = \\partial L / \\partial v',
      '\\bar L = 1',
      'w = 0.5',
      'b = 0.1',
      'x = 2',
      'y = 0.5',
      '1.1',
      '0.5 \\cdot 2 + 0.1',
      'L',
      '0.18',
      '\\tfrac12 (0.6)^2',
      '\\bar a',
      '0.6',
      'a - y',
      '\\bar w',
      '1.2',
      '0.6 \\cdot 1 \\cdot 2',
      '\\bar b',
      '0.6 \\cdot 1',
      'z = 0',
      '[0, 1]',
    ]);
    // The local derivatives stated inline.
    for (const inline of [
      '$\\partial L / \\partial a = a - y$',
      "$\\partial a / \\partial z = \\relu'(z)$, which is $1$ for $z > 0$ and $0$ for\n$z < 0$",
      '$\\partial z / \\partial w = x$',
      "$(a-y)\\,\\relu'(z)$",
    ])
      expect(post.source).toContain(inline);
  });

  it('(1)–(3) and the local derivatives ∂L/∂a = a − y, ∂a/∂z = relu′(z), ∂z/∂w = x', () => {
    for (const { w, b, x, y } of problems) {
      const { z, a } = byHand(w, b, x, y);
      // ∂L/∂a = a − y, ∂a/∂z = relu′(z), ∂z/∂w = x (and ∂z/∂b = 1), each against engine and FD.
      const [dLda] = gradient((a) => mul(0.5, pow(sub(a, y), 2)), a);
      expect(dLda).toBeCloseTo(a - y, 14);
      expect(central((a) => 0.5 * (a - y) ** 2, a)).toBeCloseTo(a - y, 9);
      const [dadz] = gradient(relu, z);
      expect(dadz).toBe(reluPrime(z));
      expect(central((z) => Math.max(z, 0), z, 1e-3)).toBeCloseTo(reluPrime(z), 9);
      const [dzdw, dzdb] = gradient((w, b) => add(mul(w, x), b), w, b);
      expect(dzdw).toBeCloseTo(x, 15);
      expect(dzdb).toBe(1);
      expect(central((w) => w * x + b, w)).toBeCloseTo(x, 9);
      // The engine's forward pass is (1)–(3).
      expect(L(w, b, x, y).value).toBeCloseTo(byHand(w, b, x, y).L, 14);
    }
  });

  it('(4) and its two instances: ∂L/∂w = (a − y) relu′(z) x, ∂L/∂b = (a − y) relu′(z)', () => {
    let active = 0;
    for (const { w, b, x, y } of problems) {
      const hand = byHand(w, b, x, y);
      const {
        gradients: [gw, gb],
      } = L(w, b, x, y);
      expect(relErr(gw, hand.w, 1e-12)).toBeLessThan(1e-12);
      expect(relErr(gb, hand.b, 1e-12)).toBeLessThan(1e-12);
      const fdW = central((w) => byHand(w, b, x, y).L, w, 1e-6);
      const fdB = central((b) => byHand(w, b, x, y).L, b, 1e-6);
      expect(relErr(fdW, hand.w, 1e-6)).toBeLessThan(1e-7);
      expect(relErr(fdB, hand.b, 1e-6)).toBeLessThan(1e-7);
      if (hand.z > 0) active++;
    }
    expect(active).toBeGreaterThan(5); // both branches of relu′ were exercised
    expect(active).toBeLessThan(problems.length - 5);
  });

  it('the kink (footnote): relu′(0) = 0 in PyTorch and in JAX, from the subdifferential [0, 1]', () => {
    expect(subdifferential(relu, 0).interval).toEqual([0, 1]);
    // z = 0.5 · 2 − 1 = 0 exactly.
    for (const convention of ['pytorch', 'jax'] as const) {
      const { gradients } = withConvention(convention, () => L(0.5, -1, 2, 0.5));
      expect(gradients.map((g) => g + 0)).toEqual([0, 0]);
      expect(gradients.map((g) => g + 0)).toEqual([byHand(0.5, -1, 2, 0.5).w + 0, byHand(0.5, -1, 2, 0.5).b + 0]);
    }
  });

  it('the worked example: every number in the table, from its formula, the engine and finite differences', () => {
    const given = (name: string) => Number(post.source.match(new RegExp(`\\$${name} = (-?[\\d.]+)\\$`))![1]);
    const [w, b, x, y] = ['w', 'b', 'x', 'y'].map(given);
    expect([w, b, x, y]).toEqual([0.5, 0.1, 2, 0.5]);
    const hand = byHand(w, b, x, y);
    const engine = L(w, b, x, y);
    const [aBarEngine] = gradient((a) => mul(0.5, pow(sub(a, y), 2)), hand.a);
    const quantities: Record<string, { formula: number; engine?: number; fd?: number }> = {
      $z$: { formula: hand.z },
      $a$: { formula: hand.a },
      $L$: { formula: hand.L, engine: engine.value },
      '$\\bar a$': { formula: hand.aBar, engine: aBarEngine, fd: central((a) => 0.5 * (a - y) ** 2, hand.a) },
      '$\\bar w$': { formula: hand.w, engine: engine.gradients[0], fd: central((w) => byHand(w, b, x, y).L, w) },
      '$\\bar b$': { formula: hand.b, engine: engine.gradients[1], fd: central((b) => byHand(w, b, x, y).L, b) },
    };
    const [header, ...rows] = post.tables[0];
    expect(header).toEqual(['quantity', 'value', 'from']);
    expect(rows.map((row) => row[0])).toEqual(Object.keys(quantities));
    for (const [quantity, value, from] of rows) {
      const stated = Number(value.replace(/\$/g, ''));
      const q = quantities[quantity];
      expect(stated, quantity).toBeCloseTo(q.formula, 14);
      if (q.engine !== undefined) expect(q.engine, quantity).toBeCloseTo(stated, 14);
      if (q.fd !== undefined) expect(q.fd, quantity).toBeCloseTo(stated, 9);
      // The "from" column is arithmetic that must give the stated value (or the stated condition).
      if (from === '$z > 0$') {
        expect(hand.z).toBeGreaterThan(0);
        expect(stated).toBe(hand.z);
        continue;
      }
      const js = from
        .replace(/\$/g, '')
        .replace(/\\tfrac12/g, '(1/2)*')
        .replace(/\\cdot/g, '*')
        .replace(/\^/g, '**')
        .replace(/\s/g, '');
      expect(js, `${quantity}: ${from}`).toMatch(/^[\d.+\-*/()wbxyza]+$/);
      const evaluate = new Function('w', 'b', 'x', 'y', 'z', 'a', `return ${js}`);
      expect(evaluate(w, b, x, y, hand.z, hand.a), `${quantity}: ${from}`).toBeCloseTo(stated, 14);
    }
  });

  const [pythonListing, tsListing] = post.code.map((c) => c.text);

  it('the TypeScript listing returns ∂L/∂w and ∂L/∂b, as the formulas and the engine do', () => {
    const backward = runListing(tsListing, 'return backward;') as (x: number, y: number, w: number, b: number) => { w: number; b: number };
    const worked = backward(2, 0.5, 0.5, 0.1);
    expect(worked.w).toBeCloseTo(1.2, 14);
    expect(worked.b).toBeCloseTo(0.6, 14);
    for (const { w, b, x, y } of problems) {
      expect(backward(x, y, w, b).w + 0).toBe(byHand(w, b, x, y).w + 0);
      expect(backward(x, y, w, b).b + 0).toBe(byHand(w, b, x, y).b + 0);
      const [gw, gb] = L(w, b, x, y).gradients;
      expect(relErr(backward(x, y, w, b).w, gw, 1e-12)).toBeLessThan(1e-12);
      expect(relErr(backward(x, y, w, b).b, gb, 1e-12)).toBeLessThan(1e-12);
    }
    const kink = backward(2, 0.5, 0.5, -1); // z = 0: the kink, 0 as the footnote says
    expect([kink.w + 0, kink.b + 0]).toEqual([0, 0]);
  });

  it('the Python listing is, line by line, the chain rule', () => {
    for (const line of [
      'a_bar = a - y                      # dL/da',
      "z_bar = a_bar * (z > 0)            # relu'(0) = 0",
      'w_bar = z_bar * x                  # dz/dw = x',
      'b_bar = z_bar                      # dz/db = 1',
      'return L, w_bar, b_bar',
    ])
      expect(pythonListing).toContain(line);
  });

  it('the Python listing, run with python3, matches the hand derivation and the engine', (ctx) => {
    needsPython(ctx);
    const points = [...problems, { w: 0.5, b: 0.1, x: 2, y: 0.5 }, { w: 0.5, b: -1, x: 2, y: 0.5 }];
    const printed = runPython(
      pythonListing,
      `import json\nprint(json.dumps([loss_and_grads(*p) for p in ${JSON.stringify(points.map((p) => [p.w, p.b, p.x, p.y]))}]))`,
    );
    const results = JSON.parse(printed) as [number, number, number][];
    results.forEach(([l, gw, gb], i) => {
      const { w, b, x, y } = points[i];
      const hand = byHand(w, b, x, y);
      expect(l).toBeCloseTo(hand.L, 14);
      expect(gw).toBeCloseTo(hand.w, 14);
      expect(gb).toBeCloseTo(hand.b, 14);
      const engine = L(w, b, x, y);
      expect(gw).toBeCloseTo(engine.gradients[0], 13);
      expect(gb).toBeCloseTo(engine.gradients[1], 13);
    });
    expect(results.at(-2)!.map((v) => Math.round(v * 1e12) / 1e12)).toEqual([0.18, 1.2, 0.6]);
  });
});
