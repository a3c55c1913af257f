// Every formula, number, table cell and listing of "What autodiff returns at a kink", checked
// against the engine (each framework's preset) and one-sided finite differences, and the
// post's measurement — how often a relu pre-activation is exactly 0 while the playground
// trains — recomputed. The first test fails when the post gains math, a table, a listing or
// a figure this file does not check.
import { describe, expect, it } from 'vitest';
import {
  CONVENTION_NAMES,
  type ConventionName,
  type Tensor,
  abs,
  add,
  affine,
  clamp,
  gradient,
  greater,
  hardtanh,
  leakyRelu,
  log,
  max,
  maximum,
  minimum,
  neg,
  norm,
  relu,
  subdifferential,
  sum,
  tensor,
  where,
  withConvention,
} from '../../src/autodiff/index.ts';
import { resolveAttributes } from '../../src/widgets/attributes.ts';
import { FUNCTIONS, analyse } from '../../src/widgets/kink/core.ts';
import { spec } from '../../src/widgets/kink/spec.ts';
import { accuracy } from '../../src/widgets/nn-playground/model.ts';
import { initialRun } from '../../src/widgets/nn-playground/seeds.ts';
import { DATASETS, defaults } from '../../src/widgets/nn-playground/state.ts';
import { sgdStep } from '../../src/widgets/nn-playground/train.ts';
import { readPost } from './post.ts';

const post = readPost('content/posts/what-autodiff-returns-at-a-kink.md');
const squash = (s: string) => s.replace(/\s+/g, ' ');
const prose = squash(post.source);
const picks = (f: (x: Tensor) => Tensor, x: number | number[]) =>
  Object.fromEntries(
    CONVENTION_NAMES.map((name) => [name, withConvention(name, () => gradient(f, Array.isArray(x) ? tensor(x) : x)[0])]),
  ) as Record<ConventionName, number | Tensor>;
const number = (f: (x: Tensor) => Tensor, x: number) => f(tensor(x)).item();
/** One-sided difference quotients with a small step: exact for the piecewise-linear functions here. */
const right = (f: (x: Tensor) => Tensor, x: number, h = 1e-7) => (number(f, x + h) - number(f, x)) / h;
const left = (f: (x: Tensor) => Tensor, x: number, h = 1e-7) => (number(f, x) - number(f, x - h)) / h;
const absRelu = (x: Tensor) => add(abs(x), relu(x));
const min0 = (x: Tensor) => minimum(x, 0);

