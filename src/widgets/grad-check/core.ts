// grad-check, the pure core: one function, one point, three derivatives.
//   formula            the derivative worked out by hand, as in a textbook;
//   autodiff           reverse mode through the engine (src/autodiff), see ./engine.ts;
//   finite difference  the central difference (f(x + h) − f(x − h)) / 2h.
// No DOM here: the same code renders the static HTML at build time and updates it live.

export interface Fn {
  /** f(x) as a reader reads it (plain text, for labels and the select). */
  label: string;
  /** f′(x) as derived by hand, plain text. */
  formula: string;
  f: (x: number) => number;
  df: (x: number) => number;
  /** A point where f is not differentiable, with the convention the formula follows there. */
  kink?: { at: number; note: string };
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** The functions a reader can pick. Keys are the `fn` attribute's values. */
export const FUNCTIONS = {
  square: { label: 'x²', formula: '2x', f: (x) => x * x, df: (x) => 2 * x },
  cube: { label: 'x³', formula: '3x²', f: (x) => x * x * x, df: (x) => 3 * x * x },
  sin: { label: 'sin x', formula: 'cos x', f: Math.sin, df: Math.cos },
  exp: { label: 'eˣ', formula: 'eˣ', f: Math.exp, df: Math.exp },
  tanh: { label: 'tanh x', formula: '1 − tanh² x', f: Math.tanh, df: (x) => 1 - Math.tanh(x) ** 2 },
  sigmoid: { label: 'σ(x) = 1 / (1 + e⁻ˣ)', formula: 'σ(x) (1 − σ(x))', f: sigmoid, df: (x) => sigmoid(x) * (1 - sigmoid(x)) },
  xsinx: { label: 'x sin x', formula: 'sin x + x cos x', f: (x) => x * Math.sin(x), df: (x) => Math.sin(x) + x * Math.cos(x) },
  abs: {
    label: '|x|',
    formula: 'sign x',
    f: Math.abs,
    df: (x) => Math.sign(x),
    kink: {
      at: 0,
      note: '|x| has a corner at 0: any slope in [−1, 1] is a subgradient. The formula and the engine pick 0, as PyTorch does; the central difference averages the two sides, also 0.',
    },
  },
  relu: {
    label: 'relu x = max(x, 0)',
    formula: '1 if x > 0, else 0',
    f: (x) => Math.max(x, 0),
    df: (x) => (x > 0 ? 1 : 0),
    kink: {
      at: 0,
      note: 'relu has a corner at 0: any slope in [0, 1] is a subgradient. The formula and the engine pick 0, as PyTorch does; the central difference averages the two sides and reports ½.',
    },
  },
} as const satisfies Record<string, Fn>;

export type FnId = keyof typeof FUNCTIONS;
export const FN_IDS = Object.keys(FUNCTIONS) as FnId[];

/** The derivative of FUNCTIONS[id] at x by automatic differentiation. */
export type Autodiff = (id: FnId, x: number) => number;

/**
 * Central difference: error O(h²) from truncation plus O(ε/h) from rounding.
 * @example centralDifference(Math.sin, 0, 1e-5) // ≈ 1
 */
export function centralDifference(f: (x: number) => number, x: number, h: number): number {
  return (f(x + h) - f(x - h)) / (2 * h);
}

/**
 * |a − b| / max(|a|, |b|, 1): relative for derivatives of size 1 and more, absolute below.
 * A purely relative error misleads where the true derivative is 0: x³ at 0 has f′ = 0 and a
 * central difference of exactly h², "off by 100 %" although it is as good as a difference
 * gets. Gradient checkers mix the two for this reason (NumPy's isclose: atol + rtol·|b|).
 * @example relativeError(1, 1.001) // ≈ 1e-3
 * @example relativeError(0, 1e-10) // 1e-10
 */
export function relativeError(a: number, b: number): number {
  const scale = Math.max(Math.abs(a), Math.abs(b), 1);
  return Math.abs(a - b) / scale;
}

export interface CheckInput {
  fn: FnId;
  x: number;
  /** Finite-difference step. */
  h: number;
}

export interface CheckResult extends CheckInput {
  value: number;
  formula: number;
  autodiff: number;
  finiteDifference: number;
  /** Relative errors of each pair. */
  errors: { autodiffVsFormula: number; finiteVsFormula: number; finiteVsAutodiff: number };
  /** True when formula and autodiff agree to EXACT_TOLERANCE and finite differences to FD_TOLERANCE. */
  agree: boolean;
  /** Set when x is (numerically) at a kink of f. */
  kinkNote: string | undefined;
}

/** Below this, formula and autodiff count as equal: both are exact up to rounding. */
export const EXACT_TOLERANCE = 1e-9;

/**
 * What a good central difference achieves: truncation error ~ h² f‴/6 plus rounding
 * ~ 1e-16 |f| / h, both well below 1e-6 for h near 1e-5 and the functions above.
 */
export const FD_TOLERANCE = 1e-6;

/**
 * Compare the three derivatives of `FUNCTIONS[fn]` at x.
 * @example check({ fn: 'square', x: 3, h: 1e-5 }, (id, x) => 2 * x).formula // 6
 */
export function check(input: CheckInput, autodiff: Autodiff): CheckResult {
  const fn: Fn = FUNCTIONS[input.fn];
  const formula = fn.df(input.x);
  const ad = autodiff(input.fn, input.x);
  const fd = centralDifference(fn.f, input.x, input.h);
  const errors = {
    autodiffVsFormula: relativeError(ad, formula),
    finiteVsFormula: relativeError(fd, formula),
    finiteVsAutodiff: relativeError(fd, ad),
  };
  const atKink = fn.kink !== undefined && Math.abs(input.x - fn.kink.at) < input.h;
  return {
    ...input,
    value: fn.f(input.x),
    formula,
    autodiff: ad,
    finiteDifference: fd,
    errors,
    agree: errors.autodiffVsFormula <= EXACT_TOLERANCE && errors.finiteVsFormula <= FD_TOLERANCE,
    kinkNote: atKink ? fn.kink?.note : undefined,
  };
}

/**
 * Numbers as the table shows them: 12 significant digits, no trailing zeros.
 * @example formatValue(0.5) // '0.5'
 */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const text = Number(value.toPrecision(12)).toString();
  return text.replace('-', '−');
}

/**
 * Errors: `formatError(3.2e-11)` → '3.2e−11', `formatError(0.5)` → '0.5', exact agreement → '0'.
 */
export function formatError(error: number): string {
  if (error === 0) return '0';
  if (!Number.isFinite(error)) return String(error);
  if (error >= 1e-3) return Number(error.toPrecision(2)).toString();
  return error.toExponential(1).replace('e-', 'e−');
}
