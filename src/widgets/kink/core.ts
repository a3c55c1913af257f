// kink, the pure core: a scalar function near a point where it may have no derivative.
// Everything a reader sees is computed here by the engine, live: the curve, the one-sided
// slopes (forward mode in directional mode, `subdifferential`), whether a line through the
// point stays below the curve (the fan of subgradients of a convex function), and what each
// framework returns (`gradient` under each preset), for several programs of the same function.
// No DOM: the same code renders the static first frame at build time and every frame after.
import {
  CONVENTION_NAMES,
  type ConventionName,
  type Tensor,
  abs,
  add,
  clamp,
  gradient,
  greater,
  hardtanh,
  leakyRelu,
  less,
  log,
  maximum,
  minimum,
  mul,
  neg,
  norm,
  relu,
  sqrt,
  subdifferential,
  sum,
  tensor,
  where,
  withConvention,
} from '../../autodiff/index.ts';
import { ExpressionError, compile, parseExpression, variablesOf } from '../expression.ts';

type Program = (x: Tensor) => Tensor;

/** One way of writing the function as engine ops; `code` is how a reader would type it in PyTorch/JAX. */
export interface Variant {
  code: string;
  f: Program;
}

export interface KinkFn {
  /** The function as a reader reads it, plain text. */
  label: string;
  /** The point the figure starts at when the author gives none: the kink. */
  kink: number;
  /** The same function written as different programs; the first is the canonical one. */
  programs: Variant[];
}

/** The direction of the line through 0 along which the 2-norm is plotted: a unit vector. */
export const NORM_DIRECTION = [0.6, 0.8] as const;
const along = (x: Tensor) => mul(x, tensor([...NORM_DIRECTION]));
const gt0 = (x: Tensor) => greater(x, 0);

/** The functions a reader can pick. Keys are the `fn` attribute's values. */
export const FUNCTIONS = {
  relu: {
    label: 'relu(x)',
    kink: 0,
    programs: [
      { code: 'relu(x)', f: relu },
      { code: 'maximum(x, 0)', f: (x) => maximum(x, 0) },
      { code: 'where(x > 0, x, 0)', f: (x) => where(gt0(x), x, 0) },
    ],
  },
  abs: {
    label: '|x|',
    kink: 0,
    programs: [
      { code: 'abs(x)', f: (x) => abs(x) },
      { code: 'maximum(x, -x)', f: (x) => maximum(x, neg(x)) },
      { code: 'where(x > 0, x, -x)', f: (x) => where(gt0(x), x, neg(x)) },
    ],
  },
  'leaky-relu': {
    label: 'leaky relu, slope 0.1',
    kink: 0,
    programs: [
      { code: 'leaky_relu(x, 0.1)', f: (x) => leakyRelu(x, 0.1) },
      { code: 'maximum(x, 0.1 * x)', f: (x) => maximum(x, mul(0.1, x)) },
    ],
  },
  hardtanh: {
    label: 'hardtanh(x)',
    kink: 1,
    programs: [
      { code: 'hardtanh(x)', f: (x) => hardtanh(x) },
      { code: 'clamp(x, -1, 1)', f: (x) => clamp(x, -1, 1) },
      { code: 'minimum(maximum(x, -1), 1)', f: (x) => minimum(maximum(x, -1), 1) },
    ],
  },
  clamp: {
    label: 'clamp(x, −1, 1)',
    kink: -1,
    programs: [
      { code: 'clamp(x, -1, 1)', f: (x) => clamp(x, -1, 1) },
      { code: 'hardtanh(x)', f: (x) => hardtanh(x) },
    ],
  },
  maximum: {
    label: 'maximum(x, 0)',
    kink: 0,
    programs: [
      { code: 'maximum(x, 0)', f: (x) => maximum(x, 0) },
      { code: 'relu(x)', f: relu },
    ],
  },
  minimum: {
    label: 'min(x, 0) = −relu(−x)',
    kink: 0,
    programs: [
      { code: 'minimum(x, 0)', f: (x) => minimum(x, 0) },
      { code: '-relu(-x)', f: (x) => neg(relu(neg(x))) },
      { code: 'where(x < 0, x, 0)', f: (x) => where(less(x, 0), x, 0) },
    ],
  },
  'abs-plus-relu': {
    label: '|x| + relu(x)',
    kink: 0,
    programs: [
      { code: 'abs(x) + relu(x)', f: (x) => add(abs(x), relu(x)) },
      { code: 'maximum(2 * x, -x)', f: (x) => maximum(mul(2, x), neg(x)) },
    ],
  },
  norm: {
    label: '‖x·(0.6, 0.8)‖₂, the 2-norm along a line through 0',
    kink: 0,
    programs: [
      { code: 'norm(x * d)', f: (x) => norm(along(x)) },
      { code: 'sqrt(sum((x * d) ** 2))', f: (x) => sqrt(sum(mul(along(x), along(x)))) },
    ],
  },
  'log-where': {
    label: 'log x where x > 0, else 0',
    kink: 0,
    programs: [
      { code: 'where(x > 0, log(x), 0)', f: (x) => where(gt0(x), log(x), 0) },
      { code: 'where(x > 0, log(where(x > 0, x, 1)), 0)', f: (x) => where(gt0(x), log(where(gt0(x), x, 1)), 0) },
    ],
  },
} as const satisfies Record<string, KinkFn>;

