// Parameters for the playground's tests, built one way instead of Float64Array literals in
// every file.
import type { Params } from '../../../src/widgets/nn-playground/model.ts';

/** Parameters from plain arrays; h is the number of hidden units (b1's length). */
export function paramsOf(p: { W1: number[]; b1: number[]; W2: number[]; b2: number[] }): Params {
  return {
    h: p.b1.length,
    W1: Float64Array.from(p.W1),
    b1: Float64Array.from(p.b1),
    W2: Float64Array.from(p.W2),
    b2: Float64Array.from(p.b2),
  };
}

/** Uneven, signed parameters for h hidden units: no two weights alike, some negative. */
export function sampleParams(h: number): Params {
  return paramsOf({
    W1: Array.from({ length: 2 * h }, (_, i) => (i % 3) - 1 + i / 10),
    b1: Array.from({ length: h }, (_, i) => 0.2 * i - 0.3),
    W2: Array.from({ length: h }, (_, i) => (i % 2 ? -1.5 : 0.7)),
    b2: [0.1],
  });
}
