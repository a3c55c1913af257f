// grad-check's pure core and its static HTML.
import { describe, expect, test } from 'vitest';
import { resolveAttributes } from '../../src/widgets/attributes.ts';
import {
  FD_TOLERANCE,
  FN_IDS,
  FUNCTIONS,
  centralDifference,
  check,
  formatError,
  formatValue,
  relativeError,
} from '../../src/widgets/grad-check/core.ts';
import { autodiff } from '../../src/widgets/grad-check/engine.ts';
import { niceTicks, renderPlot, renderTable, renderVerdict, tableValue, tangentSpan, yRange } from '../../src/widgets/grad-check/render.ts';
import { spec } from '../../src/widgets/grad-check/spec.ts';
import { renderStatic } from '../../src/widgets/grad-check/static.build.ts';

// Away from kinks, every pair must agree: this is the widget's whole claim.
const POINTS = [-2.7, -1, -0.3, 0.25, 0.5, 1.3, 2.9];

describe('the three derivatives agree away from kinks', () => {
  test.each(FN_IDS)('%s', (fn) => {
    for (const x of POINTS) {
      const result = check({ fn, x, h: 1e-5 }, autodiff);
      expect(result.errors.autodiffVsFormula, `${fn} at ${x}`).toBeLessThan(1e-12);
      expect(result.errors.finiteVsFormula, `${fn} at ${x}`).toBeLessThan(FD_TOLERANCE);
      expect(result.agree).toBe(true);
      expect(result.kinkNote).toBeUndefined();
    }
  });
});

describe('worked values', () => {
  test('formulas', () => {
    expect(FUNCTIONS.square.df(3)).toBe(6);
    expect(FUNCTIONS.cube.df(-2)).toBe(12);
    expect(FUNCTIONS.tanh.df(0)).toBe(1);
    expect(FUNCTIONS.sigmoid.df(0)).toBe(0.25);
    expect(FUNCTIONS.xsinx.df(0)).toBe(0);
    expect(FUNCTIONS.exp.df(0)).toBe(1);
  });

  test('central difference of sin at 0', () => {
    expect(centralDifference(Math.sin, 0, 1e-4)).toBeCloseTo(1, 8);
  });

  test('relative error is symmetric and 0 for 0 vs 0', () => {
    expect(relativeError(1, 1.001)).toBeCloseTo(0.001 / 1.001, 12);
    expect(relativeError(1.001, 1)).toBe(relativeError(1, 1.001));
    expect(relativeError(0, 0)).toBe(0);
    // absolute below 1, so a derivative of 0 is not '100 % off' by a rounding-sized amount
    expect(relativeError(0, 1e-20)).toBe(1e-20);
    expect(relativeError(0.001, 0.002)).toBeCloseTo(0.001, 15);
    expect(relativeError(100, 101)).toBeCloseTo(1 / 101, 15);
  });
});

describe('kinks follow the PyTorch convention and say so', () => {
  test('relu at 0: formula and autodiff 0, central difference ½', () => {
    const result = check({ fn: 'relu', x: 0, h: 1e-5 }, autodiff);
    expect([result.formula, result.autodiff, result.finiteDifference]).toEqual([0, 0, 0.5]);
    expect(result.kinkNote).toMatch(/corner at 0/);
    expect(renderVerdict(result)).toContain('reports ½');
  });

  test('|x| at 0: all three 0', () => {
    const result = check({ fn: 'abs', x: 0, h: 1e-5 }, autodiff);
    expect(result.formula).toBe(0);
    expect(result.autodiff).toBe(0);
    expect(result.finiteDifference).toBe(0);
    expect(result.kinkNote).toMatch(/PyTorch/);
  });
});

describe('the step h', () => {
  test('too large: truncation error, and the verdict says so', () => {
    const result = check({ fn: 'sin', x: 1, h: 1e-1 }, autodiff);
    expect(result.agree).toBe(false);
    expect(renderVerdict(result)).toContain('h is so large');
  });

  test('too small: rounding error, and the verdict says so', () => {
    const result = check({ fn: 'exp', x: 2, h: 1e-12 }, autodiff);
    expect(result.errors.finiteVsFormula).toBeGreaterThan(FD_TOLERANCE);
    expect(renderVerdict(result)).toContain('rounding');
  });

  test('a wrong autodiff is caught', () => {
    const result = check({ fn: 'sin', x: 1, h: 1e-5 }, () => 0.5);
    expect(result.agree).toBe(false);
    expect(renderVerdict(result)).toContain('disagree');
  });
});

describe('formatting', () => {
  test('values and errors', () => {
    expect(formatValue(0.5)).toBe('0.5');
    expect(formatValue(-1 / 3)).toBe('−0.333333333333');
    expect(formatValue(-0)).toBe('0');
    expect(formatError(0)).toBe('0');
    expect(formatError(3.21e-11)).toBe('3.2e−11');
    expect(formatError(1)).toBe('1');
    expect(formatError(0.0123)).toBe('0.012');
  });
});

