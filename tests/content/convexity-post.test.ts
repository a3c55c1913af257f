// Every formula, table cell and claim of "Convexity and shallow networks", checked with the
// engine: convexity by the chord inequality on grids and by the sign of the engine's second
// derivative, the (uv − 1)² example, and the figure's claims from the loss-slice core. The
// first test fails when the post gains math, a table or a figure this file does not check.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Tensor,
  abs,
  add,
  gradient,
  hardtanh,
  hessian,
  leakyRelu,
  minimum,
  mul,
  neg,
  relu,
  sigmoid,
  sub,
  tanh,
  tensor,
  index,
} from '../../src/autodiff/index.ts';
import { ACTIVATIONS, lossSlice, valueNear } from '../../src/widgets/loss-slice/core.ts';
import { readPost } from './post.ts';

const post = readPost('content/posts/convexity-and-shallow-networks.md');
const squash = (s: string) => s.replace(/\s+/g, ' ');
const prose = squash(post.source);
const at = (f: (x: Tensor) => Tensor, x: number) => f(tensor(x)).item();
const GRID = Array.from({ length: 161 }, (_, i) => -4 + i / 20);

/** The chord inequality (display 1) at every pair of grid points and λ in a few steps; −1, 0 or 1 for concave / neither / convex. */
function chordTest(f: (x: Tensor) => Tensor): { convex: boolean; concave: boolean } {
  let convex = true;
  let concave = true;
  for (let i = 0; i < GRID.length; i += 4) {
    for (let j = i + 4; j < GRID.length; j += 4) {
      for (const l of [0.25, 0.5, 0.75]) {
        const [x, y] = [GRID[i], GRID[j]];
        const mid = at(f, l * x + (1 - l) * y);
        const chord = l * at(f, x) + (1 - l) * at(f, y);
        if (mid > chord + 1e-12) convex = false;
        if (mid < chord - 1e-12) concave = false;
      }
    }
  }
  return { convex, concave };
}

const ACTS: Record<string, (x: Tensor) => Tensor> = {
  'relu(x) = max(x, 0)': relu,
  'leaky relu, slope 0.01': (x) => leakyRelu(x, 0.01),
  '|x|': (x) => abs(x),
  'min(x, 0)': (x) => minimum(x, 0),
  'tanh(x)': tanh,
  'sigmoid(x)': sigmoid,
  'hardtanh(x)': (x) => hardtanh(x),
};

