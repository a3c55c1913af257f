// The playground's whole state: one typed object described by one field table.
// Parsing, serialising to the URL, the widget's Markdown attributes and the form
// controls are all derived from FIELDS, so a new setting is one new row here
// (the lesson of TensorFlow Playground's `state.ts`, minus its `any`).

export const DATASETS = ['flower', 'circles', 'xor', 'spirals', 'moons', 'blobs'] as const;
export const ACTIVATIONS = ['tanh', 'relu', 'sigmoid', 'leaky-relu', 'min'] as const;
export const BATCHES = ['full', '256', '128', '64', '32', '16', '8', '4', '1'] as const;
export const FORMULAS = ['correct', 'flipped'] as const;

/** The learning rates the control offers (a URL may carry any other value in range). */
export const LEARNING_RATES: readonly number[] = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 0.6, 1, 1.2, 2, 3, 5, 10, 30, 100, 1000];

export type Dataset = (typeof DATASETS)[number];
export type Activation = (typeof ACTIVATIONS)[number];
export type Batch = (typeof BATCHES)[number];
export type Formula = (typeof FORMULAS)[number];

interface FieldBase {
  /** Short label for the form control. */
  label: string;
  /** One sentence for the authoring guide and the control's description. */
  doc: string;
  /** Whether an author may set it from Markdown (`::nn-playground{hidden=8}`). */
  attribute: boolean;
}
export interface NumberField extends FieldBase {
  type: 'int' | 'number';
  min: number;
  max: number;
  default: number;
}
export interface EnumField<T extends string = string> extends FieldBase {
  type: 'enum';
  values: readonly T[];
  default: T;
}
export type Field = NumberField | EnumField;

/** Every setting, in the order the controls and the URL list them. */
export const FIELDS = {
  dataset: {
    type: 'enum',
    values: DATASETS,
    default: 'flower' as Dataset,
    label: 'Data set',
    attribute: true,
    doc: 'The 2-D data set: planar flower (the classic shallow-net exercise), two circles, XOR quadrants, two spirals, two moons or gaussian blobs.',
  },
  points: {
    type: 'int',
    min: 100,
    max: 1000,
    default: 400,
    label: 'Points',
    attribute: true,
    doc: 'How many points the data set has, training and test together.',
  },
  noise: {
    type: 'number',
    min: 0,
    max: 0.5,
    default: 0.2,
    label: 'Noise',
    attribute: true,
    doc: 'Standard deviation of the gaussian noise added to each point, relative to the data set’s size.',
  },
  split: {
    type: 'number',
    min: 0.1,
    max: 0.5,
    default: 0.2,
    label: 'Test share',
    attribute: true,
    doc: 'Fraction of the points held out as the test set (never trained on).',
  },
  seed: {
    type: 'int',
    min: 0,
    max: 999_999,
    default: 1,
    label: 'Seed',
    attribute: true,
    doc: 'Seed of the random generator that draws the data and the initial weights.',
  },
  hidden: {
    type: 'int',
    min: 1,
    max: 16,
    default: 4,
    label: 'Hidden units',
    attribute: true,
    doc: 'Units in the hidden layer.',
  },
  activation: {
    type: 'enum',
    values: ACTIVATIONS,
    default: 'tanh' as Activation,
    label: 'Activation',
    attribute: true,
    doc: 'Hidden activation: tanh, relu, sigmoid, leaky-relu (slope 0.01) or min (min(x, 0), non-convex).',
  },
  lr: {
    type: 'number',
    min: 0.0001,
    max: 1000,
    default: 1.2,
    label: 'Learning rate',
    attribute: true,
    doc: 'Step size of gradient descent.',
  },
  batch: {
    type: 'enum',
    values: BATCHES,
    default: 'full' as Batch,
    label: 'Batch size',
    attribute: true,
    doc: 'Samples per gradient step: the full training set, or mini-batches drawn without replacement each epoch.',
  },
  formula: {
    type: 'enum',
    values: FORMULAS,
    default: 'correct' as Formula,
    label: 'σ′ in the formulas',
    attribute: true,
    doc: 'correct: σ′(z) = σ(z)(1 − σ(z)). flipped: the classic mistake σ(z)(σ(z) − 1); training then follows the hand-derived (wrong) gradients.',
  },
  step: {
    type: 'int',
    min: 0,
    max: 10_000_000,
    default: 0,
    label: 'Step',
    attribute: false,
    doc: 'Training steps taken: the URL carries it so a link replays the run to the same point.',
  },
} as const satisfies Record<string, Field>;

