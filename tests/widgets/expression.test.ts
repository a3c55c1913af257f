// The formula parser shared by widgets: precedence, associativity, unary minus, functions,
// points, and errors that name the column.
import { describe, expect, test } from 'vitest';
import { tensor } from '../../src/autodiff/index.ts';
import { ExpressionError, checkPoint, compile, format, parseExpression, parsePoint, variablesOf } from '../../src/widgets/expression.ts';

/** Fully parenthesised, to read the tree's shape. */
const shape = (src: string): string => {
  const show = (e: ReturnType<typeof parseExpression>): string => {
    switch (e.kind) {
      case 'num':
        return String(e.value);
      case 'var':
        return e.name;
      case 'neg':
        return `(-${show(e.arg)})`;
      case 'binary':
        return `(${show(e.left)}${e.op}${show(e.right)})`;
      case 'call':
        return `${e.fn}(${e.args.map(show).join(',')})`;
    }
  };
  return show(parseExpression(src));
};

const evaluate = (src: string, point: Record<string, number>): number => {
  const names = Object.keys(point);
  const out = compile(parseExpression(src), names)(...names.map((n) => tensor(point[n]!)));
  return typeof out === 'number' ? out : out.item();
};

const errorOf = (run: () => unknown): ExpressionError => {
  try {
    run();
  } catch (e) {
    if (e instanceof ExpressionError) return e;
    throw e;
  }
  throw new Error('expected an ExpressionError');
};

describe('precedence and associativity', () => {
  test.each([
    ['1 + 2 * 3', '(1+(2*3))'],
    ['1 - 2 - 3', '((1-2)-3)'],
    ['8 / 4 / 2', '((8/4)/2)'],
    ['2 ^ 3 ^ 2', '(2^(3^2))'],
    ['-x ^ 2', '(-(x^2))'],
    ['(-x) ^ 2', '((-x)^2)'],
    ['2 ^ -x', '(2^(-x))'],
    ['-3 * x', '(-3*x)'],
    ['x * -y', '(x*(-y))'],
    ['--x', '(-(-x))'],
    ['+x', 'x'],
    ['a*b + c/d - e', '(((a*b)+(c/d))-e)'],
    ['ln(x1) + x1*x2 - sin(x2)', '((ln(x1)+(x1*x2))-sin(x2))'],
    ['max(x, y*2) ^ 2', '(max(x,(y*2))^2)'],
    ['x ** 2', '(x^2)'],
    ['1.5e-3 * .5', '(0.0015*0.5)'],
  ])('%s → %s', (src, expected) => {
    expect(shape(src)).toBe(expected);
  });

  test('values follow the same rules', () => {
    expect(evaluate('2^3^2', { x: 0 })).toBe(512);
    expect(evaluate('-x^2', { x: 3 })).toBe(-9);
    expect(evaluate('1 - 2 - 3 + x', { x: 0 })).toBe(-4);
    expect(evaluate('ln(x1) + x1*x2 - sin(x2)', { x1: 2, x2: 5 })).toBeCloseTo(Math.log(2) + 10 - Math.sin(5), 14);
    expect(evaluate('relu(x) + abs(y) + sqrt(4) + sigmoid(0) + tanh(0) + exp(0) + cos(0) + min(x, y)', { x: -1, y: -2 })).toBe(
      0 + 2 + 2 + 0.5 + 0 + 1 + 1 - 2,
    );
  });

  test('format prints the fewest parentheses that keep the meaning', () => {
    for (const src of ['-x^2', '(-x)^2', '2^3^2', '(2^3)^2', 'a - (b - c)', 'a / (b * c)', 'x * -y', '2^-x', 'max(x, -1)']) {
      expect(shape(format(parseExpression(src))), src).toBe(shape(src));
    }
    expect(format(parseExpression('((x)) + ((y*z))'))).toBe('x + y * z');
  });

  test('variables in order of first appearance', () => {
    expect(variablesOf(parseExpression('y*x + sin(y) + z'))).toEqual(['y', 'x', 'z']);
  });
});

describe('errors name the column', () => {
  test.each([
    ['ln(x1 + 2', 10, 'expected ")" to close ln('],
    ['x + * y', 5, 'expected a number, a variable'],
    ['2x', 2, 'write * for a product'],
    ['x + y)', 6, 'no "(" to match'],
    ['foo(x)', 1, 'unknown function "foo"'],
    ['sin x', 1, 'sin is a function: write sin(…)'],
    ['max(x)', 1, 'max takes 2 arguments, got 1'],
    ['x × y', 3, 'Write * for a product'],
    ['', 1, 'the formula is empty'],
    ['x +', 4, 'ends too early'],
    ['(x + 1', 7, 'to match the "(" at column 1'],
  ])('%j → column %i', (src, column, message) => {
    const error = errorOf(() => parseExpression(src));
    expect(error.column).toBe(column);
    expect(error.message).toContain(message);
    expect(error.message).toMatch(new RegExp(`^column ${column}: `));
  });
});

describe('points', () => {
  test('pairs separated by commas or spaces, signed and scientific numbers', () => {
    expect(parsePoint('x1=2, x2=5')).toEqual([
      { name: 'x1', value: 2 },
      { name: 'x2', value: 5 },
    ]);
    expect(parsePoint(' a = -0.5  b=1e-2 ')).toEqual([
      { name: 'a', value: -0.5 },
      { name: 'b', value: 0.01 },
    ]);
  });

  test.each([
    ['x1=2, x2=', 7, 'expected name=value'],
    ['x=1, x=2', 6, 'x is given twice'],
    ['sin=1', 1, 'sin is a function name'],
    ['', 1, 'the point is empty'],
    ['x=abc', 1, 'expected name=value'],
  ])('%j → column %i', (src, column, message) => {
    const error = errorOf(() => parsePoint(src));
    expect(error.column).toBe(column);
    expect(error.message).toContain(message);
  });

  test('the point must match the formula', () => {
    const f = parseExpression('x*y + z');
    const missing = checkPoint(f, parsePoint('x=1, y=2'), 'x=1, y=2');
    expect(missing?.which).toBe('f');
    expect(missing?.error.column).toBe(7);
    expect(missing?.error.message).toContain('z has no value');
    const extra = checkPoint(parseExpression('x'), parsePoint('x=1, w=2'), 'x=1, w=2');
    expect(extra?.which).toBe('at');
    expect(extra?.error.column).toBe(6);
    expect(checkPoint(parseExpression('3 + 4'), parsePoint('x=1'), 'x=1')?.error.message).toContain('no variables');
    expect(checkPoint(f, parsePoint('z=0 y=1 x=2'), 'z=0 y=1 x=2')).toBeNull();
  });
});
