// The one attribute model every widget uses. A widget declares its table once, with the
// constructors below (`int`, `num`, `oneOf`, `bool`, `text`); from that table come the value types
// its code sees (`AttrValues`), the directive's validation and defaults, the authoring
// guide's table (docs.ts), and — for a widget that keeps state in the page URL — the URL's
// parse and serialise. One grammar for numbers, shared by Markdown and links.
//
// Pure and browser-safe: no unified, no files, no Node.

interface Common {
  /** One sentence for the authoring guide (and the control's description). */
  doc: string;
  /** Short label for a form control, when the widget shows one for this attribute. */
  label?: string;
  /**
   * false: state the widget keeps (e.g. in its link) but an author may not set from
   * Markdown. It still has a default, and is left out of the guide's table.
   */
  markdown?: boolean;
}

/** An integer attribute; the range is inclusive. */
export interface IntAttr extends Common {
  type: 'int';
  min: number;
  max: number;
  default: number;
}

/** A real-number attribute; the range is inclusive. */
export interface NumberAttr extends Common {
  type: 'number';
  min: number;
  max: number;
  default: number;
}

/** One of a fixed list of strings, e.g. `activation=tanh`. */
export interface EnumAttr<T extends string = string> extends Common {
  type: 'enum';
  values: readonly T[];
  default: T;
}

/** `flag`, `flag=true` or `flag=false`. */
export interface BooleanAttr extends Common {
  type: 'boolean';
  default: boolean;
}

/**
 * Free text the widget checks itself, e.g. a formula: `check` throws a WidgetAttrError that
 * says what is wrong and where in the text (a column), or returns nothing when it is valid.
 */
export interface TextAttr extends Common {
  type: 'text';
  default: string;
  /** What the text must be, for errors and the guide: "a formula in named variables". */
  describe: string;
  check(value: string): void;
}

export type Attr = IntAttr | NumberAttr | EnumAttr | BooleanAttr | TextAttr;
export type AttrTable = Readonly<Record<string, Attr>>;

/** The value an attribute holds: `ValueOf<EnumAttr<'a' | 'b'>>` is `'a' | 'b'`. */
export type ValueOf<A extends Attr> =
  A extends EnumAttr<infer T> ? T : A extends BooleanAttr ? boolean : A extends TextAttr ? string : number;

/** The typed object a table describes: `AttrValues<{ x: NumberAttr }>` is `{ x: number }`. */
export type AttrValues<T extends AttrTable> = { -readonly [K in keyof T]: ValueOf<T[K]> };

type Options<A extends Attr> = Omit<A, 'type'>;

/** @example int({ min: 1, max: 16, default: 4, doc: 'Units in the hidden layer.' }) */
export const int = (options: Options<IntAttr>): IntAttr => ({ type: 'int', ...options });
/** @example num({ min: 0, max: 0.5, default: 0.2, doc: 'Noise.' }) */
export const num = (options: Options<NumberAttr>): NumberAttr => ({ type: 'number', ...options });
/** @example bool({ default: false, doc: 'Show the grid.' }) */
export const bool = (options: Options<BooleanAttr>): BooleanAttr => ({ type: 'boolean', ...options });
/** @example text({ default: 'x^2', describe: 'a formula', doc: 'The function.', check: parseFormula }) */
export const text = (options: Options<TextAttr>): TextAttr => ({ type: 'text', ...options });
/**
 * The value type is the literal union of `values`.
 * @example oneOf(['tanh', 'relu'], { default: 'tanh', doc: 'Hidden activation.' }) // EnumAttr<'tanh' | 'relu'>
 */
export const oneOf = <const T extends string>(
  values: readonly T[],
  options: Omit<EnumAttr<NoInfer<T>>, 'type' | 'values'>,
): EnumAttr<T> => ({
  type: 'enum',
  values,
  ...options,
});

/** A content error: the directive plugin reports it at the directive's file:line:column. */
export class WidgetAttrError extends Error {
  override name = 'WidgetAttrError';
}

