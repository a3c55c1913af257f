// Every derivative the post "Notation, and how these posts are written" shows — its numbered
// equations, the unnumbered display, the one-line derivative in each language and the JSON
// record — checked against the engine and central finite differences; and the macros it
// documents say what the table says they mean. The first test reads the post and fails when
// it gains a display, a label or a listing in a language this file does not check.
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { exp, gradient, mul, norm, pow, rng, sin, sum, tanh, tensor, type Tensor } from '../../src/autodiff/index.ts';
import { macros } from '../../src/markdown/katex-options.ts';
import { central, centralGradient, needsPython, readPost, relErr, runListing, runPython } from './post.ts';

const post = readPost('content/posts/notation.md');
const squash = (s: string) => s.replace(/\s+/g, ' ');
const r = rng(11);
const points = Array.from({ length: 12 }, () => 6 * r.uniform() - 3);

/** Listings that carry no mathematics (a shell command, frontmatter). */
const NO_MATH = ['bash', 'yaml', 'md']; // md: the citation syntax, no formula in it
/** The one-line derivative of x², in each language the post shows it. */
const SQUARE = ['python', 'ts', 'julia', 'json'];

describe('the post “Notation”', () => {
  it('has exactly the numbered equations, displays and listings this test checks', () => {
    expect(post.labels).toEqual(['eq:derivative', 'eq:product-x', 'eq:product-y']);
    const displays = post.displays.map(squash);
    expect(displays).toHaveLength(3);
    expect(displays[0]).toContain("f'(x) = \\lim_{h \\to 0} \\frac{f(x + h) - f(x)}{h}.");
    expect(displays[1]).toMatch(
      /\\partial_x \(x y\) &= y, \\label\{eq:product-x\} \\\\ \\partial_y \(x y\) &= x\. \\label\{eq:product-y\}/,
    );
    expect(displays[2]).toContain('\\grad_{\\bm{x}} \\tfrac12 \\norm{\\bm{x}}^2 = \\bm{x}.');
    // Inline math that states a derivative or an equation must be one this file checks (the
    // rest is the macros table's samples, checked below, and symbols).
    const claims = post.inline.filter((m) => /'|=|\\partial|\\pd|\\dd|\\grad|\\nabla|\\lim|\\frac/.test(m));
    expect(claims).toEqual(['\\pd{L}{w}', '\\dd{y}{x}', '\\grad f']);
    for (const { lang } of post.code) expect([...NO_MATH, ...SQUARE], `a ${lang} listing`).toContain(lang);
    expect(
      post.code
        .filter((c) => SQUARE.includes(c.lang))
        .map((c) => c.lang)
        .sort(),
    ).toEqual([...SQUARE].sort());
  });

  it('(1) the difference quotient tends to the engine’s derivative as h → 0', () => {
    const cases: [(t: Tensor) => Tensor, (x: number) => number][] = [
      [sin, Math.sin],
      [exp, Math.exp],
      [tanh, Math.tanh],
      [(t) => mul(t, t), (x) => x * x],
    ];
    for (const [g, f] of cases) {
      for (const x of points) {
        const [d] = gradient(g, x);
        const quotient = (h: number) => (f(x + h) - f(x)) / h;
        const errors = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5].map((h) => Math.abs(quotient(h) - d));
        for (let i = 1; i < errors.length; i++) expect(errors[i]).toBeLessThan(errors[i - 1] + 1e-15);
        expect(errors.at(-1)!).toBeLessThan(1e-3 * Math.max(1, Math.abs(d)));
      }
    }
  });

  it('(2), (3) ∂ₓ(xy) = y and ∂ᵧ(xy) = x, by the engine and by central differences', () => {
    for (let i = 0; i + 1 < points.length; i += 2) {
      const [x, y] = [points[i], points[i + 1]];
      const [dx, dy] = gradient((x, y) => mul(x, y), x, y);
      expect(dx).toBe(y);
      expect(dy).toBe(x);
      expect(central((s) => s * y, x)).toBeCloseTo(y, 9);
      expect(central((s) => x * s, y)).toBeCloseTo(x, 9);
    }
  });

  it('the unnumbered display: ∇ₓ ½‖x‖² = x', () => {
    for (const n of [1, 3, 7]) {
      const x = Array.from({ length: n }, () => 4 * r.uniform() - 2);
      const [byNorm] = gradient((v: Tensor) => mul(0.5, pow(norm(v), 2)), tensor(x));
      const [bySum] = gradient((v: Tensor) => mul(0.5, sum(mul(v, v))), tensor(x));
      const fd = centralGradient((v) => 0.5 * v.reduce((s, vi) => s + vi * vi, 0), x);
      x.forEach((xi, i) => {
        expect(relErr(byNorm.data[i], xi)).toBeLessThan(1e-14);
        expect(relErr(bySum.data[i], xi)).toBeLessThan(1e-15);
        expect(relErr(fd[i], xi)).toBeLessThan(1e-8);
      });
    }
  });

  describe('the one-line derivative of x², in every language', () => {
    const listing = (lang: string) => post.code.find((c) => c.lang === lang)!.text;
    const truth = (x: number) => {
      const [engine] = gradient((t) => mul(t, t), x);
      expect(central((s) => s * s, x)).toBeCloseTo(engine, 9);
      return engine;
    };

    it('TypeScript: dSquare', () => {
      const dSquare = runListing(listing('ts'), 'return dSquare;') as (x: number) => number;
      for (const x of points) expect(dSquare(x)).toBe(truth(x));
      expect(listing('ts')).toContain('// d/dx x² = 2x');
    });

    it('Python: d_square', () => {
      expect(listing('python')).toContain('return 2 * x  # d/dx x² = 2x');
    });

    it('Python: d_square, run with python3, is the derivative', (ctx) => {
      needsPython(ctx);
      const out = JSON.parse(
        runPython(listing('python'), `import json\nprint(json.dumps([d_square(x) for x in ${JSON.stringify(points)}]))`),
      ) as number[];
      for (const [i, d] of out.entries()) expect(d).toBe(truth(points[i]!));
    });

    it('Julia: d_square(x) = 2x, where 2x is 2 * x', () => {
      const m = listing('julia').match(/^d_square\(x\) = (\d+)x\s+# Julia reads \1x as \1 \* x$/m);
      expect(m).not.toBeNull();
      for (const x of points) expect(Number(m![1]) * x).toBe(truth(x));
    });

    it('JSON: dy_dx is the derivative of the op at x', () => {
      const record = JSON.parse(listing('json')) as { op: string; x: number; dy_dx: number };
      expect(record.op).toBe('square');
      expect(record.dy_dx).toBe(truth(record.x));
    });
  });

  it('the macros table: each macro is defined and means what the table says', () => {
    const [header, ...rows] = post.tables[0];
    expect(header).toEqual(['You write', 'You get', 'Meaning']);
    const render = (tex: string) =>
      katex
        .renderToString(tex, { macros: { ...macros }, throwOnError: true, output: 'mathml' })
        .replace(/<annotation[\s\S]*?<\/annotation>/, ''); // the annotation quotes the source
    // What each macro must expand to, written without macros.
    const MEANS: Record<string, string> = {
      '\\pd{L}{w}': '\\frac{\\partial L}{\\partial w}',
      '\\dd{y}{x}': '\\frac{\\mathrm{d} y}{\\mathrm{d} x}',
      'A\\T': 'A^{\\mathsf{T}}',
      '\\grad f': '\\nabla f',
      '\\norm{x}': '\\left\\lVert x \\right\\rVert',
      '\\abs{x}': '\\left\\lvert x \\right\\rvert',
      '\\inner{u}{v}': '\\left\\langle u, v \\right\\rangle',
      '\\R^n': '\\mathbb{R}^n',
    };
    const written = rows.flatMap(([youWrite]) => [...youWrite.matchAll(/`([^`]+)`/g)].map((m) => m[1]));
    for (const tex of written) {
      const name = tex.match(/\\[A-Za-z]+/)![0];
      expect(macros, `${tex} is a site macro`).toHaveProperty([name]);
    }
    for (const [tex, meaning] of Object.entries(MEANS)) {
      expect(written, tex).toContain(tex);
      expect(render(tex), tex).toBe(render(meaning));
    }
  });
});
