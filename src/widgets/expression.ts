// Scalar expressions a reader types — `ln(x1) + x1*x2 - sin(x2)` — and points — `x1=2, x2=5` —
// parsed into a small tree and compiled to a function of engine ops, so that the engine's
// `trace` records the real tape. Shared by the widgets that take a formula (the graph
// stepper today, a kink explorer later). Pure: no DOM.
//
// Grammar (precedence climbing; ^ binds tighter than unary minus, so -x^2 = -(x^2) as in
// mathematics, and 2^-1 works because an exponent may start with a sign):
//   sum     = product (('+' | '-') product)*
//   product = unary (('*' | '/') unary)*
//   unary   = '-' unary | '+' unary | power
//   power   = atom ('^' unary)?            right-associative: 2^3^2 = 2^(3^2)
//   atom    = number | name | name '(' sum (',' sum)* ')' | '(' sum ')'
import {
  type Tensor,
  abs,
  add,
  cos,
  div,
  exp,
  log,
  maximum,
  minimum,
  mul,
  neg,
  pow,
  relu,
  sigmoid,
  sin,
  softplus,
  sqrt,
  sub,
  tanh,
} from '../autodiff/index.ts';

/** A syntax error at a 1-based column of the text the reader typed. */
export class ExpressionError extends Error {
  override name = 'ExpressionError';
  /** 1-based column where the problem starts. */
  readonly column: number;
  /** How many characters the problem spans (at least 1), for underlining. */
  readonly length: number;
  constructor(message: string, column: number, length = 1) {
    super(`column ${column}: ${message}`);
    this.column = column;
    this.length = Math.max(1, length);
  }
}

export type BinaryOp = '+' | '-' | '*' | '/' | '^';

/** A node of the parsed expression; `start`/`end` are 0-based offsets into the source. */
export type Expr =
  | { kind: 'num'; value: number; start: number; end: number }
  | { kind: 'var'; name: string; start: number; end: number }
  | { kind: 'neg'; arg: Expr; start: number; end: number }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; start: number; end: number }
  | { kind: 'call'; fn: FunctionName; args: Expr[]; start: number; end: number };

/**
 * The functions a formula may call, each an engine op (one op, one place: the engine's own
 * records differentiate them). `ln` and `log` are both the natural logarithm.
 */
export const FUNCTIONS = {
  ln: { arity: 1, op: 'log', apply: (a: Tensor) => log(a) },
  log: { arity: 1, op: 'log', apply: (a: Tensor) => log(a) },
  exp: { arity: 1, op: 'exp', apply: (a: Tensor) => exp(a) },
  sin: { arity: 1, op: 'sin', apply: (a: Tensor) => sin(a) },
  cos: { arity: 1, op: 'cos', apply: (a: Tensor) => cos(a) },
  tanh: { arity: 1, op: 'tanh', apply: (a: Tensor) => tanh(a) },
  sigmoid: { arity: 1, op: 'sigmoid', apply: (a: Tensor) => sigmoid(a) },
  relu: { arity: 1, op: 'relu', apply: (a: Tensor) => relu(a) },
  softplus: { arity: 1, op: 'softplus', apply: (a: Tensor) => softplus(a) },
  abs: { arity: 1, op: 'abs', apply: (a: Tensor) => abs(a) },
  sqrt: { arity: 1, op: 'sqrt', apply: (a: Tensor) => sqrt(a) },
  max: { arity: 2, op: 'maximum', apply: (a: Tensor, b: Tensor) => maximum(a, b) },
  min: { arity: 2, op: 'minimum', apply: (a: Tensor, b: Tensor) => minimum(a, b) },
} as const;
export type FunctionName = keyof typeof FUNCTIONS;
const FUNCTION_NAMES = Object.keys(FUNCTIONS) as FunctionName[];
const isFunction = (name: string): name is FunctionName => Object.hasOwn(FUNCTIONS, name);

/** The engine op each binary operator calls. */
export const BINARY: Record<BinaryOp, { op: string; apply: (a: Tensor | number, b: Tensor | number) => Tensor }> = {
  '+': { op: 'add', apply: add },
  '-': { op: 'sub', apply: sub },
  '*': { op: 'mul', apply: mul },
  '/': { op: 'div', apply: div },
  '^': { op: 'pow', apply: pow },
};

