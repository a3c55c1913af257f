import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { type Attr, authorAttributes } from '../../../src/widgets/attributes.ts';
import {
  FIELD_NAMES,
  FIELDS,
  QUOTE_MAX,
  defaults,
  needsReset,
  parseParams,
  quote,
  serialise,
  type State,
} from '../../../src/widgets/nn-playground/state.ts';
import { spec } from '../../../src/widgets/nn-playground/spec.ts';

/** An arbitrary valid state, drawn from the field table itself. */
const arbitraryState = fc.record(
  Object.fromEntries(
    FIELD_NAMES.map((name) => {
      const f: Attr = FIELDS[name];
      if (f.type === 'enum') return [name, fc.constantFrom(...f.values)];
      if (f.type === 'int') return [name, fc.integer({ min: f.min, max: f.max })];
      return [name, fc.double({ min: f.min, max: f.max, noNaN: true })];
    }),
  ),
) as unknown as fc.Arbitrary<State>;

describe('playground state ⇄ URL', () => {
  it('round-trips every valid state exactly, seed and step included', () => {
    fc.assert(
      fc.property(arbitraryState, (state) => {
        const text = serialise(state).toString();
        const back = parseParams(new URLSearchParams(text), defaults());
        expect(back.ignored).toEqual([]);
        expect(back.state).toEqual(state);
      }),
    );
  });

  it('keeps params that are not ours and reads its own under a prefix', () => {
    const params = new URLSearchParams('utm=x');
    serialise({ ...defaults(), hidden: 7 }, params, 'p2.');
    expect(params.get('utm')).toBe('x');
    expect(params.get('p2.hidden')).toBe('7');
    expect(parseParams(params, defaults(), 'p2.').state.hidden).toBe(7);
    expect(parseParams(params, defaults()).state.hidden).toBe(4);
  });

  it('falls back to the defaults for malformed values, listing each one', () => {
    const base = defaults({ hidden: 8 });
    const { state, ignored } = parseParams(
      new URLSearchParams('hidden=99&activation=swish&lr=abc&seed=1.5&noise=0.1&dataset=spirals&step=-3'),
      base,
    );
    expect(state).toEqual({ ...base, noise: 0.1, dataset: 'spirals' });
    expect(ignored).toEqual([
      'seed=1.5 (expected an integer 0–999999; using 1)',
      'hidden=99 (expected an integer 1–16; using 8)',
      'activation=swish (expected one of tanh, relu, sigmoid, leaky-relu, min; using tanh)',
      'lr=abc (expected a number 0.0001–1000; using 1.2)',
      'step=-3 (expected an integer 0–10000000; using 0)',
    ]);
  });

  it('quotes a value from a link cut to QUOTE_MAX characters, with escapes visible, so a notice stays short', () => {
    expect(quote('swish')).toBe('swish');
    expect(quote('a"b\n')).toBe('a\\"b\\n');
    expect(quote('x'.repeat(QUOTE_MAX))).toBe('x'.repeat(QUOTE_MAX));
    expect(quote('x'.repeat(100_000))).toBe(`${'x'.repeat(QUOTE_MAX)}… (100000 characters)`);
    const { ignored } = parseParams(new URLSearchParams({ hidden: '9'.repeat(100_000), hist: '~'.repeat(5000) }), defaults());
    expect(ignored.join('; ').length).toBeLessThan(400);
    expect(ignored[0]).toBe(`hidden=${'9'.repeat(QUOTE_MAX)}… (100000 characters) (expected an integer 1–16; using 4)`);
  });

  it('rejects numbers in forms Number() would accept but a person did not mean', () => {
    for (const text of ['', ' ', '0x10', '1e400', 'Infinity', 'NaN', '4abc']) {
      expect(parseParams(new URLSearchParams({ hidden: text }), defaults()).ignored).toHaveLength(1);
    }
  });

  it('gives the Markdown directive the same fields, ranges and defaults (not the step)', () => {
    expect(Object.keys(authorAttributes(spec.attributes))).toEqual([...FIELD_NAMES.filter((n) => n !== 'step'), 'tab', 'placement']);
    expect(spec.attributes.hidden).toMatchObject({ type: 'int', min: 1, max: 16, default: 4 });
    expect(spec.attributes.activation).toMatchObject({ type: 'enum', default: 'tanh' });
  });
});

describe('the loss axis', () => {
  it('round-trips through the URL and keeps the run (it only changes how the chart is drawn)', () => {
    const state = defaults({ lossAxis: 'log' });
    expect(serialise(state).get('lossAxis')).toBe('log');
    expect(parseParams(serialise(state), defaults()).state.lossAxis).toBe('log');
    expect(needsReset(defaults(), state)).toBe(false);
    expect(needsReset(defaults(), defaults({ hidden: 5 }))).toBe(true);
    const bad = parseParams(new URLSearchParams('lossAxis=cubic'), defaults());
    expect(bad.state.lossAxis).toBe('linear');
    expect(bad.ignored[0]).toContain('lossAxis=cubic (expected one of linear, log; using linear)');
  });
});
