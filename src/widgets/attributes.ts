// Turning the strings of a directive's `{key=value …}` into the typed attributes a widget
// receives, with error messages an author can act on. Pure: no unified, no files, so the
// directive plugin, the authoring guide and the tests share one source of truth.
import { sharedAttributes, type AttrSpec, type WidgetAttrs, type WidgetSpec } from './types.ts';

/** A content error: the plugin reports it at the directive's file:line:column. */
export class WidgetAttrError extends Error {
  override name = 'WidgetAttrError';
}

/** The widget's own attributes followed by the shared ones (`placement`). */
export function allAttributes(spec: WidgetSpec): Record<string, AttrSpec> {
  return { ...spec.attributes, ...sharedAttributes };
}

/** "an integer from 1 to 16", "one of tanh, relu", … — used in errors and in the guide. */
export function describeType(attr: AttrSpec): string {
  switch (attr.type) {
    case 'int':
      return `an integer from ${attr.min} to ${attr.max}`;
    case 'number':
      return `a number from ${attr.min} to ${attr.max}`;
    case 'enum':
      return `one of ${attr.values.join(', ')}`;
    case 'boolean':
      return 'true or false (the bare name means true)';
    case 'text':
      return attr.describe;
  }
}

const INT = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Parse one attribute value written by the author.
 * @example parseValue('hidden', { type: 'int', min: 1, max: 16, default: 4, doc: '' }, '8') // 8
 */
export function parseValue(name: string, attr: AttrSpec, raw: string): unknown {
  const got = `got ${JSON.stringify(raw)}`;
  const expected = `${name} must be ${describeType(attr)}`;
  switch (attr.type) {
    case 'int':
    case 'number': {
      const pattern = attr.type === 'int' ? INT : NUMBER;
      const value = Number(raw.trim());
      if (!pattern.test(raw.trim()) || !Number.isFinite(value) || value < attr.min || value > attr.max) {
        throw new WidgetAttrError(`${expected}, ${got}.`);
      }
      return value;
    }
    case 'enum':
      if (!attr.values.includes(raw)) {
        const hint = closest(raw, attr.values);
        throw new WidgetAttrError(`${expected}, ${got}.${hint ? ` Did you mean "${hint}"?` : ''}`);
      }
      return raw;
    case 'boolean':
      if (raw === '' || raw === 'true') return true;
      if (raw === 'false') return false;
      throw new WidgetAttrError(`${expected}, ${got}.`);
    case 'text':
      try {
        attr.check(raw);
      } catch (error) {
        if (error instanceof WidgetAttrError) throw new WidgetAttrError(`${name}=${JSON.stringify(raw)}: ${error.message}`);
        throw error;
      }
      return raw;
  }
}

/** The attributes a widget gets when the author writes none: `defaultsOf(spec).x`. */
export function defaultsOf(spec: WidgetSpec): WidgetAttrs {
  return Object.fromEntries(Object.entries(spec.attributes).map(([key, attr]) => [key, attr.default]));
}

export interface ResolvedAttrs {
  /** The widget's own attributes, every one present: what renderStatic and mount get. */
  attrs: WidgetAttrs;
  placement: 'inline' | 'aside';
  /** From `{#some-id}`: an anchor other text can link to. */
  id: string | undefined;
}

/**
 * Validate the raw attributes of `::name{…}` against a spec and fill in defaults.
 * Throws WidgetAttrError naming the attribute, what it must be and what it was.
 */
export function resolveAttributes(spec: WidgetSpec, raw: Record<string, string | null | undefined>): ResolvedAttrs {
  const known = allAttributes(spec);
  const valid = `Valid attributes: ${Object.keys(known).join(', ')}.`;
  const attrs = defaultsOf(spec);
  let placement: ResolvedAttrs['placement'] = sharedAttributes.placement.default;
  let id: string | undefined;
  for (const [key, value] of Object.entries(raw)) {
    const text = value ?? '';
    if (key === 'id') {
      if (!/^[A-Za-z][\w-]*$/.test(text)) {
        throw new WidgetAttrError(
          `the id in {#…} must start with a letter and contain only letters, digits, - and _, got ${JSON.stringify(text)}.`,
        );
      }
      id = text;
      continue;
    }
    if (key === 'class') {
      throw new WidgetAttrError(
        `class names ({.${text.split(' ')[0]}}) are not supported on widgets; use placement=aside for layout. ${valid}`,
      );
    }
    const attr = Object.hasOwn(known, key) ? known[key] : undefined;
    if (!attr) {
      const hint = closest(key, Object.keys(known));
      throw new WidgetAttrError(`unknown attribute "${key}".${hint ? ` Did you mean "${hint}"?` : ''} ${valid}`);
    }
    const parsed = parseValue(key, attr, text);
    if (key === 'placement') placement = parsed as ResolvedAttrs['placement'];
    else attrs[key] = parsed;
  }
  return { attrs, placement, id };
}

/** The candidate nearest to `word` by edit distance, if it is plausibly a typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