type Token =
  | { type: 'num'; value: number; start: number; end: number }
  | { type: 'name'; name: string; start: number; end: number }
  | { type: 'punct'; text: string; start: number; end: number }
  | { type: 'end'; start: number; end: number };

const NUMBER = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = src.slice(i);
    const num = NUMBER.exec(rest);
    if (num) {
      tokens.push({ type: 'num', value: Number(num[0]), start: i, end: i + num[0].length });
      i += num[0].length;
      continue;
    }
    const name = NAME.exec(rest);
    if (name) {
      tokens.push({ type: 'name', name: name[0], start: i, end: i + name[0].length });
      i += name[0].length;
      continue;
    }
    if ('+-*/^(),'.includes(ch)) {
      // `**` is a common way to write powers; accept it as ^.
      if (ch === '*' && src[i + 1] === '*') {
        tokens.push({ type: 'punct', text: '^', start: i, end: i + 2 });
        i += 2;
        continue;
      }
      tokens.push({ type: 'punct', text: ch, start: i, end: i + 1 });
      i++;
      continue;
    }
    const hint = ch === '×' || ch === '·' ? ' Write * for a product.' : ch === '−' ? ' Write - (the ASCII minus).' : '';
    throw new ExpressionError(`unexpected character "${ch}".${hint}`, i + 1);
  }
  tokens.push({ type: 'end', start: src.length, end: src.length });
  return tokens;
}

const describe = (t: Token): string =>
  t.type === 'end' ? 'the end' : t.type === 'num' ? `the number ${t.value}` : t.type === 'name' ? `"${t.name}"` : `"${t.text}"`;

/**
 * Parse a scalar formula. Throws ExpressionError with the column of the first problem.
 * @example parseExpression('x^2^3') // x^(2^3)
 */
