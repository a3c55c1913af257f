// The stepper's whole state as one typed object, with its field table: the same table
// parses and writes the URL (?g.f=…&g.mode=adjoint&g.step=3), so a link reproduces the
// exact frame a reader saw. Pure; the element reads and writes location.
import type { Graph } from './model.ts';
import { MODES, type Mode } from './stepper.ts';

export interface GraphState {
  f: string;
  at: string;
  mode: Mode;
  /** Steps taken in the current mode (clamped to the graph when shown). */
  step: number;
  /** The forward-mode seed ẋ, one entry per variable. */
  seed: number[];
}

interface Field<K extends keyof GraphState> {
  parse(raw: string): GraphState[K] | undefined;
  write(value: GraphState[K]): string;
}

const text: Field<'f' | 'at'> = { parse: (raw) => (raw.length > 0 && raw.length <= 400 ? raw : undefined), write: String };

export const FIELDS: { [K in keyof GraphState]: Field<K> } = {
  f: text as Field<'f'>,
  at: text as Field<'at'>,
  mode: { parse: (raw) => ((MODES as readonly string[]).includes(raw) ? (raw as Mode) : undefined), write: String },
  step: {
    parse: (raw) => (/^\d{1,5}$/.test(raw) ? Number(raw) : undefined),
    write: String,
  },
  seed: { parse: (raw) => parseSeed(raw) ?? undefined, write: (seed) => seed.join(',') },
};

/**
 * A seed written by a reader: numbers separated by commas or spaces; null if it is not.
 * @example parseSeed('1, 0') // [1, 0]
 */
export function parseSeed(raw: string): number[] | null {
  const parts = raw.split(/[\s,]+/).filter((p) => p !== '');
  if (parts.length === 0 || parts.length > 64) return null;
  const seed = parts.map(Number);
  return seed.every(Number.isFinite) ? seed : null;
}

/** The first unit vector e₁ for n variables. */
export const unitSeed = (n: number, i = 0): number[] => Array.from({ length: n }, (_, k) => (k === i ? 1 : 0));

/** Which unit vector a seed is (0-based), or -1. */
export function unitIndex(seed: readonly number[]): number {
  const ones = seed.flatMap((s, i) => (s === 1 ? [i] : []));
  return ones.length === 1 && seed.every((s) => s === 0 || s === 1) ? ones[0]! : -1;
}

/** The state from URL parameters under `prefix`, anything missing or invalid taken from `base`. */
export function fromParams(params: URLSearchParams, prefix: string, base: GraphState): GraphState {
  const state = { ...base, seed: base.seed.slice() };
  for (const key of Object.keys(FIELDS) as (keyof GraphState)[]) {
    const raw = params.get(prefix + key);
    if (raw === null) continue;
    const value = (FIELDS[key] as Field<typeof key>).parse(raw);
    if (value !== undefined) (state as Record<string, unknown>)[key] = value;
  }
  return state;
}

/** Write the state into URL parameters under `prefix`. */
export function toParams(state: GraphState, params: URLSearchParams, prefix: string): void {
  for (const key of Object.keys(FIELDS) as (keyof GraphState)[]) {
    params.set(prefix + key, (FIELDS[key] as Field<typeof key>).write(state[key] as never));
  }
}

/** The seed fitted to the graph's variables: padded with zeros or cut. */
export function fitSeed(seed: readonly number[], graph: Graph): number[] {
  return graph.variables.map((_, i) => seed[i] ?? 0);
}
