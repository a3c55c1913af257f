// Every formula, claim about error orders, worked number and listing of "Checking
// derivatives with finite differences", checked against the engine and computed afresh. The
// first test reads the post and fails when it gains a display, a table or a listing that this
// file does not check.
import { describe, expect, it } from 'vitest';
import { div, add, exp, gradient, mul, neg, sin, tanh, tensor, type Tensor } from '../../src/autodiff/index.ts';
import { readPost, relErr, runListing } from './post.ts';

const post = readPost('content/posts/basics/finite-differences.md');
const squash = (s: string) => s.replace(/\s+/g, ' ');

/** f, f′, f″, f‴ at x, the derivatives by the engine (reverse over reverse). */
function engineDerivatives(g: (t: Tensor) => Tensor, x: number): [number, number, number, number] {
  const d = (h: (t: Tensor) => Tensor) => (t: Tensor) => gradient(h, t)[0];
  const at = tensor(x);
  return [g(at).item(), d(g)(at).item(), d(d(g))(at).item(), d(d(d(g)))(at).item()];
}

// Smooth test functions: the engine's graph and the plain-number function the differences use.
const CASES: { name: string; g: (t: Tensor) => Tensor; f: (x: number) => number; x: number }[] = [
  { name: 'sin at 1', g: sin, f: Math.sin, x: 1 },
  { name: 'exp at 1', g: exp, f: Math.exp, x: 1 },
  { name: 'tanh at 0.5', g: tanh, f: Math.tanh, x: 0.5 },
  { name: 'σ at −1', g: (t) => div(1, add(1, exp(neg(t)))), f: (x) => 1 / (1 + Math.exp(-x)), x: -1 },
  { name: 'x³ at 2', g: (t) => mul(t, mul(t, t)), f: (x) => x * x * x, x: 2 },
];

const forward = (f: (x: number) => number, x: number, h: number) => (f(x + h) - f(x)) / h;
const centralDiff = (f: (x: number) => number, x: number, h: number) => (f(x + h) - f(x - h)) / (2 * h);
const EPS = Number.EPSILON;