describe('the post “Convexity and shallow networks”', () => {
  it('has exactly the math, the table and the figure this test checks', () => {
    expect(post.labels).toEqual([]);
    expect(post.displays.map(squash)).toEqual([
      'f(\\lambda x + (1 - \\lambda) y) \\le \\lambda f(x) + (1 - \\lambda) f(y),',
      'L(u, v) = (u v - 1)^2 .',
    ]);
    expect(post.inline).toEqual([
      'f',
      'x',
      'y',
      '\\lambda',
      '-f',
      '|x|',
      '\\min(x, 0)',
      '\\min(x, 0) = -\\mathrm{relu}(-x)',
      'x < 0',
      'x > 0',
      'h(g(x))',
      'h',
      'g',
      '\\mathrm{relu}(w x + b)',
      'w',
      'b',
      '\\mathrm{relu}(\\mathrm{relu}(x) - 1)',
      '-\\mathrm{relu}(x)',
      'W_1',
      'W_2',
      '(u, v) \\mapsto u v',
      'f(x) = v\\,u\\,x',
      'x = 1',
      'y = 1',
      '(1, 1)',
      '(-1, -1)',
      '(0, 0)',
      'L',
      '\\theta',
      "\\theta'",
      "\\tfrac12(\\theta + \\theta')",
      'h!',
      'a = 0',
      'b = 0',
      'a = 1',
      '\\theta + a\\,d_1 + b\\,d_2',
      "d_1 = \\theta' - \\theta",
      '\\min(z, 0)',
    ]);
    expect(post.tables).toHaveLength(1);
    expect(post.code).toEqual([]);
    expect([...post.source.matchAll(/^::(\w[\w-]*)(?:\[[^\]]*\])?\{([^}]*)\}$/gm)].map((m) => `${m[1]} ${m[2]}`)).toEqual([
      'loss-slice #fig:swap activation=relu slice=swap',
    ]);
  });

  it('the table: convex and concave by the chord inequality, for every activation it lists', () => {
    const [head, ...rows] = post.tables[0];
    expect(head).toEqual(['activation', 'convex', 'concave']);
    expect(rows.map((r) => r[0])).toEqual(Object.keys(ACTS));
    for (const [name, convex, concave] of rows) {
      expect(chordTest(ACTS[name]), name).toEqual({ convex: convex === 'yes', concave: concave === 'yes' });
    }
  });

  it('min(x, 0) = −relu(−x); tanh and σ bend up for x < 0 and down for x > 0 (the engine’s second derivative)', () => {
    for (const x of GRID) expect(at((t) => minimum(t, 0), x) === at((t) => neg(relu(neg(t))), x)).toBe(true);
    const second = (f: (x: Tensor) => Tensor, x: number) => gradient((t: Tensor) => gradient(f, t)[0], tensor(x))[0].item();
    for (const f of [tanh, sigmoid]) {
      for (const x of [-3, -1, -0.2]) expect(second(f, x)).toBeGreaterThan(0);
      for (const x of [0.2, 1, 3]) expect(second(f, x)).toBeLessThan(0);
    }
    expect(prose).toContain('tanh and the logistic sigmoid are convex for $x < 0$ and concave for $x > 0$');
  });

  it('composition: relu(w x + b) is convex for any w, b; relu(relu(x) − 1) is convex; −relu(x) is concave', () => {
    fc.assert(
      fc.property(fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true }), (w, b) => {
        expect(chordTest((x) => relu(add(mul(w, x), b))).convex).toBe(true);
      }),
      { numRuns: 20 },
    );
    expect(chordTest((x) => relu(sub(relu(x), 1))).convex).toBe(true);
    expect(chordTest((x) => neg(relu(x)))).toEqual({ convex: false, concave: true });
  });

  it('(u, v) ↦ uv is a saddle: its Hessian has eigenvalues −1 and 1', () => {
    const H = hessian((p: Tensor) => mul(index(p, 0), index(p, 1)), tensor([0.3, -0.7]));
    expect(H.toArray()).toEqual([
      [0, 1],
      [1, 0],
    ]);
    // Along (1, 1) it is t², convex; along (1, −1) it is −t², concave: a chord lies below the graph.
    const f = (u: number, v: number) => u * v;
    expect(f(0, 0)).toBeGreaterThan((f(1, -1) + f(-1, 1)) / 2);
    expect(f(0, 0)).toBeLessThan((f(1, 1) + f(-1, -1)) / 2);
  });

  it('(2) L(u, v) = (uv − 1)² is the squared error of f(x) = v u x at x = 1, y = 1: 0 at (1, 1) and (−1, −1), 1 at (0, 0)', () => {
    expect(prose).toContain('It is 0 at $(1, 1)$ and at $(-1, -1)$, but at their midpoint $(0, 0)$ it is 1');
    const L = (p: Tensor) => {
      const out = mul(mul(index(p, 1), index(p, 0)), 1); // v·u·x with x = 1
      const r = sub(out, 1);
      return mul(r, r);
    };
    const value = (u: number, v: number) => L(tensor([u, v])).item();
    expect([value(1, 1), value(-1, -1), value(0, 0)]).toEqual([0, 0, 1]);
    expect(value(0, 0)).toBeGreaterThan((value(1, 1) + value(-1, -1)) / 2);
    // Both are minima: the gradient vanishes there and the loss is never negative.
    expect([...gradient(L, tensor([1, 1]))[0].data]).toEqual([0, 0]);
    expect([...gradient(L, tensor([-1, -1]))[0].data].map((g) => g + 0)).toEqual([0, 0]);
  });

  it('the figure: θ and θ′ have equal loss and the midpoint is higher; every activation’s swap slice fails convexity', () => {
    const relu1 = lossSlice('relu', 'swap', 1);
    expect(valueNear(relu1, 1, 0)).toBeCloseTo(valueNear(relu1, 0, 0), 12);
    const tanh1 = lossSlice('tanh', 'swap', 1);
    // relu and tanh: two valleys, the midpoint far above (more than ten times the minimum).
    for (const r of [relu1, tanh1]) expect(valueNear(r, 0.5, 0)).toBeGreaterThan(10 * valueNear(r, 0, 0));
    for (const a of ACTIVATIONS) expect(lossSlice(a, 'swap', 1).worst, a).not.toBeNull();
    // min(z, 0) and linear: a smaller gap than relu's and tanh's.
    for (const a of ['min', 'linear'] as const) expect(lossSlice(a, 'swap', 1).worst!.gap).toBeLessThan(relu1.worst!.gap);
    expect(prose).toContain('the widget may find no failure of convexity on the whole plane');
    expect(lossSlice('linear', 'random', 1).worst).toBeNull();
    expect(prose).toContain('eight points in the plane, a network with three hidden units, squared error');
  });
});
