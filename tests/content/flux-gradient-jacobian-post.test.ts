// "gradient and jacobian, the Flux way": every live cell's output (as the build writes it)
// and every number in the prose, checked against central finite differences on plain
// JavaScript versions of the same functions — so text, outputs and maths cannot disagree.
import { describe, expect, it } from 'vitest';
import { rootScope, runCell, type Scope } from '../../src/cells/runtime.ts';
import { evaluateInNode } from '../../src/cells/run-node.ts';
import { isLiveCell, parseCellOptions } from '../../src/markdown/remark-live-cells.ts';
import { central, centralGradient, readPost } from './post.ts';

const post = readPost('content/posts/flux-gradient-jacobian.md');
const fences = [...post.source.matchAll(/^```(\w+)([^\n]*)\n([\s\S]*?)^```$/gm)].map((m) => ({
  lang: m[1],
  meta: m[2].trim(),
  code: m[3].replace(/\n$/, ''),
}));
const cells = fences.filter((f) => isLiveCell({ type: 'code', lang: f.lang, meta: f.meta, value: f.code }));

// The outputs exactly as the build computes them (same runtime, same scope rules).
let scope: Scope = rootScope();
const outputs = cells.map((cell, i) => {
  const options = parseCellOptions(cell.meta);
  if (typeof options === 'string') throw new Error(options);
  const result = runCell(cell.code, `cell-${i + 1}.js`, scope, evaluateInNode, options.timeout);
  scope = result.scope;
  expect(!!result.error, `cell ${i + 1}: error only where the fence says \`run error\``).toBe(options.error);
  return result.outputs.map((o) => ('text' in o ? o.text : o.svg)).join('\n');
});
const says = (text: string) => expect(post.source.replace(/\s+/g, ' ')).toContain(text);
const cellWith = (code: string) => {
  const i = cells.findIndex((c) => c.code.includes(code));
  expect(i, `a cell with ${code}`).toBeGreaterThanOrEqual(0);
  return outputs[i];
};
const close = (a: number[], b: number[], tol = 1e-6) => {
  expect(a).toHaveLength(b.length);
  a.forEach((v, i) => {
    expect(Math.abs(v - b[i]), `entry ${i}: ${v} vs ${b[i]}`).toBeLessThan(tol);
  });
};

// Plain 3×3 helpers (no engine), for finite differences.
type M = number[][];
const det3 = (X: M) =>
  X[0][0] * (X[1][1] * X[2][2] - X[1][2] * X[2][1]) -
  X[0][1] * (X[1][0] * X[2][2] - X[1][2] * X[2][0]) +
  X[0][2] * (X[1][0] * X[2][1] - X[1][1] * X[2][0]);
const inv3 = (X: M): M => {
  const d = det3(X);
  const c = (i: number, j: number) => {
    const rows = [0, 1, 2].filter((r) => r !== i);
    const cols = [0, 1, 2].filter((k) => k !== j);
    const minor = X[rows[0]][cols[0]] * X[rows[1]][cols[1]] - X[rows[0]][cols[1]] * X[rows[1]][cols[0]];
    return (-1) ** (i + j) * minor;
  };
  return [0, 1, 2].map((i) => [0, 1, 2].map((j) => c(j, i) / d));
};
const flatRow = (X: M) => X.flat();
const fromRow = (v: number[]): M => [v.slice(0, 3), v.slice(3, 6), v.slice(6, 9)];
const U: M = [
  [1, 1, 1],
  [0, 1, 1],
  [0, 0, 1],
];
/** The 9×9 jacobian of inv at X by central differences, rows = outputs, row-major flattening. */
const fdJacobianRow = (X: M): M => {
  const cols = [...Array(9).keys()].map((k) => {
    const h = 1e-6;
    const up = flatRow(X);
    const down = flatRow(X);
    up[k] += h;
    down[k] -= h;
    const a = flatRow(inv3(fromRow(up)));
    const b = flatRow(inv3(fromRow(down)));
    return a.map((v, i) => (v - b[i]) / (2 * h));
  });
  return [...Array(9).keys()].map((r) => cols.map((col) => col[r]));
};
/** A printed tensor's numbers, in order. */
const numbersIn = (text: string) => [...text.matchAll(/-?\d+(?:\.\d*)?/g)].map((m) => Number(m[0]));

