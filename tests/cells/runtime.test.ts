// The pure cell runtime: transpile + line mapping, output formatting, scope across cells,
// and the time limit (with the build-time evaluator, node:vm).
import { describe, expect, test } from 'vitest';
import { tensor } from '../../src/autodiff/index.ts';
import { CellSyntaxError, compileCell } from '../../src/cells/compile.ts';
import { formatError, formatLog, formatValue } from '../../src/cells/format.ts';
import { plotSvg } from '../../src/cells/plot.ts';
import { evaluateInNode } from '../../src/cells/run-node.ts';
import { rootScope, runCell, type Scope } from '../../src/cells/runtime.ts';

/** Run cells in order on one scope; the outputs of each as text. */
function notebook(...cells: string[]) {
  let scope: Scope = rootScope();
  return cells.map((source, i) => {
    const result = runCell(source, `cell-${i + 1}.js`, scope, evaluateInNode, 500);
    scope = result.scope;
    return result;
  });
}
const texts = (result: ReturnType<typeof notebook>[number]) => result.outputs.map((o) => ('text' in o ? o.text : o.svg));

describe('compile', () => {
  test('types are stripped; top-level names and a last expression are found', () => {
    const cell = compileCell(
      'const a: number = 1;\nlet [b, { c }] = [2, { c: 3 }];\nfunction f(x: number) { return x }\nclass K {}\na + b',
      'c.js',
    );
    expect(cell.names).toEqual(['a', 'b', 'c', 'f', 'K']);
    expect(cell.hasLast).toBe(true);
    expect(cell.script).not.toContain(': number');
    expect(compileCell('const a = 1;', 'c.js').hasLast).toBe(false);
  });

  test('types are blanked in place: the JavaScript keeps every line and column of the reader’s code', () => {
    const source = 'const x = 1;\nconst v: number[] = [1], w = boom<number>(v!) as number;';
    const cell = compileCell(source, 'c.js');
    expect(cell.javascript).toBe('const x = 1;\nconst v           = [1], w = boom        (v )          ;');
    // `boom` is at line 2, column 30 of the TypeScript; the script has one wrapper line first.
    const jsLine = cell.script.split('\n').findIndex((line) => line.includes('boom')) + 1;
    const jsColumn = cell.script.split('\n')[jsLine - 1].indexOf('boom') + 1;
    expect(cell.toSource(jsLine, jsColumn)).toEqual({ line: 2, column: 30 });
    // The last expression gets `__cell.last = (` in front; positions after it are corrected.
    const last = compileCell('const a = 1;\n  a.b.c', 'c.js');
    const line = last.script.split('\n')[2];
    expect(line).toBe('  __cell.last = (a.b.c)');
    expect(last.toSource(3, line.indexOf('.c') + 1)).toEqual({ line: 2, column: 6 });
  });

  test('interfaces, type aliases, modifiers, overloads, declare fields and generics are erased; the code still runs', () => {
    const [cell] = notebook(
      [
        'interface Point { x: number }',
        'type Pair = [number, number];',
        'abstract class Base { abstract area(): number; }',
        'class Sq extends Base { declare tag: string; private readonly s: number = 2; area(): number { return this.s ** 2 } }',
        'function twice(x: number): number;',
        'function twice(x: any) { return 2 * x }',
        'const f = <T,>(x: T): T => x;',
        'const g = (p: Point):',
        '  number => p.x;',
        'let z!: number;',
        '[new Sq().area(), twice(f<number>(3)), g({ x: 4 } satisfies Point), Object.keys(new Sq())] as const',
      ].join('\n'),
    );
    expect(cell.error).toBeUndefined();
    expect(texts(cell)).toEqual(['[4, 6, 4, ["s"]]']);
  });

  test('TypeScript that needs code generated, and what V8 would report without a place, are errors at the reader’s line:column', () => {
    const failure = (source: string) => {
      try {
        compileCell(source, 'c.js');
      } catch (e) {
        expect(e).toBeInstanceOf(CellSyntaxError);
        return `${(e as CellSyntaxError).message} @${(e as CellSyntaxError).point.line}:${(e as CellSyntaxError).point.column}`;
      }
      return 'compiled';
    };
    expect(failure('const a = 1;\nenum E { A }')).toMatch(/^an enum is TypeScript that needs more than erasing .* @2:1$/);
    expect(failure('namespace N { export const a = 1 }')).toMatch(/^a namespace .* @1:1$/);
    expect(failure('class P {\n  constructor(public x: number) {}\n}')).toMatch(/^a parameter property .* @2:15$/);
    expect(failure('const x = 1;\nlet y = 2, x = 3;')).toBe("Identifier 'x' has already been declared @2:12");
    expect(failure('function f() {}\nclass f {}')).toBe("Identifier 'f' has already been declared @2:7");
    expect(failure('if (true) {\n  return 1;\n}')).toMatch(/^'return' outside of a function.* @2:3$/);
    expect(failure('import { x } from "y";')).toMatch(/^'import' is not available in a cell.* @1:1$/);
    // …and what is allowed stays allowed.
    expect(failure('var a = 1; var a = 2;\nfunction h() { return a }\n{ let a = 3 }')).toBe('compiled');
  });

  test('the last expression is found through labels, blocks, async functions and type-only statements', () => {
    const hasLast = (source: string) => compileCell(source, 'c.js').hasLast;
    expect(hasLast('1 + 1\ntype T = number;')).toBe(false);
    expect(hasLast('let a = 1\n(a)')).toBe(false); // one statement: `1(a)` — JavaScript's own reading
    expect(hasLast('async function f() {}')).toBe(false);
    expect(hasLast('outer: for (;;) break outer;')).toBe(false);
    expect(hasLast('{ 1 }')).toBe(false);
    expect(hasLast('(async () => 1)()')).toBe(true);
    expect(hasLast('const v = [1] as const;\nv // the value')).toBe(true);
  });
});

