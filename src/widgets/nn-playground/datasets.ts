// Seeded 2-D data sets for a binary classifier. Every generator draws from the RNG it
// is given (never Math.random), so the same seed always gives the same points.
// All sets fit in the square [-DOMAIN, DOMAIN]², the square the heatmap shows.
import type { Dataset, State } from './state.ts';

/** The generator interface the engine's `rng(seed)` provides. */
export interface Rng {
  uniform(): number;
  normal(): number;
  int(n: number): number;
}

export const DOMAIN = 5;

export interface Points {
  /** (m, 2) row-major: row i is the point (x1, x2). */
  x: Float64Array;
  /** (m): labels 0 or 1. */
  y: Float64Array;
  m: number;
}

export interface Data {
  train: Points;
  test: Points;
}

type Generator = (m: number, noise: number, rng: Rng) => Points;

function make(m: number, fill: (i: number, out: [number, number]) => number): Points {
  const x = new Float64Array(m * 2);
  const y = new Float64Array(m);
  const p: [number, number] = [0, 0];
  for (let i = 0; i < m; i++) {
    y[i] = fill(i, p);
    x[2 * i] = clamp(p[0]);
    x[2 * i + 1] = clamp(p[1]);
  }
  return { x, y, m };
}

const clamp = (v: number) => Math.max(-DOMAIN, Math.min(DOMAIN, v));

/**
 * The planar "flower" of the deeplearning.ai shallow-network exercise (planar_utils.py):
 * two classes of petals, r = 4 sin(4t), with gaussian noise on angle and radius
 * (0.2 there, our default noise).
 */
const flower: Generator = (m, noise, rng) => {
  const half = Math.floor(m / 2);
  return make(m, (i, p) => {
    const j = i < half ? 0 : 1;
    const count = j === 0 ? half : m - half;
    const k = j === 0 ? i : i - half;
    const t = j * 3.12 + (count > 1 ? (k * 3.12) / (count - 1) : 0) + rng.normal() * noise;
    const r = 4 * Math.sin(4 * t) + rng.normal() * noise;
    p[0] = r * Math.sin(t);
    p[1] = r * Math.cos(t);
    return j;
  });
};

/** A disc of one class inside a ring of the other. */
const circles: Generator = (m, noise, rng) =>
  make(m, (i, p) => {
    const inner = i % 2 === 0;
    const r = inner ? 1.6 * Math.sqrt(rng.uniform()) : 2.6 + 1.4 * rng.uniform();
    const a = 2 * Math.PI * rng.uniform();
    p[0] = r * Math.cos(a) + rng.normal() * noise * 2;
    p[1] = r * Math.sin(a) + rng.normal() * noise * 2;
    return inner ? 1 : 0;
  });

/** Quadrants: the label is whether x1 and x2 have the same sign. */
const xor: Generator = (m, noise, rng) =>
  make(m, (_i, p) => {
    let a = (rng.uniform() * 2 - 1) * 4;
    let b = (rng.uniform() * 2 - 1) * 4;
    // A small margin keeps the classes apart when there is no noise, as in TF Playground.
    a += a > 0 ? 0.3 : -0.3;
    b += b > 0 ? 0.3 : -0.3;
    const label = a * b > 0 ? 1 : 0;
    p[0] = a + rng.normal() * noise * 2;
    p[1] = b + rng.normal() * noise * 2;
    return label;
  });

/** Two interleaved spirals, each about 1.75 turns. */
const spirals: Generator = (m, noise, rng) =>
  make(m, (i, p) => {
    const j = i % 2;
    const s = rng.uniform();
    const r = 0.3 + 4.2 * s;
    const t = 3.5 * Math.PI * s + j * Math.PI;
    p[0] = r * Math.sin(t) + rng.normal() * noise * 1.5;
    p[1] = r * Math.cos(t) + rng.normal() * noise * 1.5;
    return j;
  });

/** Two interleaving half circles (scikit-learn's make_moons, scaled by 2.4). */
const moons: Generator = (m, noise, rng) =>
  make(m, (i, p) => {
    const j = i % 2;
    const a = Math.PI * rng.uniform();
    const u = j === 0 ? Math.cos(a) : 1 - Math.cos(a);
    const v = j === 0 ? Math.sin(a) : 0.5 - Math.sin(a);
    p[0] = (u - 0.5) * 2.4 + rng.normal() * noise * 2;
    p[1] = (v - 0.25) * 2.4 + rng.normal() * noise * 2;
    return j;
  });

/** Two gaussian clouds; noise widens them until they overlap. */
const blobs: Generator = (m, noise, rng) =>
  make(m, (i, p) => {
    const j = i % 2;
    const c = j === 0 ? -1.8 : 1.8;
    const s = 0.5 + noise * 4;
    p[0] = c + rng.normal() * s;
    p[1] = c + rng.normal() * s;
    return j;
  });

export const GENERATORS: Record<Dataset, Generator> = { flower, circles, xor, spirals, moons, blobs };

/**
 * Generate a data set and split it, shuffled, into train and test.
 * @example makeData(defaults(), rng(1)).train.m // 320
 */
export function makeData(state: Pick<State, 'dataset' | 'points' | 'noise' | 'split'>, rng: Rng): Data {
  const all = GENERATORS[state.dataset](state.points, state.noise, rng);
  const order = permutation(all.m, rng);
  const testCount = Math.round(all.m * state.split);
  return {
    test: pick(all, order.subarray(0, testCount)),
    train: pick(all, order.subarray(testCount)),
  };
}

/** Fisher–Yates shuffle of 0..n-1 with the given RNG. */
export function permutation(n: number, rng: Rng): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/** The rows `rows` of `points`, in that order. */
export function pick(points: Points, rows: ArrayLike<number>): Points {
  const m = rows.length;
  const x = new Float64Array(m * 2);
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const r = rows[i];
    x[2 * i] = points.x[2 * r];
    x[2 * i + 1] = points.x[2 * r + 1];
    y[i] = points.y[r];
  }
  return { x, y, m };
}