describe('the post “What autodiff returns at a kink”', () => {
  it('has exactly the math, the table, the listings and the figures this test checks', () => {
    expect(post.labels).toEqual([]);
    expect(post.displays.map(squash)).toEqual([
      "\\begin{aligned} f'_+(x) &= \\lim_{h \\to 0^+} \\frac{f(x+h) - f(x)}{h}, \\\\ f'_-(x) &= \\lim_{h \\to 0^+} \\frac{f(x) - f(x-h)}{h}. \\end{aligned}",
      'f(y) \\ge f(x) + g\\,(y - x) \\quad \\text{for all } y .',
      "\\partial f(x) = [\\,f'_-(x),\\ f'_+(x)\\,].",
      "0 \\cdot \\log'(0) = 0 \\cdot \\infty = \\mathrm{NaN}.",
    ]);
    expect(post.inline).toEqual([
      '\\mathrm{relu}(x) = \\max(x, 0)',
      'x = 0',
      '\\tfrac12',
      "f'_-(0) = 0",
      "f'_+(0) = 1",
      '|x|',
      '-1',
      '1',
      'g',
      '\\partial f(x)',
      '\\partial\\,\\mathrm{relu}(0) = [0, 1]',
      '\\partial |x|(0) = [-1, 1]',
      '\\partial\\,(|x| + \\mathrm{relu}(x))(0) = [-1, 2]',
      'f',
      "f'(x)",
      '\\partial f',
      '\\min(x, 0) = -\\mathrm{relu}(-x)',
      '\\pm 1',
      '\\min(x, 0)',
      '[0, 1]',
      '\\sqrt{\\cdot}',
      'x',
      'z = x\\,W_1 + b_1',
      '1.3 \\times 10^{-7}',
      'z',
    ]);
    expect(post.tables).toHaveLength(1);
    expect(post.code.map((c) => c.lang)).toEqual(['python', 'python']);
    const figures = [...post.source.matchAll(/^::kink(?:\[[^\]]*\])?\{([^}]*)\}$/gm)].map((m) => m[1]);
    expect(figures).toEqual(['fn=relu x=0', 'fn=hardtanh x=1', 'fn=log-where x=0']);
  });

  it('relu: PyTorch returns 0 for relu and ½ for maximum with zeros at 0', () => {
    expect(prose).toContain('Ask PyTorch for the derivative of $\\mathrm{relu}(x) = \\max(x, 0)$ at $x = 0$ and it answers 0.');
    expect(prose).toContain('`torch.maximum(x, zeros)`, the same function written another way, and it answers $\\tfrac12$.');
    expect(withConvention('pytorch', () => gradient(relu, 0)[0])).toBe(0);
    expect(withConvention('pytorch', () => gradient((x) => maximum(x, 0), 0)[0])).toBe(0.5);
    expect(number(relu, 0.3)).toBe(number((x) => maximum(x, 0), 0.3));
  });

  it('(1) one-sided derivatives: relu 0 and 1, |x| −1 and 1, by the engine and by one-sided quotients', () => {
    expect(prose).toContain("For relu at 0 they are $f'_-(0) = 0$ and $f'_+(0) = 1$; for $|x|$ they are $-1$ and $1$.");
    for (const [f, l, r] of [
      [relu, 0, 1],
      [(x: Tensor) => abs(x), -1, 1],
    ] as const) {
      expect(subdifferential(f, 0)).toMatchObject({ left: l, right: r });
      expect(left(f, 0)).toBeCloseTo(l, 9);
      expect(right(f, 0)).toBeCloseTo(r, 9);
    }
  });

  it('(2)(3) the subgradients of a convex function at a kink are the interval between the one-sided slopes', () => {
    expect(prose).toContain(
      'So $\\partial\\,\\mathrm{relu}(0) = [0, 1]$, $\\partial |x|(0) = [-1, 1]$ and, for their sum, $\\partial\\,(|x| + \\mathrm{relu}(x))(0) = [-1, 2]$.',
    );
    const ys = Array.from({ length: 401 }, (_, i) => -5 + i / 40);
    const supports = (f: (x: Tensor) => Tensor, g: number) => ys.every((y) => number(f, y) >= number(f, 0) + g * y - 1e-12);
    for (const [f, [lo, hi]] of [
      [relu, [0, 1]],
      [(x: Tensor) => abs(x), [-1, 1]],
      [absRelu, [-1, 2]],
    ] as const) {
      expect(subdifferential(f, 0).interval).toEqual([lo, hi]);
      // Every slope inside supports the graph (the inequality of display 2); just outside, none does.
      for (let t = 0; t <= 1; t += 0.125) expect(supports(f, lo + t * (hi - lo))).toBe(true);
      expect(supports(f, lo - 0.01)).toBe(false);
      expect(supports(f, hi + 0.01)).toBe(false);
    }
  });

  it('min(x, 0) = −relu(−x) is concave with slopes 1 and 0 at 0; hard tanh has corners at ±1; no supporting line; Clarke [0, 1]', () => {
    expect(prose).toContain('its one-sided slopes at 0 are 1 on the left and 0 on the right');
    for (const x of [-2, -0.5, 0, 0.7, 3]) expect(number(min0, x) === number((t) => neg(relu(neg(t))), x)).toBe(true);
    expect(subdifferential(min0, 0)).toMatchObject({ left: 1, right: 0, interval: [0, 1] });
    const a = analyse(FUNCTIONS.minimum, 0);
    expect([a.concave, a.convex, a.supported]).toEqual([true, false, false]);
    // Any line through the origin crosses the graph: slope g < 1 is above it at some y < 0, g > 0 at some y > 0.
    for (const g of [-1, 0, 0.5, 1, 2]) expect([-1, 1].some((y) => number(min0, y) < g * y)).toBe(true);
    // Clarke: limits of derivatives at nearby smooth points are 1 (left) and 0 (right); their hull is [0, 1].
    expect([gradient(min0, -1e-9)[0], gradient(min0, 1e-9)[0]]).toEqual([1, 0]);
    for (const k of [-1, 1]) expect(analyse(FUNCTIONS.hardtanh, k)).toMatchObject({ atKink: true, supported: false });
  });

  it('the table of picks: every cell is the engine’s gradient under that framework’s preset', () => {
    const [head, ...rows] = post.tables[0];
    expect(head).toEqual(['at the kink', 'PyTorch', 'JAX', 'Flux', 'where the rule lives']);
    const CASES: Record<string, () => Record<ConventionName, number | Tensor>> = {
      'relu′(0)': () => picks(relu, 0),
      '|x|′(0)': () => picks((x) => abs(x), 0),
      'leaky relu′(0), slope 0.1': () => picks((x) => leakyRelu(x, 0.1), 0),
      'hardtanh′(1)': () => picks((x) => hardtanh(x), 1),
      'clamp(x, −1, 1)′ at −1': () => picks((x) => clamp(x, -1, 1), -1),
      'maximum(x, 0)′ at 0': () => picks((x) => maximum(x, 0), 0),
      '∇‖x‖ at x = 0': () => picks((x) => norm(x), [0, 0]),
    };
    expect(rows.map((r) => r[0])).toEqual(Object.keys(CASES));
    for (const [name, pytorch, jax, flux] of rows) {
      const got = CASES[name]();
      const cells = { pytorch, jax, flux };
      for (const framework of CONVENTION_NAMES) {
        const value = got[framework];
        const values = typeof value === 'number' ? [value] : [...value.data];
        for (const v of values) expect(String(v), `${name}, ${framework}`).toBe(cells[framework]);
      }
    }
  });

  it('PyTorch’s picks in the table lie between the one-sided slopes; JAX’s are one of them (or NaN at the norm)', () => {
    for (const [id, x] of [
      ['relu', 0],
      ['abs', 0],
      ['leaky-relu', 0],
      ['hardtanh', 1],
      ['clamp', -1],
      ['maximum', 0],
    ] as const) {
      const a = analyse(FUNCTIONS[id], x);
      const [lo, hi] = [Math.min(a.left, a.right), Math.max(a.left, a.right)];
      const { pytorch, jax } = a.programs[0].picks;
      expect(pytorch >= lo && pytorch <= hi, id).toBe(true);
      if (id !== 'maximum' && id !== 'clamp' && id !== 'relu') expect([a.left, a.right], id).toContain(jax);
    }
    // ‖·‖ at 0: PyTorch's 0 is in the unit ball (every ‖g‖ ≤ 1 is a subgradient: ‖y‖ ≥ g·y), JAX's is NaN.
    const { pytorch, jax } = picks((x) => norm(x), [0, 0]);
    expect([...(pytorch as Tensor).data]).toEqual([0, 0]);
    expect([...(jax as Tensor).data].every(Number.isNaN)).toBe(true);
  });

  it('same function, different program: relu, maximum and where at 0; |x| as maximum(x, −x) and where', () => {
    expect(prose).toContain('but PyTorch returns 0, $\\tfrac12$ and 0 at the origin');
    expect(prose).toContain('Flux returns 0 for all three');
    const relus = analyse(FUNCTIONS.relu, 0).programs.map((p) => p.picks);
    expect(relus.map((p) => p.pytorch)).toEqual([0, 0.5, 0]);
    expect(relus.map((p) => p.flux)).toEqual([0, 0, 0]);
    expect(prose).toContain('`maximum(x, -x)` give $-1$ under Flux and `where(x > 0, x, -x)` give $-1$ everywhere');
    const abss = Object.fromEntries(analyse(FUNCTIONS.abs, 0).programs.map((p) => [p.code, p.picks]));
    expect(abss['maximum(x, -x)'].flux).toBe(-1);
    expect(abss['where(x > 0, x, -x)']).toEqual({ pytorch: -1, jax: -1, flux: -1 });
  });

  it('the where trap: NaN at 0 in every preset, 0·∞ = NaN; the double where gives 0 (the listings)', () => {
    const [trap, fix] = post.code.map((c) => c.text);
    expect(trap).toContain('y = jnp.where(x > 0, jnp.log(x), 0.0)');
    expect(fix).toContain('safe = jnp.where(x > 0, x, 1.0)');
    expect(fix).toContain('y = jnp.where(x > 0, jnp.log(safe), 0.0)');
    // The same programs on the engine, under every framework's rules.
    const naive = (x: Tensor) => where(greater(x, 0), log(x), 0);
    const safe = (x: Tensor) => where(greater(x, 0), log(where(greater(x, 0), x, 1)), 0);
    for (const name of CONVENTION_NAMES) {
      expect(withConvention(name, () => gradient(naive, 0)[0])).toBeNaN();
      expect(withConvention(name, () => gradient(safe, 0)[0])).toBe(0);
    }
    expect(number(naive, 0)).toBe(0);
    expect(gradient(log, 0)[0]).toBe(Infinity);
    expect(0 * Infinity).toBeNaN();
  });

  it('the measurement: no relu pre-activation is exactly 0 in 2,000 playground steps on each data set; the closest is 1.3e−7', () => {
    const STEPS = 2000;
    expect(prose).toContain(
      'settings (320 training points, 4 hidden units, learning rate 1.2, full batch, seed 1) for 2,000 steps on each of its six data sets',
    );
    expect(prose).toContain(
      'Of 15,360,000 pre-activations, **none** was exactly 0; the one closest to 0 was about $1.3 \\times 10^{-7}$ away.',
    );
    let total = 0;
    let zeros = 0;
    let closest = Infinity;
    expect(DATASETS).toHaveLength(6);
    for (const dataset of DATASETS) {
      const state = defaults({ dataset, activation: 'relu' });
      expect([state.hidden, state.lr, state.batch, state.seed]).toEqual([4, 1.2, 'full', 1]);
      const { data, params } = initialRun(state);
      const { x, y, m } = data.train;
      expect(m).toBe(320);
      const X = tensor(x, [m, 2]);
      for (let step = 0; step < STEPS; step++) {
        // The pre-activations exactly as the engine computes them in the training step that follows.
        for (const z of affine(X, tensor(params.W1, [2, params.h]), tensor(params.b1, [1, params.h])).data) {
          total++;
          if (z === 0) zeros++;
          else closest = Math.min(closest, Math.abs(z));
        }
        sgdStep(params, 'relu', 'correct', state.lr, x, y);
      }
      // It did train: better than chance on every set.
      expect(accuracy(params, 'relu', x, y), dataset).toBeGreaterThan(0.55);
    }
    expect(total).toBe(15_360_000);
    expect(zeros).toBe(0);
    expect(closest.toExponential(1)).toBe('1.3e-7');
  }, 60_000);

  it('sparse inputs: a zero row with a zero bias gives z exactly 0, where every preset’s relu′(0) = 0 keeps the bias from learning', () => {
    expect(prose).toContain('relu′(0) decides whether the bias learns from that row. PyTorch, JAX and Flux all say no.');
    const X = tensor([[0, 0]]);
    const W = tensor([
      [0.3, -1.2],
      [0.7, 2],
    ]);
    const f = (b: Tensor) => relu(affine(X, W, b));
    expect([...f(tensor([[0, 0]])).data]).toEqual([0, 0]);
    for (const name of CONVENTION_NAMES) {
      const [db] = withConvention(name, () => gradient((b: Tensor) => sum(f(b)), tensor([[0, 0]])));
      expect([...db.data]).toEqual([0, 0]);
    }
  });

  it('max ties and clamp at its bounds: the picks the list names', () => {
    expect(prose).toContain(
      "`torch.amax` splits the gradient evenly, `torch.max` with a dimension gives it all to the index it returns, and Zygote's `maximum` to the first maximum.",
    );
    expect(prose).toContain('where PyTorch passes the gradient through (1), `jnp.clip` halves it and `lax.clamp` stops it.');
    expect(prose).toContain('PyTorch and Flux return 0; JAX returns NaN');
    expect(picks((x) => clamp(x, 0, 1), 1)).toEqual({ pytorch: 1, jax: 0.5, flux: 1 });
    expect(withConvention('jax', () => gradient((x) => clamp(x, 0, 1, { pick: 'min' }), 1)[0])).toBe(0);
    expect(figuresParse()).toBe(true);
  });
});

/** Each figure's attributes are valid for ::kink (the build checks this too). */
function figuresParse(): boolean {
  for (const m of post.source.matchAll(/^::kink(?:\[[^\]]*\])?\{([^}]*)\}$/gm)) {
    const raw = Object.fromEntries(m[1].split(/\s+/).map((kv) => kv.split('=') as [string, string]));
    resolveAttributes(spec, raw);
  }
  return true;
}

describe('max ties', () => {
  it('amax splits evenly (the default), torch.max with a dimension sends all to one index, Flux to the first', () => {
    const x = tensor([[2, 2, 1]]);
    expect([...(gradient((t) => sum(max(t, 1)), x)[0] as Tensor).data]).toEqual([0.5, 0.5, 0]);
    expect([...(gradient((t) => sum(max(t, 1, false, { ties: 'first' })), x)[0] as Tensor).data]).toEqual([1, 0, 0]);
    expect([...(withConvention('flux', () => gradient((t) => sum(max(t, 1)), x))[0] as Tensor).data]).toEqual([1, 0, 0]);
  });
});