export function parseExpression(src: string): Expr {
  const tokens = tokenize(src);
  let k = 0;
  const peek = () => tokens[k];
  const isPunct = (text: string) => {
    const t = tokens[k];
    return t.type === 'punct' && t.text === text;
  };
  const expect = (text: string, what: string) => {
    const t = tokens[k];
    if (t.type !== 'punct' || t.text !== text) throw new ExpressionError(`expected ${what}, found ${describe(t)}.`, t.start + 1);
    k++;
    return t;
  };

  function sum(): Expr {
    let left = product();
    while (isPunct('+') || isPunct('-')) {
      const op = (tokens[k++] as { text: BinaryOp }).text;
      const right = product();
      left = { kind: 'binary', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }
  function product(): Expr {
    let left = unary();
    while (isPunct('*') || isPunct('/')) {
      const op = (tokens[k++] as { text: BinaryOp }).text;
      const right = unary();
      left = { kind: 'binary', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }
  function unary(): Expr {
    const t = peek();
    if (isPunct('+')) {
      k++;
      return unary();
    }
    if (isPunct('-')) {
      k++;
      const arg = unary();
      // A negative literal is a number, not an op on a constant: the graph shows -3, not neg(3).
      if (arg.kind === 'num') return { kind: 'num', value: -arg.value, start: t.start, end: arg.end };
      return { kind: 'neg', arg, start: t.start, end: arg.end };
    }
    return power();
  }
  function power(): Expr {
    const base = atom();
    if (!isPunct('^')) return base;
    k++;
    const exponent = unary();
    return { kind: 'binary', op: '^', left: base, right: exponent, start: base.start, end: exponent.end };
  }
  function atom(): Expr {
    const t = tokens[k];
    if (t.type === 'num') {
      k++;
      const next = peek();
      if (next.type === 'name' || (next.type === 'punct' && next.text === '(')) {
        throw new ExpressionError(`a number followed by ${describe(next)}: write * for a product, e.g. 2*x.`, next.start + 1);
      }
      return { kind: 'num', value: t.value, start: t.start, end: t.end };
    }
    if (t.type === 'name') {
      k++;
      if (isFunction(t.name)) {
        const fn = FUNCTIONS[t.name];
        if (!isPunct('(')) {
          throw new ExpressionError(`${t.name} is a function: write ${t.name}(…).`, t.start + 1, t.end - t.start);
        }
        k++;
        const args = [sum()];
        while (isPunct(',')) {
          k++;
          args.push(sum());
        }
        const close = expect(')', `")" to close ${t.name}(`);
        if (args.length !== fn.arity) {
          const want = fn.arity === 1 ? 'one argument' : `${fn.arity} arguments`;
          throw new ExpressionError(`${t.name} takes ${want}, got ${args.length}.`, t.start + 1, close.end - t.start);
        }
        return { kind: 'call', fn: t.name, args, start: t.start, end: close.end };
      }
      if (isPunct('(')) {
        throw new ExpressionError(`unknown function "${t.name}". Functions: ${FUNCTION_NAMES.join(', ')}.`, t.start + 1, t.end - t.start);
      }
      return { kind: 'var', name: t.name, start: t.start, end: t.end };
    }
    if (t.type === 'punct' && t.text === '(') {
      k++;
      const inner = sum();
      const close = expect(')', `")" to match the "(" at column ${t.start + 1}`);
      return { ...inner, start: t.start, end: close.end };
    }
    if (t.type === 'end')
      throw new ExpressionError(src.trim() === '' ? 'the formula is empty.' : 'the formula ends too early.', t.start + 1);
    throw new ExpressionError(`expected a number, a variable, a function or "(", found ${describe(t)}.`, t.start + 1);
  }

  const tree = sum();
  const rest = tokens[k];
  if (rest.type !== 'end') {
    const hint = rest.type === 'punct' && rest.text === ')' ? ' (no "(" to match)' : '';
    throw new ExpressionError(`unexpected ${describe(rest)}${hint}: expected an operator + - * / ^ or the end.`, rest.start + 1);
  }
  return tree;
}

/** The variables of an expression, in order of first appearance. */
export function variablesOf(expr: Expr): string[] {
  const seen: string[] = [];
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (e.kind === 'var' && !seen.includes(e.name)) seen.push(e.name);
    else if (e.kind === 'neg') stack.push(e.arg);
    else if (e.kind === 'binary') stack.push(e.right, e.left);
    else if (e.kind === 'call') stack.push(...[...e.args].reverse());
  }
  return seen;
}

/** A point: variable names and their values, in the order written. */
export type Point = { name: string; value: number }[];

/**
 * Parse `x1=2, x2=5` (commas or spaces between pairs). Throws ExpressionError with a column.
 * @example parsePoint('x1=2, x2=-0.5') // [{ name: 'x1', value: 2 }, { name: 'x2', value: -0.5 }]
 */
export function parsePoint(src: string): Point {
  const point: Point = [];
  const re = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(?:,|(?=\s*[A-Za-z_])|$)/y;
  let i = 0;
  while (i < src.length && src.slice(i).trim() !== '') {
    re.lastIndex = i;
    const m = re.exec(src);
    if (!m) {
      const at = i + (src.slice(i).length - src.slice(i).trimStart().length);
      throw new ExpressionError('expected name=value, e.g. x1=2 (pairs separated by commas).', at + 1);
    }
    const name = m[1];
    const value = Number(m[2]);
    const col = m.index + m[0].indexOf(name) + 1;
    if (isFunction(name)) throw new ExpressionError(`${name} is a function name, not a variable.`, col, name.length);
    if (point.some((p) => p.name === name)) throw new ExpressionError(`${name} is given twice.`, col, name.length);
    if (!Number.isFinite(value)) throw new ExpressionError(`${name} must be a finite number.`, col, name.length);
    point.push({ name, value });
    i = re.lastIndex;
  }
  if (point.length === 0) throw new ExpressionError('the point is empty: give a value to each variable, e.g. x1=2, x2=5.', 1);
  return point;
}

/**
 * Check that a point gives a value to exactly the variables of a formula. Errors carry
 * the column in `which` text they refer to: `f` for a missing variable, `at` for an extra one.
 */
export function checkPoint(expr: Expr, point: Point, atSource: string): { which: 'f' | 'at'; error: ExpressionError } | null {
  const names = variablesOf(expr);
  if (names.length === 0) return { which: 'f', error: new ExpressionError('the formula has no variables: use at least one, e.g. x.', 1) };
  for (const name of names) {
    if (!point.some((p) => p.name === name)) {
      const at = findVar(expr, name)!;
      return { which: 'f', error: new ExpressionError(`${name} has no value: add ${name}=… to the point.`, at.start + 1, name.length) };
    }
  }
  for (const p of point) {
    if (!names.includes(p.name)) {
      const col = new RegExp(`\\b${p.name}\\s*=`).exec(atSource)?.index ?? 0;
      return { which: 'at', error: new ExpressionError(`${p.name} does not appear in the formula.`, col + 1, p.name.length) };
    }
  }
  return null;
}

function findVar(expr: Expr, name: string): Expr | undefined {
  if (expr.kind === 'var') return expr.name === name ? expr : undefined;
  if (expr.kind === 'neg') return findVar(expr.arg, name);
  if (expr.kind === 'binary') return findVar(expr.left, name) ?? findVar(expr.right, name);
  if (expr.kind === 'call') {
    for (const a of expr.args) {
      const found = findVar(a, name);
      if (found) return found;
    }
  }
  return undefined;
}

/** What one engine call computes: the AST node and the engine op it must record. */
export interface Step {
  expr: Exclude<Expr, { kind: 'num' | 'var' }>;
  op: string;
}

/**
 * Compile to a function of engine tensors (arguments in the order of `names`). The steps
 * array, if given, receives the AST node of each engine call in call order — the order the
 * tape records them — so a trace can be labelled with the reader's own notation.
 * @example compile(parseExpression('x*y'), ['x', 'y'])(tensor(2), tensor(3)).item() // 6
 */
export function compile(expr: Expr, names: readonly string[], steps?: Step[]): (...args: Tensor[]) => Tensor | number {
  const ev = (e: Expr, env: Tensor[]): Tensor | number => {
    switch (e.kind) {
      case 'num':
        return e.value;
      case 'var':
        return env[names.indexOf(e.name)]!;
      case 'neg': {
        const a = ev(e.arg, env);
        steps?.push({ expr: e, op: 'neg' });
        return neg(a);
      }
      case 'binary': {
        const a = ev(e.left, env);
        const b = ev(e.right, env);
        steps?.push({ expr: e, op: BINARY[e.op].op });
        return BINARY[e.op].apply(a, b);
      }
      case 'call': {
        const args = e.args.map((a) => ev(a, env)) as Tensor[];
        steps?.push({ expr: e, op: FUNCTIONS[e.fn].op });
        return (FUNCTIONS[e.fn].apply as (...a: Tensor[]) => Tensor)(...args);
      }
    }
  };
  return (...args) => ev(expr, args);
}

/** The formula as text again, with the fewest parentheses that keep its meaning. */
export function format(e: Expr): string {
  return show(e, 0);
}

const PREC: Record<BinaryOp, number> = { '+': 1, '-': 1, '*': 2, '/': 2, '^': 4 };

function show(e: Expr, outer: number): string {
  switch (e.kind) {
    case 'num':
      return e.value < 0 && outer > 0 ? `(${e.value})` : String(e.value);
    case 'var':
      return e.name;
    case 'neg': {
      const s = `-${show(e.arg, 3)}`;
      return outer >= 3 ? `(${s})` : s;
    }
    case 'call':
      return `${e.fn}(${e.args.map((a) => show(a, 0)).join(', ')})`;
    case 'binary': {
      const p = PREC[e.op];
      // Left-associative ops need parentheses on a right operand of equal precedence; ^ on the left.
      const left = show(e.left, e.op === '^' ? p + 1 : p);
      const right = show(e.right, e.op === '^' ? 3 : p + 1);
      const s = e.op === '^' ? `${left}^${right}` : `${left} ${e.op} ${right}`;
      return p < outer ? `(${s})` : s;
    }
  }
}
