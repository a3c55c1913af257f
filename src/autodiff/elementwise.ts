// The machinery shared by every elementwise function of one variable: the record type
// (value, first and second derivative, kink) and the one op that turns a record into
// reverse mode, forward mode and higher derivatives. The records themselves live in
// unary.ts and pow.ts; keeping the machinery here lets binary.ts, unary.ts and pow.ts
// depend on it one way, with no import cycle.
import { Tensor, asTensor, type TensorLike } from './tensor.ts';
import { record, rulesAreDifferentiated, type Op } from './engine.ts';
import { PICKS, checkOption, choose, getConvention, isDirectional, type Kink, type Pick } from './conventions.ts';
import { add, mul } from './binary.ts';

export interface Elementwise {
  readonly name: string;
  /** Value; `p`, `q` are the op's parameters (leakyRelu's slope, clamp's bounds, a power). */
  f(x: number, p: number, q: number): number;
  /** Derivative away from kinks; `y = f(x)` is passed so tanh′ = 1 − y² costs no extra tanh. */
  df(x: number, y: number, p: number, q: number): number;
  /** Second derivative (0 for the piecewise-linear ones); differentiates a gradient of them. */
  d2f(x: number, y: number, p: number, q: number): number;
  /**
   * The derivative written with ops, for smooth functions. Used instead of the fused kernel
   * when the backward pass is itself differentiated (hvp, hessian, a gradient of a
   * gradient), so derivatives of any order come out of the same rules.
   */
  readonly dfOp?: (x: Tensor, y: Tensor, p: number) => Tensor;
  readonly kink?: Kink;
  /**
   * Optional whole-array kernels for the hot activations: the same math as f and df, but a
   * direct loop instead of a call per element through a shared site, which V8 cannot inline
   * (measured: tanh over 6 400 values 264 µs → 92 µs). `kinkSlope` is the convention's value at the kink.
   */
  readonly map?: (x: Float64Array, out: Float64Array, p: number) => void;
  readonly scale?: (x: Float64Array, y: Float64Array, g: Float64Array, out: Float64Array, kinkSlope: number, p: number) => void;
}

/**
 * Parameters, and the pick at the kink resolved when the value was computed: the caller's
 * `pick` option if given, else the pick of the convention in force (null: no kink).
 */
type Saved = [number, number, Pick | null];

const opCache = new Map<Elementwise, Op>();

function opOf(rec: Elementwise): Op {
  let op = opCache.get(rec);
  if (op) return op;
  op = {
    name: rec.name,
    backward: (g, out, [x], s: Saved) => [
      rec.dfOp !== undefined && rulesAreDifferentiated()
        ? mul(g, rec.dfOp(x, out, s[0]))
        : scaleByDerivative(rec, x, out, g, s[0], s[1], s[2]),
    ],
    jvp: ([t], out, [x], s: Saved) => (t === null ? null : scaleByDerivative(rec, x, out, t, s[0], s[1], s[2])),
  };
  opCache.set(rec, op);
  return op;
}

/**
 * Applies an elementwise record: `applyElementwise(TANH, x)`. All the named functions use it.
 * `pick` overrides the convention's value at the kink for this call (e.g. ForwardDiff's abs).
 */
export function applyElementwise(rec: Elementwise, xl: TensorLike, p = 0, q = 0, pick?: Pick): Tensor {
  const x = asTensor(xl);
  const xd = x.data;
  const d = new Float64Array(xd.length);
  if (rec.map !== undefined) rec.map(xd, d, p);
  else {
    const f = rec.f;
    for (let i = 0; i < d.length; i++) d[i] = f(xd[i], p, q);
  }
  // The convention in force now is the one the gradient will use, even if the backward pass
  // runs later (a pullback called outside withConvention).
  const k = rec.kink;
  if (pick !== undefined) checkOption(rec.name, 'pick', pick, PICKS);
  const saved: Saved = [p, q, k === undefined ? null : (pick ?? k.pick[getConvention()])];
  return record(opOf(rec), new Tensor(x.shape, d), [x], saved);
}

// g ⊙ f′(x): the reverse rule and the tangent rule of every elementwise function. It is an
// op itself (with a rule from d2f), so forward-over-reverse can differentiate a gradient.
const scaleOps = new Map<Elementwise, Op>();

function scaleOp(rec: Elementwise): Op {
  let op = scaleOps.get(rec);
  if (op) return op;
  op = {
    name: `${rec.name}′`,
    backward: (gOut, _o, [x, y, g], s: Saved) => [
      mul(gOut, mul(g, d2Tensor(rec, x, y, s))),
      null,
      scaleByDerivative(rec, x, y, gOut, s[0], s[1], s[2]),
    ],
    jvp: ([tx, , tg], _o, [x, y, g], s: Saved) => {
      const a = tg === null ? null : scaleByDerivative(rec, x, y, tg, s[0], s[1], s[2]);
      const b = tx === null ? null : mul(tx, mul(g, d2Tensor(rec, x, y, s)));
      return a === null ? b : b === null ? a : add(a, b);
    },
  };
  scaleOps.set(rec, op);
  return op;
}

function d2Tensor(rec: Elementwise, x: Tensor, y: Tensor, [p, q]: Saved): Tensor {
  const d = new Float64Array(x.size);
  for (let i = 0; i < d.length; i++) d[i] = rec.d2f(x.data[i], y.data[i], p, q);
  return new Tensor(x.shape, d);
}

export function scaleByDerivative(rec: Elementwise, x: Tensor, y: Tensor, g: Tensor, p: number, q: number, pick: Pick | null): Tensor {
  const n = x.size;
  const out = new Float64Array(n);
  const xd = x.data,
    yd = y.data,
    gd = g.data;
  const df = rec.df;
  const k = rec.kink;
  if (rec.scale !== undefined && (k === undefined || !isDirectional())) {
    rec.scale(xd, yd, gd, out, k === undefined || pick === null ? 0 : choose(pick, k.set(k.at(p, q)[0], p, q)), p);
  } else if (k === undefined) {
    for (let i = 0; i < n; i++) out[i] = gd[i] * df(xd[i], yd[i], p, q);
  } else {
    const ks = k.at(p, q);
    const k0 = ks[0],
      k1 = ks.length > 1 ? ks[1] : ks[0];
    const period = k.period;
    const dir = isDirectional();
    const pk = pick ?? 'zero';
    for (let i = 0; i < n; i++) {
      const xi = xd[i];
      // A periodic kink (floor: every integer) repeats at k0 + j·period for every integer j.
      if (period === undefined ? xi === k0 || xi === k1 : Number.isInteger((xi - k0) / period)) {
        const s = k.set(xi, p, q);
        const gi = gd[i];
        // Directional mode returns the one-sided derivative in the direction of the tangent
        // (a jump's +∞ slope included; a zero tangent stays 0 rather than 0·∞).
        out[i] = dir ? (gi === 0 ? 0 : (gi > 0 ? s[1] : s[0]) * gi) : gi * choose(pk, s);
      } else out[i] = gd[i] * df(xi, yd[i], p, q);
    }
  }
  return record(scaleOp(rec), new Tensor(x.shape, out), [x, y, g], [p, q, pick]);
}