describe('formatting', () => {
  test('numbers, strings, arrays, objects, tensors, errors', () => {
    expect(formatValue(20)).toBe('20');
    expect(formatValue(-0)).toBe('-0');
    expect(formatValue('text')).toBe('text');
    expect(formatValue(['a', 1, [2, 3]])).toBe('["a", 1, [2, 3]]');
    expect(formatValue({ w: tensor([1, 2]), 'odd key': null })).toBe('{ w: Tensor [2] [1. 2.], "odd key": null }');
    expect(
      formatValue(
        tensor([
          [1, 2],
          [3, 4],
        ]),
      ),
    ).toBe('Tensor [2, 2]\n[[1. 2.]\n [3. 4.]]');
    expect(
      formatValue([
        tensor([
          [1, 0],
          [0, 1],
        ]),
      ]),
    ).toBe('[\n  Tensor [2, 2]\n  [[1. 0.]\n   [0. 1.]]\n]');
    expect(formatLog(['x =', 3, { a: [1] }])).toBe('x = 3 { a: [1] }');
    expect(formatError(new RangeError('too far'))).toBe('RangeError: too far');
    expect(formatError(42)).toBe('Uncaught 42');
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    expect(formatValue(cycle)).toBe('{ a: 1, self: [Circular] }');
    expect(formatValue(Math.max)).toBe('[Function max]');
  });

  test('long arrays break onto lines', () => {
    const text = formatValue(Array.from({ length: 30 }, (_, i) => i * 1000));
    expect(text.split('\n')).toHaveLength(32);
  });
});

describe('running cells', () => {
  test('console.log lines, then the last expression’s value; the engine is in scope', () => {
    const [cell] = notebook('console.log("a", 1)\nconsole.log([2])\ngradient((x) => mul(x, x), 3)');
    expect(texts(cell)).toEqual(['a 1', '[2]', '[6]']);
    expect(texts(notebook('({ a: 1 })')[0])).toEqual(['{ a: 1 }']);
    expect(texts(notebook('(1, 2);')[0])).toEqual(['2']);
    expect(cell.error).toBeUndefined();
  });

  test('a later cell sees earlier names; redefining shadows without touching the scope above', () => {
    const [, second, third] = notebook(
      'const f = (x: number) => 2 * x;\nlet n = 1;',
      'n = 10;\nconst f = (x: number) => 3 * x;\n[f(1), n]',
      '[f(1), n]',
    );
    expect(texts(second)).toEqual(['[3, 10]']);
    expect(texts(third)).toEqual(['[3, 10]']);
    // Re-running a cell on the scope above it starts clean: the first cell's n is still 1.
    const [first] = notebook('let n = 1;');
    expect(texts(runCell('n', 'again.js', first.scope, evaluateInNode))).toEqual(['1']);
  });

  test('a throwing cell reports the error at its line:column and leaves the scope as it was', () => {
    const [first, bad] = notebook('const a = 1;', 'const b = 2;\n  a.nope.deeper');
    expect(bad.error?.message).toMatch(/^TypeError: Cannot read properties of undefined/);
    expect(bad.error?.point).toEqual({ line: 2, column: 10 });
    expect(bad.scope).toBe(first.scope);
    expect(texts(bad)[0]).toContain('at line 2, column 10 of this cell');
  });

  test('engine errors keep their hints', () => {
    const [cell] = notebook('const x = tensor([1, 2]);\nmatmul(x, tensor([[1, 2, 3]]))');
    expect(cell.error?.message).toMatch(/^AutodiffError: matmul/);
    expect(cell.error?.point?.line).toBe(2);
  });

  test('an endless loop is stopped at the time limit, and the next cell runs', () => {
    const started = performance.now();
    const [loop, after] = notebook('const x = 1;\nwhile (true) {}', '2 + 2');
    expect(performance.now() - started).toBeLessThan(2000);
    expect(loop.error?.timeout).toBe(true);
    expect(loop.error?.message).toContain('time limit of 500 ms');
    expect(texts(after)).toEqual(['4']);
  });

  test('plot() adds a chart to the outputs; bad input is a clear error', () => {
    const [cell] = notebook('plot([(x) => x * x, Math.sin], [-2, 2])');
    const svg = texts(cell)[0];
    expect(svg).toMatch(/^<svg class="cell-plot"/);
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(() => plotSvg((x: number) => x)).toThrow('plot: a function needs an interval [a, b]');
    expect(() => plotSvg({ x: [1, 2], y: [1] })).toThrow('x has 2 values but y has 1');
  });
});
