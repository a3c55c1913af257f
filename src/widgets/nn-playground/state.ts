// The playground's whole state: one typed object described by one field table, in the
// attribute model every widget uses (../attributes.ts). Its type, parsing and serialising
// to the URL, the widget's Markdown attributes (spec.ts) and the form controls all derive
// from FIELDS, so a new setting is one new row here (the lesson of TensorFlow Playground's
// `state.ts`, minus its `any`).
import {
  type AttrValues,
  type ValueOf,
  defaultsOf,
  describeShort,
  formatValue,
  int,
  keysOf,
  num,
  oneOf,
  parseValue,
  readValues,
} from '../attributes.ts';

export const DATASETS = ['flower', 'circles', 'xor', 'spirals', 'moons', 'blobs'] as const;
export const ACTIVATIONS = ['tanh', 'relu', 'sigmoid', 'leaky-relu', 'min'] as const;
export const BATCHES = ['full', '256', '128', '64', '32', '16', '8', '4', '1'] as const;
export const FORMULAS = ['correct', 'flipped'] as const;
export const LOSS_AXES = ['linear', 'log'] as const;

/** The learning rates the control offers (a URL may carry any other value in range). */
export const LEARNING_RATES: readonly number[] = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 0.6, 1, 1.2, 2, 3, 5, 10, 30, 100, 1000];

export type Dataset = (typeof DATASETS)[number];
export type Activation = (typeof ACTIVATIONS)[number];
export type Batch = (typeof BATCHES)[number];
export type Formula = (typeof FORMULAS)[number];
export type LossAxis = (typeof LOSS_AXES)[number];

/** Every setting, in the order the controls and the URL list them: the widget's attribute table (spec.ts adds `tab`). */
export const FIELDS = {
  dataset: oneOf(DATASETS, {
    default: 'flower',
    label: 'Data set',
    doc: 'The 2-D data set: planar flower (the classic shallow-net exercise), two circles, XOR quadrants, two spirals, two moons or gaussian blobs.',
  }),
  points: int({ min: 100, max: 1000, default: 400, label: 'Points', doc: 'How many points the data set has, training and test together.' }),
  noise: num({
    min: 0,
    max: 0.5,
    default: 0.2,
    label: 'Noise',
    doc: 'Standard deviation of the gaussian noise added to each point, relative to the data set’s size.',
  }),
  split: num({
    min: 0.1,
    max: 0.5,
    default: 0.2,
    label: 'Test share',
    doc: 'Fraction of the points held out as the test set (never trained on).',
  }),
  seed: int({
    min: 0,
    max: 999_999,
    default: 1,
    label: 'Seed',
    doc: 'Seed of the random generator that draws the data and the initial weights.',
  }),
  hidden: int({ min: 1, max: 16, default: 4, label: 'Hidden units', doc: 'Units in the hidden layer.' }),
  activation: oneOf(ACTIVATIONS, {
    default: 'tanh',
    label: 'Activation',
    doc: 'Hidden activation: tanh, relu, sigmoid, leaky-relu (slope 0.01) or min (min(x, 0), non-convex).',
  }),
  lr: num({ min: 0.0001, max: 1000, default: 1.2, label: 'Learning rate', doc: 'Step size of gradient descent.' }),
  batch: oneOf(BATCHES, {
    default: 'full',
    label: 'Batch size',
    doc: 'Samples per gradient step: the full training set, or mini-batches drawn without replacement each epoch.',
  }),
  formula: oneOf(FORMULAS, {
    default: 'correct',
    label: 'σ′ in the formulas',
    doc: 'correct: σ′(z) = σ(z)(1 − σ(z)). flipped: the classic mistake σ(z)(σ(z) − 1); training then follows the hand-derived (wrong) gradients.',
  }),
  lossAxis: oneOf(LOSS_AXES, {
    default: 'linear',
    label: 'Loss axis',
    doc: 'The loss chart’s vertical axis: linear, or log (late progress stays visible when the loss is small).',
  }),
  step: int({
    min: 0,
    max: 10_000_000,
    default: 0,
    label: 'Step',
    markdown: false,
    doc: 'Training steps taken: the URL carries it so a link replays the run to the same point.',
  }),
};

export type FieldName = keyof typeof FIELDS;
export const FIELD_NAMES = keysOf(FIELDS);

/** The playground's whole state, typed by the table. */
export type State = AttrValues<typeof FIELDS>;

/** The default state, optionally overridden (by an author's validated attributes, say). */
export function defaults(overrides: Partial<State> = {}): State {
  const state = defaultsOf(FIELDS);
  for (const name of FIELD_NAMES) copy(state, overrides, name);
  return state;
}

function copy<K extends FieldName>(to: State, from: Partial<State>, name: K): void {
  const value = from[name];
  if (value !== undefined) to[name] = value;
}