export type FnId = keyof typeof FUNCTIONS | 'expression';
export const FN_IDS = [...(Object.keys(FUNCTIONS) as (keyof typeof FUNCTIONS)[]), 'expression'] as FnId[];

/** The plotted window and the points x can take (the slider and the arrow keys step by STEP). */
export const X_MIN = -2;
export const X_MAX = 2;
export const STEP = 0.05;
/** The expression the reader starts from when they choose "your own". */
export const DEFAULT_EXPRESSION = 'max(x, 0) - 0.5*abs(x - 1)';

/** A typed formula in x compiled to engine ops, or the error with its column. */
export function compileExpression(text: string): { fn: KinkFn } | { error: ExpressionError } {
  try {
    const expr = parseExpression(text);
    const other = variablesOf(expr).find((name) => name !== 'x');
    if (other) {
      const at = text.search(new RegExp(`\\b${other}\\b`));
      return { error: new ExpressionError(`the only variable is x; "${other}" is not defined.`, at + 1, other.length) };
    }
    const run = compile(expr, ['x']);
    const f: Program = (x) => {
      const out = run(x);
      return typeof out === 'number' ? add(mul(x, 0), out) : out;
    };
    return { fn: { label: text, kink: 0, programs: [{ code: text, f }] } };
  } catch (error) {
    if (error instanceof ExpressionError) return { error };
    throw error;
  }
}

export type Picks = Record<ConventionName, number>;

export interface Analysis {
  x: number;
  value: number;
  /** One-sided derivatives at x (f′₋ and f′₊). */
  left: number;
  right: number;
  /**
   * True when the slopes are the engine's `subdifferential` (exact, forward mode). False where
   * that cannot follow the program (a `where` decided at x itself, the norm's square root at 0):
   * then they are limits of the engine's gradient from each side.
   */
  exact: boolean;
  /** f is not continuous at x (it jumps, or runs off to ±∞ beside it). */
  jump: boolean;
  /** left ≠ right: no derivative here. */
  atKink: boolean;
  /**
   * Every slope between the one-sided ones gives a line through (x, f(x)) that stays on or
   * below the curve over the whole plot: the subdifferential of a convex function, drawn as
   * a fan. False where f is not convex around x (then [left, right] is the Clarke interval).
   */
  supported: boolean;
  /** What `gradient` returns under each preset for each program, in the order of `programs`. */
  programs: { code: string; picks: Picks }[];
  /** The curve, sampled on the window. */
  samples: [number, number][];
  /** Convex / concave on the whole window (checked on the samples). */
  convex: boolean;
  concave: boolean;
}

const SAMPLES = 161;
const TOL = 1e-9;

const evaluate = (f: Program, x: number) => f(tensor(x)).item();

/** The slope each framework returns for program f at x: the engine's gradient under its preset. */
export function picksOf(f: Program, x: number): Picks {
  const picks = {} as Picks;
  for (const name of CONVENTION_NAMES) picks[name] = withConvention(name, () => gradient(f, x)[0]);
  return picks;
}

/**
 * Analyse `fn` at x.
 * @example analyse(FUNCTIONS.relu, 0).right // 1
 */
export function analyse(fn: KinkFn, x: number): Analysis {
  const f = fn.programs[0].f;
  const value = evaluate(f, x);
  const { left, right, exact, jump } = oneSidedSlopes(f, x);
  const samples = Array.from({ length: SAMPLES }, (_, i): [number, number] => {
    const t = X_MIN + ((X_MAX - X_MIN) * i) / (SAMPLES - 1);
    return [t, evaluate(f, t)];
  });
  const programs = fn.programs.map(({ code, f: g }) => ({ code, picks: picksOf(g, x) }));
  return {
    x,
    value,
    left,
    right,
    exact,
    jump,
    atKink: !sameSlope(left, right),
    supported: supports(samples, x, value, left, right),
    programs,
    samples,
    convex: secondDifferences(samples).every((d) => d >= -TOL),
    concave: secondDifferences(samples).every((d) => d <= TOL),
  };
}

/** How far from x the side limits are taken, and how big a step in f counts as a jump. */
const DELTA = 1e-9;
const JUMP = 1e-6;

