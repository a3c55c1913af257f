// The mathematics of "Widgets in Markdown: an authoring guide": the σ′ worked in its prose,
// its claims about the finite-difference step and kinks, every grad-check figure it places
// (the numbers a reader sees first), and the grad-check widget's hand formulas — the text a
// reader reads as well as the function computed — against the engine and central finite
// differences. The first test fails when the guide gains math or a figure this file does not check.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { add, div, exp, gradient, neg, sigmoid, subdifferential, abs, relu, withConvention } from '../../src/autodiff/index.ts';
import { resolveAttributes } from '../../src/widgets/attributes.ts';
import { FD_TOLERANCE, FN_IDS, FUNCTIONS, check, type Fn, type FnId } from '../../src/widgets/grad-check/core.ts';
import { autodiff } from '../../src/widgets/grad-check/engine.ts';
import { LOG_H_MAX, LOG_H_MIN, X_MAX, X_MIN, renderVerdict } from '../../src/widgets/grad-check/render.ts';
import { inputFrom, spec } from '../../src/widgets/grad-check/spec.ts';
import { central, readPost, relErr } from './post.ts';

const post = readPost('content/posts/guide/widgets.md');
const prose = post.source.replace(/^```\w*\n[\s\S]*?^```$/gm, '').replace(/`[^`\n]*`/g, '');
const inlineMath = [...prose.matchAll(/\$([^$\n]+)\$/g)].map((m) => m[1]);
const figures = [...prose.matchAll(/^::grad-check(?:\[[^\]]*\])?\{([^}]*)\}$/gm)].map((m) => {
  const raw = Object.fromEntries(
    m[1]
      .split(/\s+/)
      .filter(Boolean)
      .map((kv) => kv.split('=') as [string, string]),
  );
  return { line: m[0], input: inputFrom(resolveAttributes(spec, raw).attrs) };
});

const σ = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * The widget's functions as its labels and formulas read, transcribed independently of
 * core.ts: if a label or a formula's text changes, this table has to be re-checked by hand.
 */
const READS: Record<FnId, { label: string; formula: string; f: (x: number) => number; df: (x: number) => number; kink?: number }> = {
  square: { label: 'x²', formula: '2x', f: (x) => x ** 2, df: (x) => 2 * x },
  cube: { label: 'x³', formula: '3x²', f: (x) => x ** 3, df: (x) => 3 * x ** 2 },
  sin: { label: 'sin x', formula: 'cos x', f: (x) => Math.sin(x), df: (x) => Math.cos(x) },
  exp: { label: 'eˣ', formula: 'eˣ', f: (x) => Math.E ** x, df: (x) => Math.E ** x },
  tanh: { label: 'tanh x', formula: '1 − tanh² x', f: (x) => Math.tanh(x), df: (x) => 1 - Math.tanh(x) ** 2 },
  sigmoid: { label: 'σ(x) = 1 / (1 + e⁻ˣ)', formula: 'σ(x) (1 − σ(x))', f: σ, df: (x) => σ(x) * (1 - σ(x)) },
  xsinx: { label: 'x sin x', formula: 'sin x + x cos x', f: (x) => x * Math.sin(x), df: (x) => Math.sin(x) + x * Math.cos(x) },
  abs: { label: '|x|', formula: 'sign x', f: (x) => (x < 0 ? -x : x), df: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0), kink: 0 },
  relu: { label: 'relu x = max(x, 0)', formula: '1 if x > 0, else 0', f: (x) => Math.max(x, 0), df: (x) => (x > 0 ? 1 : 0), kink: 0 },
};
/** Every point the x slider can reach. */
const SLIDER = Array.from({ length: Math.round((X_MAX - X_MIN) * 100) + 1 }, (_, i) => Math.round(X_MIN * 100 + i) / 100);

describe('the post “Widgets in Markdown: an authoring guide”', () => {
  it('has exactly the math and the figures this test checks', () => {
    expect(post.labels).toEqual([]);
    expect(post.displays).toEqual([]);
    expect(new Set(inlineMath)).toEqual(
      new Set([
        '\\sigma(x) = 1/(1 + e^{-x})',
        'x = -1',
        "\\sigma'(x) = \\sigma(x)\\,(1 - \\sigma(x))",
        '0.1966',
        '\\sigma',
        'f',
        'h = 10^{-1}',
        '10^{-12}',
        'f(x + h) - f(x - h)',
        '|x|',
        '\\operatorname{relu}',
        '0',
        'x = 0',
      ]),
    );
    expect(figures.map((f) => f.input)).toEqual([
      { fn: 'tanh', x: 0.5, h: 1e-5 },
      { fn: 'sigmoid', x: -1, h: 1e-5 },
      { fn: 'relu', x: 0, h: 1e-6 },
    ]);
  });

  it('σ′(x) = σ(x)(1 − σ(x)) is about 0.1966 at x = −1, by hand, by the engine and by central differences', () => {
    expect(prose).toContain('$\\sigma(x) = 1/(1 + e^{-x})$ at $x = -1$');
    expect(prose).toContain("$\\sigma'(x) = \\sigma(x)\\,(1 - \\sigma(x))$, which at $x = -1$ is about $0.1966$");
    const byHand = σ(-1) * (1 - σ(-1));
    expect(byHand.toFixed(4)).toBe('0.1966');
    const [composed] = gradient((x) => div(1, add(1, exp(neg(x)))), -1);
    const [primitive] = gradient(sigmoid, -1);
    expect(relErr(composed, byHand)).toBeLessThan(1e-15);
    expect(relErr(primitive, byHand)).toBeLessThan(1e-15);
    expect(relErr(central(σ, -1), byHand)).toBeLessThan(1e-9);
  });

  it('the figure builds σ from a negation, an exponential, an addition and a division, and agrees with the formula to the last digit or so', () => {
    expect(readFileSync('src/widgets/grad-check/engine.ts', 'utf8')).toContain('sigmoid: (x) => div(1, add(1, exp(neg(x)))),');
    const result = check({ fn: 'sigmoid', x: -1, h: 1e-5 }, autodiff);
    expect(result.autodiff).toBe(gradient((x) => div(1, add(1, exp(neg(x)))), -1)[0]);
    expect(result.errors.autodiffVsFormula).toBeLessThan(4 * Number.EPSILON); // a few units in the last place
    // The central difference is the least accurate of the three.
    expect(result.errors.finiteVsFormula).toBeGreaterThan(100 * result.errors.autodiffVsFormula);
    expect(result.agree).toBe(true);
  });

  it('h = 10⁻¹: the curve bends within the step (truncation, ≈ h² σ‴/6); h = 10⁻¹²: rounding eats most of the digits', () => {
    const s = σ(-1),
      d1 = s * (1 - s),
      d3 = d1 * (1 - 6 * s + 6 * s * s); // σ‴ = σ′(1 − 6σ + 6σ²)
    // σ‴ itself, against central differences of the engine's σ′ twice over.
    const dEngine = (x: number) => gradient(sigmoid, x)[0];
    const d2 = (x: number) => central(dEngine, x, 1e-4);
    expect(relErr(central(d2, -1, 1e-3), d3)).toBeLessThan(1e-5);
    const large = check({ fn: 'sigmoid', x: -1, h: 1e-1 }, autodiff);
    expect(large.agree).toBe(false);
    expect(relErr(large.finiteDifference - large.formula, (1e-2 * d3) / 6)).toBeLessThan(0.05);
    expect(renderVerdict(large)).toContain('the curve bends within the step');
    const tiny = check({ fn: 'sigmoid', x: -1, h: 1e-12 }, autodiff);
    expect(tiny.agree).toBe(false);
    expect(-Math.log10(tiny.errors.finiteVsFormula)).toBeLessThan(8); // fewer than half of ~16 digits survive
    expect(tiny.errors.finiteVsFormula).toBeGreaterThan((1e4 * ((1e-24 * Math.abs(d3)) / 6)) / d1); // not truncation
    expect(renderVerdict(tiny)).toContain('rounding');
  });

  it('every grad-check figure in the guide: the numbers its first frame shows', () => {
    for (const { line, input } of figures) {
      const result = check(input, autodiff);
      const reads = READS[input.fn];
      expect(result.formula, line).toBe(reads.df(input.x));
      expect(result.value, line).toBe(reads.f(input.x));
      if (reads.kink === input.x) continue; // the next test
      expect(relErr(result.autodiff, result.formula), line).toBeLessThan(1e-15);
      expect(relErr(central(reads.f, input.x), result.formula), line).toBeLessThan(1e-9);
      expect(result.agree, line).toBe(true);
    }
  });

  it('|x| and relu at 0: no derivative, so the methods may disagree; the notes say which slope each reports', () => {
    const relu0 = figures.find((f) => f.input.fn === 'relu')!;
    expect(relu0.line).toContain('which slope each method reports at $x = 0$');
    for (const [fn, g, interval, cd] of [
      ['abs', abs, [-1, 1], 0],
      ['relu', relu, [0, 1], 0.5],
    ] as const) {
      expect(subdifferential(g, 0).interval).toEqual(interval);
      const note = FUNCTIONS[fn].kink.note;
      expect(note).toContain(`any slope in [${interval.map((v) => String(v).replace('-', '−')).join(', ')}] is a subgradient`);
      expect(note).toContain('The formula and the engine pick 0, as PyTorch does');
      expect(note).toMatch(cd === 0.5 ? /averages the two sides and reports ½/ : /averages the two sides, also 0/);
      expect(withConvention('pytorch', () => gradient(g, 0)[0]) + 0).toBe(0);
      for (let k = LOG_H_MIN; k <= LOG_H_MAX; k++) {
        const result = check({ fn, x: 0, h: 10 ** k }, autodiff);
        expect([result.formula + 0, result.autodiff + 0, result.finiteDifference]).toEqual([0, 0, cd]);
        expect(result.kinkNote).toBe(note);
        // The central difference is the average of the two one-sided slopes.
        expect(result.finiteDifference).toBe((subdifferential(g, 0).left + subdifferential(g, 0).right) / 2);
      }
    }
  });
});

describe('the grad-check widget’s hand formulas (src/widgets/grad-check/core.ts)', () => {
  it('the functions, labels and formula texts are the ones transcribed here', () => {
    expect(FN_IDS).toEqual(Object.keys(READS));
    for (const id of FN_IDS) {
      expect(FUNCTIONS[id].label, id).toBe(READS[id].label);
      expect(FUNCTIONS[id].formula, id).toBe(READS[id].formula);
      expect((FUNCTIONS[id] as Fn).kink?.at, id).toBe(READS[id].kink);
    }
  });

  it.each(FN_IDS)('%s: f and f′ as the text reads them, the engine and central differences, at every slider point', (id) => {
    const fn = FUNCTIONS[id],
      reads = READS[id];
    for (const x of SLIDER) {
      expect(relErr(fn.f(x), reads.f(x), 1e-300), `f at ${x}`).toBeLessThan(1e-15);
      expect(relErr(fn.df(x), reads.df(x), 1e-300), `f′ at ${x}`).toBeLessThan(1e-15);
      if (x === reads.kink) continue;
      expect(relErr(autodiff(id, x), reads.df(x), 1e-300), `engine at ${x}`).toBeLessThan(1e-14);
      // Central differences of the label's function: absolute near a zero of f′, relative elsewhere.
      expect(relErr(central(reads.f, x, 1e-5), reads.df(x), 1), `central difference at ${x}`).toBeLessThan(1e-8);
    }
  });

  it('away from kinks the verdict says they agree at the default step, for every function and slider point', () => {
    for (const id of FN_IDS) {
      for (const x of SLIDER) {
        if (x === READS[id].kink) continue;
        const result = check({ fn: id, x, h: 1e-5 }, autodiff);
        expect(result.agree, `${id} at ${x}`).toBe(true);
        expect(result.errors.finiteVsFormula, `${id} at ${x}`).toBeLessThan(FD_TOLERANCE);
      }
    }
  });

  // At x = 0 the derivative of x³ is 0 and the central difference is exactly h² (pure
  // truncation): a purely relative error would call that 100 % off and blame rounding.
  it('x³ at 0 with the default step: the verdict does not blame rounding for a truncation error of h²', () => {
    const result = check({ fn: 'cube', x: 0, h: 1e-5 }, autodiff);
    expect(result.finiteDifference).toBeCloseTo(1e-10, 24);
    expect(renderVerdict(result)).not.toContain('rounding');
    expect(result.agree).toBe(true);
  });
});