describe('the post “gradient and jacobian, the Flux way”', () => {
  it('has the cells this test checks, all run at build time', () => {
    expect(cells).toHaveLength(16);
    expect(fences.filter((f) => f.lang === 'ts' && !f.meta.startsWith('run'))).toEqual([]);
  });

  it('f(x) = 3x² + 2x + 1: f′(3) = 20, and f′ vanishes at −1/3', () => {
    says("$f'(3) = 20$");
    says('zero at $x = -1/3$');
    const f = (x: number) => 3 * x * x + 2 * x + 1;
    expect(central(f, 3)).toBeCloseTo(20, 6);
    expect(central(f, -1 / 3)).toBeCloseTo(0, 6);
    expect(cellWith('const f =')).toBe('[20]');
    expect(cellWith('plot([f, df]')).toMatch(/^<svg class="cell-plot"[\s\S]*<title>f<\/title>[\s\S]*<title>df<\/title>/);
  });

  it('xy + z² at (1, 2, 3) is (2, 1, 6)', () => {
    says('which at $(1, 2, 3)$ is $(2, 1, 6)$');
    close(
      centralGradient(([x, y, z]) => x * y + z * z, [1, 2, 3]),
      [2, 1, 6],
    );
    expect(cellWith('const g =')).toBe('[2, 1, 6]');
  });

  it('Σ(x − y)² at ([2, 1], [2, 0]) is [0, 2] and [0, −2]', () => {
    says('that is $[0, 2]$ and $[0, -2]$');
    const f = ([a, b, c, d]: number[]) => (a - c) ** 2 + (b - d) ** 2;
    close(centralGradient(f, [2, 1, 2, 0]), [0, 2, 0, -2]);
    expect(cellWith('const distance')).toBe('[[0, 2], [0, -2]]');
  });

  it('xᵀAy: value 38, Ay = [10, 5, 6], Aᵀx = [1, 2, 4]', () => {
    says('at $x = [1, 2, 3]$ and $y = [4, 5, 6]$, $Ay = [10, 5, 6]$, $A\\T x = [1, 2, 4]$ and the value is $x\\T A y = 38$');
    const A = [
      [1, 0, 1],
      [0, 1, 0],
      [0, 0, 1],
    ];
    const f = (v: number[]) => {
      const [x, y] = [v.slice(0, 3), v.slice(3)];
      return x.reduce((s, xi, i) => s + xi * A[i].reduce((t, a, j) => t + a * y[j], 0), 0);
    };
    expect(f([1, 2, 3, 4, 5, 6])).toBe(38);
    close(centralGradient(f, [1, 2, 3, 4, 5, 6]), [10, 5, 6, 1, 2, 4]);
    expect(cellWith('const bilinear')).toBe('{ value: 38, gradients: [[10, 5, 6], [1, 2, 4]] }');
  });

  it('∇det is the cofactor matrix det(X) X⁻ᵀ, the transpose of the adjugate', () => {
    const fd = (X: M) => fromRow(centralGradient((v) => det3(fromRow(v)), flatRow(X)));
    const eye = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
    close(flatRow(fd(eye)), flatRow(eye));
    expect(numbersIn(cellWith('gradient(det, eye(3))'))).toEqual([3, 3, ...flatRow(eye)]);
    const cofactor = [
      [1, 0, 0],
      [-1, 1, 0],
      [0, -1, 1],
    ];
    close(flatRow(fd(U)), flatRow(cofactor));
    const adjugate = inv3(U).map((row) => row.map((v) => v * det3(U)));
    close(flatRow(adjugate), flatRow([0, 1, 2].map((i) => [0, 1, 2].map((j) => cofactor[j][i]))));
    const shown = numbersIn(cellWith('const adjugate'));
    expect(shown).toEqual([3, 3, ...flatRow(cofactor), 3, 3, ...flatRow(adjugate).map((v) => v + 0)]);
    // Jacobi's formula, checked by the cell for one step: three equal numbers.
    expect(cellWith('const byTrace')).toBe('["0.05000", "0.05000", "0.05000"]');
  });

  it('jacobian of inv: −I₉ at I; at U row-major −(U⁻¹ ⊗ U⁻ᵀ), column-major −(U⁻ᵀ ⊗ U⁻¹), a permutation apart', () => {
    says('the jacobian is minus the $9 \\times 9$ identity');
    const eye = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
    const minusI9 = [...Array(9).keys()].map((i) => [...Array(9).keys()].map((j) => (i === j ? -1 : 0)));
    close(fdJacobianRow(eye).flat(), minusI9.flat());
    expect(numbersIn(cellWith('jacobian(inv, eye(3))'))).toEqual([9, 9, ...minusI9.flat()]);
    const Jrow = fdJacobianRow(U);
    close(numbersIn(cellWith('const Jrow')).slice(2), Jrow.flat());
    // Column-major: entry (i, j) is number i + 3j; permute both outputs and inputs.
    const col = (r: number) => (r % 3) * 3 + Math.floor(r / 3);
    const Jcol = [...Array(9).keys()].map((a) => [...Array(9).keys()].map((b) => Jrow[col(a)][col(b)]));
    close(numbersIn(cellWith('const Jcol')).slice(2), Jcol.flat());
    expect(cellWith('const kron')).toBe('{ row: 0, col: 0 }');
  });

  it('Zygote’s examples: (15, 10, 6), value 30, (30, 20, 12); [14, 22, 26]; 2, 4, 6; structured (4, 6, 1)', () => {
    says('$(bc, ac, ab) = (15, 10, 6)$');
    says('doubles it to $(30, 20, 12)$');
    close(
      centralGradient(([a, b, c]) => a * b * c, [2, 3, 5]),
      [15, 10, 6],
    );
    expect(cellWith('const product')).toBe('[15, 10, 6]\n[Tensor [] 30., [15, 10, 6], [30, 20, 12]]');
    says('is $2x = [14, 22, 26]$');
    close(
      centralGradient((x) => x.reduce((s, v) => s + v * v, 0), [7, 11, 13]),
      [14, 22, 26],
    );
    says('is the diagonal matrix with $2, 4, 6$ on its diagonal');
    expect(cellWith('jacobian((a: Tensor) => pow(a, 2)')).toBe('[[14, 22, 26]]\nTensor [3, 3]\n[[2. 0. 0.]\n [0. 4. 0.]\n [0. 0. 6.]]');
    says('is $s = 4$ in every entry, with respect to $s$ it is $\\sum_i a_i = 6$, and with respect to $t$ it is 1');
    close(
      centralGradient(([a1, a2, a3, s, t]) => (a1 + a2 + a3) * s + t, [1, 2, 3, 4, 5]),
      [4, 4, 4, 6, 1],
    );
    expect(cellWith('const params')).toBe('[[4, 4, 4], { scale: Tensor [] 6., shift: Tensor [] 1. }]');
  });

  it('the `run error` cell shows the engine’s error with its hint', () => {
    expect(cellWith('gradient((x: Tensor) => mul(x, 2)')).toMatch(
      /^AutodiffError: gradient: f returned a tensor of shape \[2\].*jacobian\(f, x\)/s,
    );
  });
});