describe('static HTML', () => {
  const html = renderStatic(resolveAttributes(spec, {}).attrs);

  test('defaults: tanh at 0.5, with the table computed at build time', () => {
    expect(html).toContain('<option value="tanh" selected>tanh x</option>');
    expect(html).toContain(`<td class="grad-check__num">${(1 - Math.tanh(0.5) ** 2).toFixed(10)}</td>`);
    expect(html).toContain('role="img"');
    expect(html).toContain('They agree');
  });

  test('every control is labelled and disabled until the script mounts', () => {
    for (const name of ['fn', 'x', 'h'])
      expect(html).toMatch(new RegExp(`<label><span>[^<]+(<output[^>]*>[^<]*</output>)?</span><(select|input) name="${name}"`));
    expect(html.match(/ disabled/g)).toHaveLength(3);
  });

  test('h is written as a power of ten and must be one of the slider steps', () => {
    expect(() => resolveAttributes(spec, { h: '0.001' })).toThrow('h must be one of 1e-1, 1e-2,');
    expect(resolveAttributes(spec, { h: '1e-12' }).attrs.h).toBe('1e-12');
  });

  test('attributes choose the starting function, point and step', () => {
    const attrs = resolveAttributes(spec, { fn: 'relu', x: '-1.25', h: '1e-8' }).attrs;
    const custom = renderStatic(attrs);
    expect(custom).toContain('<option value="relu" selected>');
    expect(custom).toContain('value="-1.25"');
    expect(custom).toContain('h = 10⁻⁸');
  });

  test('x is rounded to the slider step, so the first frame matches the live widget', () => {
    const custom = renderStatic(resolveAttributes(spec, { x: '0.123' }).attrs);
    expect(custom).toContain('value="0.12"');
    expect(custom).toContain('at x = 0.12. Error:');
  });

  test('the table escapes nothing it should not', () => {
    const table = renderTable(check({ fn: 'sigmoid', x: 0, h: 1e-5 }, autodiff));
    expect(table).toContain('σ(x) (1 − σ(x))');
    expect(table).not.toContain('<script');
  });
});

describe('the plot fits the function and labels its axes', () => {
  /** The numbers of a polyline's points attribute in the rendered SVG. */
  const coords = (svg: string, cls: string) =>
    [...svg.matchAll(new RegExp(`class="${cls}" points="([^"]+)"`, 'g'))][0][1].split(' ').map((p) => p.split(',').map(Number));
  const yTicks = (svg: string) =>
    [...svg.matchAll(/grad-check__tick--y" style="top:([\d.]+)%[^>]*>([^<]+)</g)].map((m) => [Number(m[1]), m[2]]);

  test('eˣ at x = 2.5: the whole curve and the point stay inside the box, with round y ticks', () => {
    const svg = renderPlot(check({ fn: 'exp', x: 2.5, h: 1e-5 }, autodiff));
    const inside = ([x, y]: number[]) => x >= 0 && x <= 320 && y >= 0 && y <= 170 - 16 + 1e-9;
    expect(coords(svg, 'grad-check__curve').every(inside)).toBe(true);
    expect(coords(svg, 'grad-check__tangent').every(inside)).toBe(true);
    const cy = Number(svg.match(/<circle class="grad-check__point" cx="[\d.]+" cy="([\d.]+)"/)![1]);
    expect(cy).toBeGreaterThan(6);
    expect(yTicks(svg).map(([, label]) => label)).toEqual(['0', '10', '20']);
  });

  test('y ticks go down the box as their values go up, for every function', () => {
    for (const fn of FN_IDS) {
      const ticks = yTicks(renderPlot(check({ fn, x: 1, h: 1e-5 }, autodiff)));
      expect(ticks.length, fn).toBeGreaterThanOrEqual(3);
      for (let i = 1; i < ticks.length; i++) expect(ticks[i][0] as number, fn).toBeLessThan(ticks[i - 1][0] as number);
    }
  });

  test('yRange covers every sample; niceTicks are round steps inside it; the tangent is cut at the range', () => {
    expect(yRange([0, 12])[0]).toBeLessThan(0);
    expect(yRange([0, 12])[1]).toBeGreaterThan(12);
    const [lo, hi] = yRange([1, 1]); // too flat: widened to 2 units, then 12 % margin each side
    expect(lo).toBeCloseTo(-0.24, 12);
    expect(hi).toBeCloseTo(2.24, 12);
    expect(niceTicks(-1.46, 13.64)).toEqual([0, 5, 10]);
    expect(niceTicks(-1.24, 1.24)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(tangentSpan(0, 0, 10, [-1, 1], [-2, 2])).toEqual([-0.2, 0.2]);
    expect(tangentSpan(0, 0, 0, [-1, 1], [-2, 2])).toEqual([-1, 1]);
  });

  test('table values share ten decimals, so they line up on the decimal point', () => {
    expect(tableValue(12.182493960703473)).toBe('12.1824939607');
    expect(tableValue(-0.5)).toBe('−0.5000000000');
    const table = renderTable(check({ fn: 'exp', x: 2.5, h: 1e-5 }, autodiff));
    const cells = [...table.matchAll(/<td class="grad-check__num">([\d.−]+)<\/td><td/g)].map((m) => m[1]);
    expect(cells).toHaveLength(3);
    expect(new Set(cells.map((c) => c.length - c.indexOf('.'))).size).toBe(1);
  });
});