describe('the post “Checking derivatives with finite differences”', () => {
  it('has exactly the displays, the table and the listing this test checks', () => {
    expect(post.labels).toEqual(['eq:taylor']);
    const displays = post.displays.map(squash);
    expect(displays).toHaveLength(2);
    expect(displays[0]).toContain("f(x + h) = f(x) + h f'(x) + \\tfrac{h^2}{2} f''(x) + O(h^3).");
    // Two aligned rows (side by side they overflow a laptop's column).
    expect(displays[1]).toContain("\\frac{f(x+h) - f(x)}{h} &= f'(x) + O(h)");
    expect(displays[1]).toContain("\\frac{f(x+h) - f(x-h)}{2h} &= f'(x) + O(h^2)");
    expect(post.tables).toHaveLength(1);
    expect(post.code.map((c) => c.lang)).toEqual(['js']);
    // Inline math: symbols, f′(1) (the table test), the table's cells, ε and the footnote's steps.
    expect(post.inline).toEqual([
      'f',
      'h',
      '\\eqref{eq:taylor}',
      "f'(x)",
      '-h',
      'h^2',
      'f(x) = \\sin x',
      'x = 1',
      "f'(1) = \\cos 1 \\approx 0.5403",
      '10^{-1}',
      '4.3 \\times 10^{-2}',
      '9.0 \\times 10^{-4}',
      '10^{-2}',
      '4.2 \\times 10^{-3}',
      '9.0 \\times 10^{-6}',
      '10^{-3}',
      '4.2 \\times 10^{-4}',
      '9.0 \\times 10^{-8}',
      'f(x+h) - f(x)',
      '\\varepsilon / h',
      '\\varepsilon \\approx 2.2 \\times 10^{-16}',
      '\\sqrt{\\varepsilon}',
      '\\sqrt[3]{\\varepsilon}',
    ]);
  });

  it('(1) Taylor: the remainder after the h² term is O(h³), with f′ and f″ from the engine', () => {
    for (const { name, g, f, x } of CASES) {
      const [fx, d1, d2, d3] = engineDerivatives(g, x);
      expect(fx, name).toBeCloseTo(f(x), 14);
      // The engine's derivatives are the derivatives: against central differences of f and of f′.
      expect(relErr(d1, centralDiff(f, x, 1e-5))).toBeLessThan(1e-9);
      expect(
        relErr(
          d2,
          centralDiff((y) => engineDerivatives(g, y)[1], x, 1e-5),
        ),
      ).toBeLessThan(1e-8);
      const remainder = (h: number) => f(x + h) - (fx + h * d1 + ((h * h) / 2) * d2);
      for (const h of [1e-1, 1e-2]) {
        // R(h) = h³ f‴/6 + O(h⁴): a tenfold smaller step makes it a thousandfold smaller.
        expect(remainder(h) / remainder(h / 10), `${name}, h = ${h}`).toBeGreaterThan(800);
        expect(remainder(h) / remainder(h / 10), `${name}, h = ${h}`).toBeLessThan(1250);
        expect(relErr(remainder(h / 10) / (h / 10) ** 3, d3 / 6), name).toBeLessThan(0.1);
      }
    }
  });

  it('(2) forward error ≈ h f″/2 = O(h); subtracting the expansion at −h cancels the h² term and central error ≈ h² f‴/6 = O(h²)', () => {
    for (const { name, g, f, x } of CASES) {
      const [, d1, d2, d3] = engineDerivatives(g, x);
      for (const h of [1e-2, 1e-3]) {
        const fwd = forward(f, x, h) - d1,
          ctr = centralDiff(f, x, h) - d1;
        expect(relErr(fwd / h, d2 / 2), `${name}, h = ${h}`).toBeLessThan(0.15);
        expect(relErr(ctr / (h * h), d3 / 6), `${name}, h = ${h}`).toBeLessThan(0.02);
        // The difference of the two expansions: f(x + h) − f(x − h) − 2h f′(x) = O(h³), no h² term.
        const odd = (s: number) => f(x + s) - f(x - s) - 2 * s * d1;
        expect(odd(h) / odd(h / 10), `${name}, h = ${h}`).toBeGreaterThan(900);
        expect(odd(h) / odd(h / 10), `${name}, h = ${h}`).toBeLessThan(1100);
      }
    }
  });

  it('the table: forward and central errors for sin at 1, computed, and the digits each tenfold step buys', () => {
    expect(post.source).toContain("$f'(1) = \\cos 1 \\approx 0.5403$");
    const [dSin] = gradient(sin, 1);
    expect(dSin).toBe(Math.cos(1));
    expect(dSin.toFixed(4)).toBe('0.5403');
    const number = (cell: string) => {
      const m = cell.match(/^\$(?:([\d.]+) \\times )?10\^\{(-?\d+)\}\$$/);
      expect(m, cell).not.toBeNull();
      return { mantissa: m![1], exponent: Number(m![2]), value: Number(m![1] ?? 1) * 10 ** Number(m![2]) };
    };
    /** The stated error, written as 4.3 × 10⁻², must be the computed one rounded to those digits. */
    const same = (stated: string, computed: number) => {
      const { mantissa, exponent } = number(stated);
      expect(`${(computed / 10 ** exponent).toFixed(mantissa!.split('.')[1].length)}`, `${stated} vs ${computed}`).toBe(mantissa);
    };
    const [header, ...rows] = post.tables[0];
    expect(header).toEqual(['step $h$', 'forward error', 'central error']);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    const errors = rows.map(([hCell, fwdCell, ctrCell]) => {
      const h = number(hCell).value;
      const fwd = Math.abs(forward(Math.sin, 1, h) - dSin),
        ctr = Math.abs(centralDiff(Math.sin, 1, h) - dSin);
      same(fwdCell, fwd);
      same(ctrCell, ctr);
      return { h, fwd, ctr };
    });
    // "Each tenfold smaller step buys one digit with the forward difference and two with the central one."
    for (let i = 1; i < errors.length; i++) {
      expect(errors[i - 1].h / errors[i].h).toBeCloseTo(10, 12);
      expect(errors[i - 1].fwd / errors[i].fwd).toBeGreaterThan(9);
      expect(errors[i - 1].fwd / errors[i].fwd).toBeLessThan(11);
      expect(errors[i - 1].ctr / errors[i].ctr).toBeGreaterThan(90);
      expect(errors[i - 1].ctr / errors[i].ctr).toBeLessThan(110);
    }
  });

  it('rounding: ε ≈ 2.2 × 10⁻¹⁶, the error grows like ε/h as h shrinks, and too small a step is worse', () => {
    expect(post.source).toContain('$\\varepsilon \\approx 2.2 \\times 10^{-16}$');
    expect(EPS.toPrecision(2)).toBe('2.2e-16');
    for (const { name, g, f, x } of CASES) {
      const [, d1] = engineDerivatives(g, x);
      const fwd = (h: number) => Math.abs(forward(f, x, h) - d1) / Math.abs(d1);
      const ctr = (h: number) => Math.abs(centralDiff(f, x, h) - d1) / Math.abs(d1);
      // Worse with a tiny step than with a good one, for both differences.
      expect(fwd(1e-12), name).toBeGreaterThan(10 * fwd(1e-8));
      expect(ctr(1e-12), name).toBeGreaterThan(10 * ctr(1e-5));
      // Rounding error "about ε/h": where rounding dominates, error · h / ε is of order 1.
      const scaled = [1e-10, 1e-11, 1e-12, 1e-13, 1e-14].map((h) => (fwd(h) * h) / EPS);
      expect(Math.max(...scaled), name).toBeGreaterThan(0.1);
      expect(Math.max(...scaled), name).toBeLessThan(10);
    }
  });

  it('the footnote: the best step is about √ε for the forward difference and ∛ε for the central one', () => {
    expect(post.source).toContain(
      'about $\\sqrt{\\varepsilon}$ for the\n    forward difference and $\\sqrt[3]{\\varepsilon}$ for the central one',
    );
    for (const { name, g, f, x } of CASES) {
      const [, d1] = engineDerivatives(g, x);
      const steps = Array.from({ length: 14 }, (_, k) => 10 ** -(k + 1));
      const best = (diff: typeof forward) => steps.reduce((a, b) => (Math.abs(diff(f, x, b) - d1) < Math.abs(diff(f, x, a) - d1) ? b : a));
      // Within a factor of 10 either way, on a grid of powers of ten.
      expect(Math.abs(Math.log10(best(forward) / Math.sqrt(EPS))), name).toBeLessThanOrEqual(1.2);
      expect(Math.abs(Math.log10(best(centralDiff) / Math.cbrt(EPS))), name).toBeLessThanOrEqual(1.2);
    }
  });

  it('the listing: checkDerivative(Math.sin, Math.cos, 1) prints what its comment says, and catches a wrong derivative', () => {
    const [listing] = post.code;
    type Check = (
      f: (x: number) => number,
      df: (x: number) => number,
      x: number,
      h?: number,
    ) => { numeric: number; analytic: number; ok: boolean };
    const checkDerivative = runListing(listing.text, 'return checkDerivative;', 'js') as Check;
    const result = checkDerivative(Math.sin, Math.cos, 1);
    const comment = listing.text.match(
      /checkDerivative\(Math\.sin, Math\.cos, 1\); \/\/ \{ numeric: ([\d.]+)…, analytic: ([\d.]+)…, ok: (true|false) \}/,
    );
    expect(comment).not.toBeNull();
    expect(result.numeric.toFixed(4)).toBe(comment![1]);
    expect(result.analytic.toFixed(4)).toBe(comment![2]);
    expect(String(result.ok)).toBe(comment![3]);
    expect(result.analytic).toBe(gradient(sin, 1)[0]);
    // The engine's derivatives pass; the classic slips fail.
    for (const { g, f, x } of CASES) {
      expect(checkDerivative(f, (y) => gradient(g, y)[0], x).ok).toBe(true);
      expect(checkDerivative(f, (y) => -gradient(g, y)[0], x).ok).toBe(false);
      expect(checkDerivative(f, (y) => 1.001 * gradient(g, y)[0], x).ok).toBe(false);
    }
  });
});
