// A seeded generator passed explicitly (never Math.random): a figure, a test or a URL
// that names a seed must reproduce exactly.
import { Tensor, sizeOf, type Shape } from './tensor.ts';

export interface Rng {
  /** Uniform in [0, 1), 53 random bits. */
  uniform(): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** An independent generator seeded from this one (e.g. one per Web Worker). Optional, so any object with the three methods can be passed where an Rng is expected. */
  fork?(): Rng;
}

/** What `rng(seed)` returns: an Rng whose fork always exists. */
export interface SeededRng extends Rng {
  fork(): SeededRng;
}

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Chaotic generator, as in PractRand): 128 bits of
 * state, passes BigCrush, and is only adds, shifts and xors on 32-bit ints, which V8 keeps
 * unboxed. The seed is spread with splitmix32 so that seeds 1, 2, 3 give unrelated streams.
 *
 * `const r = rng(42); r.uniform(); r.normal(); r.int(6)`
 */
export function rng(seed: number): SeededRng {
  let s = (seed >>> 0) ^ 0x9e3779b9;
  const mix = () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = mix(),
    b = mix(),
    c = mix(),
    d = mix();
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next();
  let spare = NaN;
  const uniform = () => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
  const r: SeededRng = {
    uniform,
    normal() {
      if (!Number.isNaN(spare)) {
        const v = spare;
        spare = NaN;
        return v;
      }
      let u = 0;
      while (u === 0) u = uniform();
      const v = uniform();
      const rad = Math.sqrt(-2 * Math.log(u));
      spare = rad * Math.sin(2 * Math.PI * v);
      return rad * Math.cos(2 * Math.PI * v);
    },
    int(n: number) {
      return Math.floor(uniform() * n);
    },
    fork() {
      return rng(next() ^ Math.imul(next(), 0x9e3779b9));
    },
  };
  return r;
}

/** Uniform [0, 1) entries. `rand([2, 3], rng(1))` */
export function rand(shape: Shape, r: Rng): Tensor {
  const d = new Float64Array(sizeOf(shape));
  for (let i = 0; i < d.length; i++) d[i] = r.uniform();
  return new Tensor(shape.slice(), d);
}

/** Standard-normal entries. `randn([2, 3], rng(1))` */
export function randn(shape: Shape, r: Rng): Tensor {
  const d = new Float64Array(sizeOf(shape));
  for (let i = 0; i < d.length; i++) d[i] = r.normal();
  return new Tensor(shape.slice(), d);
}
