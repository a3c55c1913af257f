// The one attribute model: the number grammar Markdown and links share, the inferred value
// types, and the URL-style reading of a whole table.
import { describe, expect, expectTypeOf, test } from 'vitest';
import {
  type AttrValues,
  authorAttributes,
  bool,
  defaultsOf,
  formatValue,
  int,
  num,
  oneOf,
  parseValue,
  readValues,
  resolveAttributes,
} from '../../src/widgets/attributes.ts';
import { repeatedAttribute } from '../../src/markdown/directive-source.ts';

const table = {
  n: int({ min: -5, max: 5, default: 1, doc: 'An integer.' }),
  x: num({ min: 0.001, max: 1000, default: 0.5, doc: 'A real.' }),
  kind: oneOf(['a', 'b'], { default: 'a', doc: 'A choice.' }),
  flag: bool({ default: false, doc: 'A flag.' }),
  hidden: int({ min: 0, max: 9, default: 0, doc: 'Link-only state.', markdown: false }),
};

describe('one number grammar', () => {
  test.each([
    ['3', 3],
    ['+3', 3],
    ['-5', -5],
    [' 2 ', 2],
    ['1e0', 1],
    ['2.0', 2],
  ])('int accepts %j', (text, value) => expect(parseValue(table.n, text)).toBe(value));

  test.each(['', ' ', '2.5', '6', '0x3', 'Infinity', 'NaN', '3abc', '1e400'])('int rejects %j', (text) => {
    expect(parseValue(table.n, text)).toBeUndefined();
  });

  test.each([
    ['.5', 0.5],
    ['5.', 5],
    ['1e-3', 0.001],
    ['1E+3', 1000],
    ['0.0001e1', 0.001],
  ])('number accepts %j', (text, value) => expect(parseValue(table.x, text)).toBe(value));

  test.each(['', '1e-4', '1001', '1,5', '--1', 'e3', '.'])('number rejects %j', (text) => {
    expect(parseValue(table.x, text)).toBeUndefined();
  });

  test('every value formats to text that parses back to itself', () => {
    for (const value of [0.001, 0.1 + 0.2, 1 / 3, 999.999999999, 1000]) expect(parseValue(table.x, formatValue(value))).toBe(value);
    expect(parseValue(table.kind, formatValue('b'))).toBe('b');
    expect(parseValue(table.flag, formatValue(false))).toBe(false);
  });
});

describe('tables', () => {
  test('value types are inferred from the table', () => {
    expectTypeOf(defaultsOf(table)).toEqualTypeOf<{ n: number; x: number; kind: 'a' | 'b'; flag: boolean; hidden: number }>();
    expectTypeOf<AttrValues<typeof table>['kind']>().toEqualTypeOf<'a' | 'b'>();
  });

  test('readValues keeps valid values and reports each invalid one with its text', () => {
    const params = new URLSearchParams('n=3&x=big&kind=c&flag=true');
    const bad: string[] = [];
    const values = readValues(
      table,
      defaultsOf(table),
      (name) => params.get(name),
      (name, text) => bad.push(`${name}=${text}`),
    );
    expect(values).toEqual({ n: 3, x: 0.5, kind: 'a', flag: true, hidden: 0 });
    expect(bad).toEqual(['x=big', 'kind=c']);
  });

  test('link-only attributes have defaults but an author may not set them, and the guide does not list them', () => {
    expect(resolveAttributes({ attributes: table }, {}).attrs.hidden).toBe(0);
    expect(() => resolveAttributes({ attributes: table }, { hidden: '3' })).toThrow('unknown attribute "hidden".');
    expect(Object.keys(authorAttributes(table))).toEqual(['n', 'x', 'kind', 'flag', 'placement']);
  });
});

describe('repeated attributes in a directive’s source', () => {
  test.each([
    ['::w{x=1 x=2}', 'x'],
    ['::w{a x="1 2" b x=3}', 'x'],
    ["::w{x='a b' y x}", 'x'],
    ['::w[label {x=1}]{x=2 y=1 y=2}', 'y'],
    ['::w[nested [brackets] x=1]{x=2}', undefined],
    ['::w{#a #b}', 'id'],
    ['::w{#a id=b}', 'id'],
    ['::w{.a .b x=1}', undefined],
    ['::w{x="x=1 x=2"}', undefined],
    ['::w', undefined],
    ['::w[x=1 x=2]', undefined],
  ])('%s → %s', (source, repeated) => expect(repeatedAttribute(source)).toBe(repeated));
});
