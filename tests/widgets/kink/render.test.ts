// kink's static HTML: what the first frame draws is what the core computed — the rays at the
// one-sided slopes, a segment per distinct pick at the engine's value, the fan only for a
// convex kink — and an author's mistake is refused with what is valid.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CONVENTION_NAMES, subdifferential, withConvention, gradient } from '../../../src/autodiff/index.ts';
import { resolveAttributes } from '../../../src/widgets/attributes.ts';
import { FUNCTIONS, analyse, snap } from '../../../src/widgets/kink/core.ts';
import { groupPicks, renderPlot, renderTable } from '../../../src/widgets/kink/render.ts';
import { spec } from '../../../src/widgets/kink/spec.ts';
import { renderStatic } from '../../../src/widgets/kink/static.build.ts';

type Id = keyof typeof FUNCTIONS;
const IDS = (Object.keys(FUNCTIONS) as Id[]).filter((id) => id !== 'norm' && id !== 'log-where');
const view = (id: Id, x: number) => ({ fn: id, label: FUNCTIONS[id].label, analysis: analyse(FUNCTIONS[id], x) });
const slopes = (svg: string, cls: string) =>
  [...svg.matchAll(new RegExp(`class="${cls}[^"]*"[^>]*data-slope="([^"]+)"`, 'g'))].map((m) => Number(m[1]));

describe('the plot', () => {
  test('rays are drawn at the engine’s one-sided slopes, and pick segments at the engine’s gradient under each preset', () => {
    fc.assert(
      fc.property(fc.constantFrom(...IDS), fc.constantFrom(-1, 0, 1, 0.5, -0.35), (id, x) => {
        const svg = renderPlot(view(id, x));
        const f = FUNCTIONS[id].programs[0].f;
        const { left, right } = subdifferential(f, x);
        if (left !== right) expect(slopes(svg, 'kink__ray')).toEqual([left, right]);
        else expect(slopes(svg, 'kink__ray')).toEqual([]);
        const engine = CONVENTION_NAMES.map((name) => withConvention(name, () => gradient(f, x)[0]));
        expect(new Set(slopes(svg, 'kink__pick'))).toEqual(new Set(engine));
        // Each framework is named on exactly one segment.
        const named = [...svg.matchAll(/data-frameworks="([^"]+)"/g)].flatMap((m) => m[1].split(' '));
        expect(named.sort()).toEqual([...CONVENTION_NAMES].sort());
      }),
      { numRuns: 60 },
    );
  });

  test('the fan is drawn for a convex kink only', () => {
    expect(renderPlot(view('relu', 0))).toContain('kink__fan');
    expect(renderPlot(view('minimum', 0))).not.toContain('kink__fan');
    expect(renderPlot(view('hardtanh', 1))).not.toContain('kink__fan');
    expect(renderPlot(view('relu', 0.5))).not.toContain('kink__fan');
  });

  test('a NaN pick has no segment but a label; the table marks it', () => {
    const v = view('log-where', 0);
    const svg = renderPlot(v);
    expect(svg).toContain('PyTorch, JAX, Flux: NaN');
    expect(slopes(svg, 'kink__pick')).toEqual([]);
    expect(renderTable(v).match(/kink__nan/g)).toHaveLength(3);
  });

  test('groupPicks merges frameworks that return the same value, NaN included', () => {
    expect(groupPicks({ pytorch: 0, jax: 1, flux: 0 })).toEqual([
      [0, ['pytorch', 'flux']],
      [1, ['jax']],
    ]);
    expect(groupPicks({ pytorch: Number.NaN, jax: Number.NaN, flux: 0 })).toEqual([
      [Number.NaN, ['pytorch', 'jax']],
      [0, ['flux']],
    ]);
  });
});

describe('the directive', () => {
  test('defaults: relu at its kink, controls disabled until the script runs, the three programs', () => {
    const html = renderStatic(resolveAttributes(spec, {}).attrs);
    expect(html).toContain('<select name="fn" disabled>');
    expect(html).toContain('<code>where(x &gt; 0, x, 0)</code>');
    expect(html).toContain('one-sided slopes 0 (left) and 1 (right)');
  });

  test('x is snapped to the slider’s grid; a bad value or function is refused with what is valid', () => {
    expect(renderStatic(resolveAttributes(spec, { fn: 'hardtanh', x: '0.98' }).attrs)).toContain('data-x="1"');
    expect(snap(0.98)).toBe(1);
    expect(() => resolveAttributes(spec, { x: '3' })).toThrow('x must be a number from -2 to 2, got "3".');
    expect(() => resolveAttributes(spec, { fn: 'Relu' })).toThrow('Did you mean "relu"?');
    expect(() => resolveAttributes(spec, { expression: 'x' })).toThrow('unknown attribute "expression".');
  });
});
