import { describe, expect, it } from 'vitest';
import { type JuliaValue, parseJuliaValue, toPlain } from '../../src/franklin/julia-value.build.ts';

function value(src: string): JuliaValue {
  const r = parseJuliaValue(src);
  if (!r.ok) throw new Error(`${r.error.line}:${r.error.column}: ${r.error.message}`);
  return r.value;
}
const plain = (src: string) => toPlain(value(src));
function error(src: string, origin?: { line: number; column: number }) {
  const r = parseJuliaValue(src, origin);
  if (r.ok) throw new Error(`expected an error for ${src}`);
  return r.error;
}

describe('Julia literal values', () => {
  it('reads strings with escapes, raw strings and triple-quoted strings', () => {
    expect(plain('"Backprop, step by step"')).toBe('Backprop, step by step');
    expect(plain('"a\\tb\\n\\"q\\" \\$5 \\u00e9"')).toBe('a\tb\n"q" $5 é');
    expect(plain('raw"C:\\path\\$x"')).toBe('C:\\path\\$x');
    expect(plain('"""\n    first\n      second\n    """')).toBe('first\n  second\n');
    expect(plain('"""one "quoted" word"""')).toBe('one "quoted" word');
    expect(plain('"""This\n           is\n           a test"""')).toBe('This\nis\na test'); // the Julia manual's example
  });

  it('reads numbers, booleans and nothing', () => {
    expect(value('3')).toEqual({ kind: 'number', value: 3, integer: true });
    expect(value('-2.5e-3')).toEqual({ kind: 'number', value: -0.0025, integer: false });
    expect(plain('1_000')).toBe(1000);
    expect(plain('0x1f')).toBe(31);
    expect(plain('.5')).toBe(0.5);
    expect(plain('true')).toBe(true);
    expect(plain('false')).toBe(false);
    expect(value('nothing')).toEqual({ kind: 'nothing' });
  });

  it('reads vectors (nested, typed, multi-line with comments), tuples and pairs', () => {
    expect(plain('["autodiff", "julia"]')).toEqual(['autodiff', 'julia']);
    expect(plain('String[]')).toEqual([]);
    expect(plain('Any["a", 1, [true, nothing]]')).toEqual(['a', 1, [true, null]]);
    expect(plain('[\n  "a", # first\n  "b",\n]')).toEqual(['a', 'b']);
    expect(value('("a", 2)')).toEqual({
      kind: 'tuple',
      items: [
        { kind: 'string', value: 'a' },
        { kind: 'number', value: 2, integer: true },
      ],
    });
    expect(value('("only")')).toEqual({ kind: 'string', value: 'only' });
    expect(value('"posts" => "Posts"')).toEqual({
      kind: 'pair',
      key: { kind: 'string', value: 'posts' },
      value: { kind: 'string', value: 'Posts' },
    });
    expect(plain('[("a" => "A") => ["x" => "X"]]')).toEqual([[['a', 'A'], [['x', 'X']]]]);
  });

  it('reads dates in both forms and rejects impossible ones', () => {
    expect(value('Date(2021, 3, 4)')).toEqual({ kind: 'date', year: 2021, month: 3, day: 4 });
    expect(plain('Dates.Date("2021-03-04")')).toBe('2021-03-04');
    expect(plain('Date(2024, 2, 29)')).toBe('2024-02-29');
    expect(error('Date(2023, 2, 29)').message).toMatch(/invalid date 2023-2-29/);
    expect(error('Date("04/03/2021")').message).toMatch(/yyyy-mm-dd/);
  });

  it('reads regexes, symbols and string concatenation', () => {
    expect(toPlain(value('r"^drafts/.*"'))).toEqual(/^drafts\/.*/);
    expect(value(':julia')).toEqual({ kind: 'symbol', name: 'julia' });
    expect(plain('"https://example.org" * "/blog/"')).toBe('https://example.org/blog/');
  });

  it('reports unsupported expressions at line:column, shifted to where the value starts', () => {
    const e = error('read("file.txt", String)', { line: 4, column: 12 });
    expect(e).toMatchObject({ line: 4, column: 12 });
    expect(e.message).toMatch(/unsupported Julia expression `read\(…\)`/);
    expect(error('[1,\n 2,\n foo]', { line: 10, column: 5 })).toMatchObject({ line: 12, column: 2 });
    expect(error('"a" * 2').message).toMatch(/between strings only/);
    expect(error('"hi $name"').message).toMatch(/interpolation/);
    expect(error('["a", "b"').message).toMatch(/unclosed `\[`/);
    expect(error('"open').message).toMatch(/unclosed string/);
    expect(error('1 2').message).toMatch(/unexpected `2` after the value/);
    expect(error('').message).toBe('missing value');
  });
});
