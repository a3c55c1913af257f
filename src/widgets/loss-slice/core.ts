// loss-slice, the pure core: the loss of a one-hidden-layer network on a fixed little data
// set, as a function of its weights, seen on a plane through weight space. Every value is
// the engine's loss at θ₀ + a·d₁ + b·d₂; the trained point θ₀ is found by gradient descent
// with the engine's gradient. The "swap" slice runs through θ₀ and the same network with two
// hidden units exchanged, which computes the same function, so it has the same loss: two
// equal minima with higher ground between them, impossible for a convex function.
// No DOM: the static first frame and the live figure are computed by the same code.
import { type Tensor, affine, gradient, minimum, mse, relu, reshape, rng, slice, tanh, tensor } from '../../autodiff/index.ts';

export const ACTIVATIONS = ['relu', 'tanh', 'min', 'linear'] as const;
export type Activation = (typeof ACTIVATIONS)[number];
export const SLICES = ['swap', 'random'] as const;
export type Slice = (typeof SLICES)[number];

const ACT: Record<Activation, (z: Tensor) => Tensor> = {
  relu,
  tanh,
  min: (z) => minimum(z, 0),
  linear: (z) => z,
};

/** Hidden units, and the two the swap slice exchanges. */
export const HIDDEN = 3;
const SWAP: [number, number] = [0, 1];
/** Parameters: W1 (2×h), b1 (h), W2 (h), b2 (1), flattened in that order. */
export const N_PARAMS = 4 * HIDDEN + 1;

/** XOR-like points: label 1 where the coordinates have opposite signs. */
export const X = [
  [-1, -1],
  [-1, 1],
  [1, -1],
  [1, 1],
  [-0.5, -0.6],
  [-0.4, 0.5],
  [0.6, -0.5],
  [0.5, 0.4],
];
export const Y = X.map(([a, b]) => (a * b < 0 ? 1 : 0));
const XT = tensor(X);
const YT = tensor(Y.map((y) => [y]));

/** Mean squared error of the network with parameters θ (a Tensor of N_PARAMS values). */
export function lossOf(theta: Tensor, activation: Activation): Tensor {
  const h = HIDDEN;
  const W1 = reshape(slice(theta, [0, 2 * h]), [2, h]);
  const b1 = reshape(slice(theta, [2 * h, 3 * h]), [1, h]);
  const W2 = reshape(slice(theta, [3 * h, 4 * h]), [h, 1]);
  const b2 = reshape(slice(theta, [4 * h, 4 * h + 1]), [1, 1]);
  return mse(affine(ACT[activation](affine(XT, W1, b1)), W2, b2), YT);
}

/** The same network with hidden units SWAP[0] and SWAP[1] exchanged (rows of W1ᵀ, b1, W2). */
export function swapUnits(theta: readonly number[]): number[] {
  const h = HIDDEN;
  const out = theta.slice();
  const [i, j] = SWAP;
  for (const base of [0, h, 2 * h, 3 * h]) [out[base + i], out[base + j]] = [theta[base + j], theta[base + i]];
  return out;
}

const STEPS = 400;
const LR = 0.2;

/**
 * θ₀: seeded N(0, 1) weights, then STEPS of gradient descent with the engine's gradient.
 * @example trained('tanh').length // 13
 */
export function trained(activation: Activation): number[] {
  // Re-slicing only changes directions: train once per activation (a few hundred ms in a browser).
  const cached = TRAINED.get(activation);
  if (cached) return cached.slice();
  const r = rng(7);
  let theta = Array.from({ length: N_PARAMS }, () => r.normal());
  for (let step = 0; step < STEPS; step++) {
    const [g] = gradient((t: Tensor) => lossOf(t, activation), tensor(theta));
    theta = theta.map((v, k) => v - LR * g.data[k]);
  }
  TRAINED.set(activation, theta);
  return theta.slice();
}

const TRAINED = new Map<Activation, number[]>();

/** Grid size: 33 points per side, so a = 0, 1 and b = 0 fall on grid points. */
export const GRID = 33;

export interface SliceResult {
  activation: Activation;
  slice: Slice;
  seed: number;
  /** The axes' values: a along d₁ (columns), b along d₂ (rows). */
  as: number[];
  bs: number[];
  /** loss[row][col] = L(θ₀ + as[col]·d₁ + bs[row]·d₂). */
  loss: number[][];
  theta: number[];
  d1: number[];
  d2: number[];
  /** The largest gap by which a grid midpoint lies above the chord of two grid points on its row or column. */
  worst: { from: [number, number]; to: [number, number]; mid: [number, number]; gap: number } | null;
}

const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const scaled = (v: number[], length: number) => {
  const n = norm(v);
  return v.map((x) => (x * length) / n);
};

/** The loss on the slice the state names. */
export function lossSlice(activation: Activation, kind: Slice, seed: number): SliceResult {
  const theta = trained(activation);
  const r = rng(seed);
  const random = () => Array.from({ length: N_PARAMS }, () => r.normal());
  let d1: number[];
  let d2: number[];
  let as: number[];
  if (kind === 'swap') {
    const swapped = swapUnits(theta);
    d1 = swapped.map((v, k) => v - theta[k]);
    d2 = scaled(random(), norm(d1) / 2);
    as = Array.from({ length: GRID }, (_, i) => -0.5 + (2 * i) / (GRID - 1));
  } else {
    d1 = scaled(random(), norm(theta) / 2);
    d2 = scaled(random(), norm(theta) / 2);
    as = Array.from({ length: GRID }, (_, i) => -1 + (2 * i) / (GRID - 1));
  }
  const bs = Array.from({ length: GRID }, (_, i) => -1 + (2 * i) / (GRID - 1));
  const loss = bs.map((b) => as.map((a) => lossAt(theta, d1, d2, a, b, activation)));
  return { activation, slice: kind, seed, as, bs, loss, theta, d1, d2, worst: worstChord(loss, as, bs) };
}

/** The engine's loss at θ₀ + a·d₁ + b·d₂. */
export function lossAt(theta: number[], d1: number[], d2: number[], a: number, b: number, activation: Activation): number {
  return lossOf(tensor(theta.map((v, k) => v + a * d1[k] + b * d2[k])), activation).item();
}

function worstChord(loss: number[][], as: number[], bs: number[]): SliceResult['worst'] {
  let worst: SliceResult['worst'] = null;
  const consider = (r0: number, c0: number, r1: number, c1: number, rm: number, cm: number) => {
    const gap = loss[rm][cm] - (loss[r0][c0] + loss[r1][c1]) / 2;
    if (gap > 1e-12 && (!worst || gap > worst.gap)) worst = { from: [as[c0], bs[r0]], to: [as[c1], bs[r1]], mid: [as[cm], bs[rm]], gap };
  };
  for (let m = 0; m < GRID; m++) {
    for (let i = 0; i < GRID; i++) {
      for (let s = 1; i - s >= 0 && i + s < GRID; s++) {
        consider(m, i - s, m, i + s, m, i); // along a row
        consider(i - s, m, i + s, m, i, m); // along a column
      }
    }
  }
  return worst;
}

/** The value at the grid point nearest (a, b). */
export function valueNear(result: SliceResult, a: number, b: number): number {
  const nearest = (values: number[], v: number) =>
    values.reduce((best, x, k) => (Math.abs(x - v) < Math.abs(values[best] - v) ? k : best), 0);
  return result.loss[nearest(result.bs, b)][nearest(result.as, a)];
}