/** "an integer from 1 to 16", "one of tanh, relu", … — for errors and the guide. */
export function describeType(attr: Attr): string {
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

/** The same, in the short form a one-line notice needs: "an integer 1–16". */
export function describeShort(attr: Attr): string {
  if (attr.type === 'int' || attr.type === 'number') return `${attr.type === 'int' ? 'an integer' : 'a number'} ${attr.min}–${attr.max}`;
  return describeType(attr);
}

// The number grammar, for Markdown and links alike: decimal, optional sign and exponent;
// not hex, not Infinity, not '' (which Number() reads as 0).
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Parse the text form of a value; undefined when it is not a valid value of `attr`.
 * @example parseValue(int({ min: 1, max: 16, default: 4, doc: '' }), '8') // 8
 */
export function parseValue<A extends Attr>(attr: A, text: string): ValueOf<A> | undefined;
export function parseValue(attr: Attr, text: string): string | number | boolean | undefined {
  switch (attr.type) {
    case 'int':
    case 'number': {
      const trimmed = text.trim();
      const value = Number(trimmed);
      if (!NUMBER.test(trimmed) || !Number.isFinite(value) || value < attr.min || value > attr.max) return undefined;
      return attr.type === 'int' && !Number.isInteger(value) ? undefined : value;
    }
    case 'enum':
      return attr.values.find((value) => value === text);
    case 'boolean':
      return text === '' || text === 'true' ? true : text === 'false' ? false : undefined;
    case 'text':
      try {
        attr.check(text);
        return text;
      } catch {
        return undefined;
      }
  }
}

/** The text form `parseValue` reads back to the same value (String() gives the shortest exact decimal). */
export function formatValue(value: string | number | boolean): string {
  return String(value);
}

/** Parse one attribute an author wrote, or throw a WidgetAttrError saying what it must be. */
export function parseOrThrow<A extends Attr>(name: string, attr: A, text: string): ValueOf<A> {
  if (attr.type === 'text') {
    // The widget's own check knows where in the text the problem is: keep its message.
    try {
      attr.check(text);
    } catch (error) {
      if (error instanceof WidgetAttrError) throw new WidgetAttrError(`${name}=${JSON.stringify(text)}: ${error.message}`);
      throw error;
    }
    return text as ValueOf<A>;
  }
  const value = parseValue(attr, text);
  if (value !== undefined) return value;
  const hint = attr.type === 'enum' ? closest(text, attr.values) : undefined;
  throw new WidgetAttrError(`${name} must be ${describeType(attr)}, got ${JSON.stringify(text)}.${hint ? ` Did you mean "${hint}"?` : ''}`);
}

/** Every attribute at its default: `defaultsOf(spec.attributes).x`. */
export function defaultsOf<T extends AttrTable>(table: T): AttrValues<T> {
  const out: Partial<AttrValues<T>> = {};
  for (const key of keysOf(table)) setDefault(out, table, key);
  return out as AttrValues<T>;
}

function setDefault<T extends AttrTable, K extends keyof T>(out: Partial<AttrValues<T>>, table: T, key: K): void {
  out[key] = table[key].default as ValueOf<T[K]>;
}

/** A table's keys, typed. */
export function keysOf<T extends object>(table: T): Array<keyof T & string> {
  return Object.keys(table) as Array<keyof T & string>;
}

/**
 * Read every attribute from `get` (a URL's search params, say) over `base`. Text that is
 * not a valid value is reported to `onInvalid` and leaves the base value.
 */
export function readValues<T extends AttrTable>(
  table: T,
  base: AttrValues<T>,
  get: (name: keyof T & string) => string | null,
  onInvalid: (name: keyof T & string, text: string) => void = () => {},
): AttrValues<T> {
  const out = { ...base };
  const read = <K extends keyof T & string>(name: K) => {
    const text = get(name);
    if (text === null) return;
    const value = parseValue(table[name], text);
    if (value === undefined) onInvalid(name, text);
    else out[name] = value;
  };
  for (const name of keysOf(table)) read(name);
  return out;
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

/** Attributes every widget accepts, in addition to its own. */
// (A literal rather than oneOf(…): a top-level call would keep this in every browser chunk.)
export const sharedAttributes = {
  placement: {
    type: 'enum',
    values: ['inline', 'aside'],
    default: 'inline',
    doc:
      'inline: in the flow of the text. aside: on screens ≥ 1100 px wide, in a column ' +
      'beside the text that stays in view while the reader scrolls; inline on narrower screens.',
  },
} as const satisfies AttrTable;

export type Placement = ValueOf<typeof sharedAttributes.placement>;

/** The attributes an author may write: the widget's own (but not its URL-only state), then the shared ones. */
export function authorAttributes(table: AttrTable): Record<string, Attr> {
  const own = Object.entries(table).filter(([, attr]) => attr.markdown !== false);
  return { ...Object.fromEntries(own), ...sharedAttributes };
}

export interface ResolvedAttrs<T extends AttrTable> {
  /** The widget's own attributes, every one present: what renderStatic and mount get. */
  attrs: AttrValues<T>;
  placement: Placement;
  /** From `{#some-id}`: an anchor other text can link to. */
  id: string | undefined;
}

/**
 * Validate the raw attributes of `::name{…}` against a widget's table and fill in defaults.
 * Throws WidgetAttrError naming the attribute, what it must be and what it was.
 */
export function resolveAttributes<T extends AttrTable>(
  widget: { attributes: T },
  raw: Readonly<Record<string, string | null | undefined>>,
): ResolvedAttrs<T> {
  const table = widget.attributes;
  const known = authorAttributes(table);
  const valid = `Valid attributes: ${Object.keys(known).join(', ')}.`;
  let placement: Placement = sharedAttributes.placement.default;
  let id: string | undefined;
  const own: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    const text = value ?? '';
    if (key === 'id') {
      // `fig:` marks a numbered figure that `[@fig:name]` refers to (src/markdown/figures.ts).
      if (!/^(fig:)?[A-Za-z][\w-]*$/.test(text)) {
        throw new WidgetAttrError(
          `the id in {#…} must start with a letter (or fig: for a numbered figure) and contain only letters, digits, - and _, got ${JSON.stringify(text)}.`,
        );
      }
      id = text;
    } else if (key === 'class') {
      throw new WidgetAttrError(
        `class names ({.${text.split(' ')[0]}}) are not supported on widgets; use placement=aside for layout. ${valid}`,
      );
    } else if (key === 'placement') {
      placement = parseOrThrow(key, sharedAttributes.placement, text);
    } else if (Object.hasOwn(known, key)) {
      own[key] = text;
    } else {
      const hint = closest(key, Object.keys(known));
      throw new WidgetAttrError(`unknown attribute "${key}".${hint ? ` Did you mean "${hint}"?` : ''} ${valid}`);
    }
  }
  const attrs = readValues(
    table,
    defaultsOf(table),
    (name) => (Object.hasOwn(own, name) ? own[name] : null),
    (name, text) => parseOrThrow(name, table[name], text),
  );
  return { attrs, placement, id };
}