export type FieldName = keyof typeof FIELDS;
export const FIELD_NAMES = Object.keys(FIELDS) as FieldName[];

export interface State {
  dataset: Dataset;
  points: number;
  noise: number;
  split: number;
  seed: number;
  hidden: number;
  activation: Activation;
  lr: number;
  batch: Batch;
  formula: Formula;
  step: number;
}

/** The default state, optionally overridden by an author's attributes (already validated). */
export function defaults(overrides: Partial<Record<string, unknown>> = {}): State {
  const out: Record<string, unknown> = {};
  for (const name of FIELD_NAMES) {
    const given = overrides[name];
    const parsed = given === undefined ? null : parseField(name, String(given));
    out[name] = parsed === null ? FIELDS[name].default : parsed;
  }
  return out as unknown as State;
}

/** Parse one field from its text form; null when the text is not a valid value. */
export function parseField(name: FieldName, text: string): State[FieldName] | null {
  const field: Field = FIELDS[name];
  if (field.type === 'enum') return field.values.includes(text) ? (text as State[FieldName]) : null;
  if (!/^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(text.trim())) return null;
  const value = Number(text);
  if (!Number.isFinite(value) || value < field.min || value > field.max) return null;
  if (field.type === 'int' && !Number.isInteger(value)) return null;
  return value;
}

/** How a field's valid values are described in a notice, e.g. "an integer 1–16". */
export function describeField(name: FieldName): string {
  const field: Field = FIELDS[name];
  if (field.type === 'enum') return `one of ${field.values.join(', ')}`;
  return `${field.type === 'int' ? 'an integer' : 'a number'} ${field.min}–${field.max}`;
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
    const u = until === undefined ? null : parseField('step', until);
    const l = lr === undefined ? null : parseField('lr', lr);
    const b = batch === undefined ? null : parseField('batch', batch);
    const f = formula === undefined ? null : parseField('formula', formula);
    if (u === null || l === null || b === null || f === null || extra !== undefined) return null;
    const prev = out.length ? out[out.length - 1].until : 0;
    if ((u as number) <= prev || (u as number) > step) return null;
    out.push({ until: u as number, lr: l as number, batch: b as Batch, formula: f as Formula });
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
  const state = { ...base } as Record<string, unknown>;
  const ignored: string[] = [];
  for (const name of FIELD_NAMES) {
    const text = params.get(prefix + name);
    if (text === null) continue;
    const value = parseField(name, text);
    if (value === null) {
      ignored.push(`${prefix + name}=${JSON.stringify(text).slice(1, -1)} (expected ${describeField(name)}; using ${base[name]})`);
    } else state[name] = value;
  }
  let segments: Segment[] = [];
  const hist = params.get(prefix + HISTORY_PARAM);
  if (hist) {
    const parsed = parseSegments(hist, state.step as number);
    if (parsed) segments = parsed;
    else
      ignored.push(
        `${prefix + HISTORY_PARAM}=${hist} (expected step_lr_batch_formula segments, separated by ~, with increasing steps up to step=${state.step}; replaying with the current settings only)`,
      );
  }
  return { state: state as unknown as State, segments, ignored };
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

function formatValue(value: string | number): string {
  // Shortest text that parses back to the same double: String() already guarantees it.
  return typeof value === 'number' ? String(value) : value;
}

/** Whether going from a to b needs new data or new weights (anything but the tuning and the step). */
export function needsReset(a: State, b: State): boolean {
  return FIELD_NAMES.some((name) => name !== 'step' && name !== 'lr' && name !== 'batch' && name !== 'formula' && a[name] !== b[name]);
}

export function batchSize(batch: Batch, trainCount: number): number {
  return batch === 'full' ? trainCount : Math.min(Number(batch), trainCount);
}