/**
 * f′₋(x) and f′₊(x). Forward mode in directional mode gives them exactly for the engine's
 * kinks, comparison ties included (where(x > 0, x, 0) at 0 takes the branch the direction
 * points to). A program whose kink it still cannot see is caught by comparing with the
 * engine's gradient just beside x, which is then the answer: f′₊(x) = lim f′(x + δ) for f continuous from the right
 * (the mean value theorem). Across a jump the one-sided slope is ±∞.
 */
export function oneSidedSlopes(f: Program, x: number): { left: number; right: number; exact: boolean; jump: boolean } {
  const forward = subdifferential(f, x);
  const fx = evaluate(f, x);
  let exact = true;
  let jump = false;
  const side = (sign: 1 | -1, d: number) => {
    const beside = evaluate(f, x + sign * DELTA);
    if (!(Math.abs(beside - fx) <= JUMP * Math.max(1, Math.abs(fx)))) {
      exact = false;
      jump = true;
      return sign * (beside - fx) > 0 ? Infinity : -Infinity;
    }
    const limit = gradient(f, x + sign * DELTA)[0];
    if (Number.isFinite(d) && Math.abs(d - limit) <= JUMP * Math.max(1, Math.abs(d))) return d;
    exact = false;
    return limit;
  };
  const left = side(-1, forward.left);
  const right = side(1, forward.right);
  return { left, right, exact, jump };
}

function sameSlope(a: number, b: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Object.is(a, b);
  return Math.abs(a - b) <= TOL * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * Lines through (x, v) with every slope in [left, right] stay on or below every sample iff
 * left ≤ right, the line of slope `left` is below the samples to the left of x and the line
 * of slope `right` below those to the right (the others lie between them on each side).
 */
function supports(samples: [number, number][], x: number, v: number, left: number, right: number): boolean {
  if (!Number.isFinite(left) || !Number.isFinite(right) || !Number.isFinite(v) || left > right + TOL) return false;
  return samples.every(([t, y]) => {
    const slope = t < x ? left : right;
    return !Number.isFinite(y) ? false : y >= v + slope * (t - x) - TOL * Math.max(1, Math.abs(y));
  });
}

function secondDifferences(samples: [number, number][]): number[] {
  const out: number[] = [];
  for (let i = 1; i + 1 < samples.length; i++) out.push(samples[i - 1][1] - 2 * samples[i][1] + samples[i + 1][1]);
  return out;
}

/** Whether a framework's pick lies between the one-sided slopes (a Clarke subgradient). */
export function inInterval(pick: number, a: Analysis): boolean {
  const [lo, hi] = [Math.min(a.left, a.right), Math.max(a.left, a.right)];
  return pick >= lo - TOL && pick <= hi + TOL;
}

/** Snap x to the slider's grid, inside the window: `snap(0.0333)` → 0.05. */
export function snap(x: number): number {
  const clamped = Math.min(X_MAX, Math.max(X_MIN, x));
  return Number((Math.round(clamped / STEP) * STEP).toFixed(2)) + 0;
}

/**
 * Numbers as the widget prints them: up to 4 significant digits, − for minus, ∞ and NaN.
 * @example formatNumber(-0.5) // '−0.5'
 */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  return String(Number(value.toPrecision(4))).replace('-', '−');
}

/** The frameworks as readers know them, in the presets' order. */
export const FRAMEWORK_LABELS: Record<ConventionName, string> = { pytorch: 'PyTorch', jax: 'JAX', flux: 'Flux' };

/** The sentence under the plot: what the slopes at x say. */
export function describe(a: Analysis, label: string): string {
  const at = `At x = ${formatNumber(a.x)}`;
  if (!Number.isFinite(a.value)) return `${at}, ${label} is ${formatNumber(a.value)}: there is no tangent, and no slope to pick.`;
  if (!a.atKink) {
    return `${at}, ${label} is differentiable: its slope is ${formatNumber(a.right)}, and every framework returns that.`;
  }
  if (a.jump) {
    return (
      `${at}, ${label} is not continuous: it jumps, so no line through the point fits it on both sides and ` +
      `its one-sided slopes are ${formatNumber(a.left)} (left) and ${formatNumber(a.right)} (right). What each framework returns depends only on how the program is written.`
    );
  }
  const sides = `one-sided slopes ${formatNumber(a.left)} (left) and ${formatNumber(a.right)} (right)`;
  if (a.supported) {
    return (
      `${at} there is a kink, with ${sides}. Every line through the point with a slope in ` +
      `[${formatNumber(a.left)}, ${formatNumber(a.right)}] stays below the curve (the fan): that interval is the subdifferential, and each framework must pick one number from it.`
    );
  }
  const lo = formatNumber(Math.min(a.left, a.right));
  const hi = formatNumber(Math.max(a.left, a.right));
  return (
    `${at} there is a kink, with ${sides}, but ${label} is not convex here: no line through the point stays below the curve, ` +
    `so there is no subgradient. The interval [${lo}, ${hi}] between the one-sided slopes is Clarke’s generalized gradient.`
  );
}