/** Parse one field from its text form (the grammar of attributes.ts); undefined when invalid. */
export function parseField<K extends FieldName>(name: K, text: string): ValueOf<(typeof FIELDS)[K]> | undefined {
  return parseValue(FIELDS[name], text);
}

/** The settings that may change mid-run, keeping data and weights. */
export type Tuning = Pick<State, 'lr' | 'batch' | 'formula'>;
/** A stretch of a run's past: the steps before `until` (after the previous segment's) used these settings. */
export interface Segment extends Tuning {
  until: number;
}

/** URL parameter holding a run's earlier segments, e.g. `hist=120_1.2_full_correct~300_0.3_32_correct`. */
export const HISTORY_PARAM = 'hist';
const MAX_SEGMENTS = 200;

export function formatSegments(segments: readonly Segment[]): string {
  return segments.map((s) => `${s.until}_${s.lr}_${s.batch}_${s.formula}`).join('~');
}

/** Parse `hist`; null when malformed (each part validated by the field table, steps increasing). */
export function parseSegments(text: string, step: number): Segment[] | null {
  const parts = text.split('~');
  if (parts.length > MAX_SEGMENTS) return null;
  const out: Segment[] = [];
  for (const part of parts) {
    const [until, lr, batch, formula, extra] = part.split('_');
    const u = until === undefined ? undefined : parseField('step', until);
    const l = lr === undefined ? undefined : parseField('lr', lr);
    const b = batch === undefined ? undefined : parseField('batch', batch);
    const f = formula === undefined ? undefined : parseField('formula', formula);
    if (u === undefined || l === undefined || b === undefined || f === undefined || extra !== undefined) return null;
    const prev = out.length ? out[out.length - 1].until : 0;
    if (u <= prev || u > step) return null;
    out.push({ until: u, lr: l, batch: b, formula: f });
  }
  return out;
}

export interface Parsed {
  state: State;
  /** Earlier segments of the linked run (settings changed mid-run); empty for most links. */
  segments: Segment[];
  /** One line per ignored parameter, for a notice the reader can see; empty when all was fine. */
  ignored: string[];
}

/**
 * Read the state from URL search params over a base state (the author's defaults).
 * Invalid values are ignored, each with a line saying why; unknown params are not ours.
 * `prefix` namespaces a second playground on the same page.
 * @example parseParams(new URLSearchParams('hidden=8'), defaults()).state.hidden // 8
 */
export function parseParams(params: URLSearchParams, base: State, prefix = ''): Parsed {
  const ignored: string[] = [];
  const state = readValues(
    FIELDS,
    base,
    (name) => params.get(prefix + name),
    (name, text) => ignored.push(`${prefix + name}=${quote(text)} (expected ${describeShort(FIELDS[name])}; using ${base[name]})`),
  );
  let segments: Segment[] = [];
  const hist = params.get(prefix + HISTORY_PARAM);
  if (hist) {
    const parsed = parseSegments(hist, state.step);
    if (parsed) segments = parsed;
    else
      ignored.push(
        `${prefix + HISTORY_PARAM}=${quote(hist)} (expected step_lr_batch_formula segments, separated by ~, with increasing steps up to step=${state.step}; replaying with the current settings only)`,
      );
  }
  return { state, segments, ignored };
}

/** Longest value a notice quotes in full: a link may carry anything, the page must stay readable. */
export const QUOTE_MAX = 40;

/** A value from a link as a notice shows it: escapes visible, and cut to QUOTE_MAX characters. */
export function quote(text: string): string {
  const shown = JSON.stringify(text).slice(1, -1);
  return shown.length <= QUOTE_MAX ? shown : `${shown.slice(0, QUOTE_MAX)}… (${text.length} characters)`;
}

/**
 * Write every field into `params` (other params are kept), and the run's earlier segments
 * when settings changed mid-run, so a link carries the full run.
 * @example serialise(defaults()).toString() // 'dataset=flower&points=400&…&step=0'
 */
export function serialise(state: State, params = new URLSearchParams(), prefix = '', segments: readonly Segment[] = []): URLSearchParams {
  for (const name of FIELD_NAMES) params.set(prefix + name, formatValue(state[name]));
  if (segments.length) params.set(prefix + HISTORY_PARAM, formatSegments(segments));
  else params.delete(prefix + HISTORY_PARAM);
  return params;
}

/** Settings that change neither the data nor the weights: the tuning, the step, and how the chart is drawn. */
const KEEPS_RUN: ReadonlySet<FieldName> = new Set(['step', 'lr', 'batch', 'formula', 'lossAxis']);

/** Whether going from a to b needs new data or new weights (anything but the tuning, the view and the step). */
export function needsReset(a: State, b: State): boolean {
  return FIELD_NAMES.some((name) => !KEEPS_RUN.has(name) && a[name] !== b[name]);
}

export function batchSize(batch: Batch, trainCount: number): number {
  return batch === 'full' ? trainCount : Math.min(Number(batch), trainCount);
}
