// The contract between the Markdown directive plugin and every widget.
//
// A widget is a folder `src/widgets/<name>/` with
//   spec.ts     exports `spec: WidgetSpec` — pure, runs at build time in Node (no DOM);
//   element.ts  exports `mount(root, attrs)` — runs in the browser, upgrades the static HTML;
//   Loader.astro a `<script>` that lazy-loads element.ts (see ../lazy.ts).
// The author writes `::name{key=value …}`; the plugin checks every attribute against
// `spec.attributes`, fills in defaults, and hands the same typed object to `renderStatic`
// at build time and to `mount` in the browser (through the figure's `data-attrs`).

/** An integer or real attribute; the range is inclusive. */
export interface NumberAttr {
  type: 'int' | 'number';
  min: number;
  max: number;
  default: number;
  doc: string;
}

/** One of a fixed list of strings, e.g. `activation=tanh`. */
export interface EnumAttr {
  type: 'enum';
  values: readonly string[];
  default: string;
  doc: string;
}

/** `flag`, `flag=true` or `flag=false`. */
export interface BooleanAttr {
  type: 'boolean';
  default: boolean;
  doc: string;
}

/**
 * Free text checked by the widget, e.g. a formula: `check` throws WidgetAttrError (from
 * attributes.ts) with what is wrong and where in the text.
 */
export interface TextAttr {
  type: 'text';
  default: string;
  doc: string;
  /** What the text must be, for errors and the guide: "a formula in x1, x2, …". */
  describe: string;
  check(value: string): void;
}

export type AttrSpec = NumberAttr | EnumAttr | BooleanAttr | TextAttr;

/** Parsed, validated, defaulted attributes: what `renderStatic` and `mount` receive. */
export type WidgetAttrs = Record<string, unknown>;

export interface WidgetSpec {
  /** The directive name, kebab-case: `::grad-check{…}` → `'grad-check'`. */
  name: string;
  /** One sentence for the authoring guide. */
  summary: string;
  /** The widget's own attributes; `placement` is shared and added by the plugin. */
  attributes: Record<string, AttrSpec>;
  /**
   * Static HTML shown before (or without) JavaScript: a first frame, labelled controls,
   * a caption. Runs at build time in Node; must be deterministic.
   */
  renderStatic(attrs: WidgetAttrs): string;
}

/** What `element.ts` of every widget exports. Returns a cleanup function. */
export type MountWidget = (root: HTMLElement, attrs: WidgetAttrs) => () => void;

/** Attributes every widget accepts, in addition to its own. */
export const sharedAttributes = {
  placement: {
    type: 'enum',
    values: ['inline', 'aside'],
    default: 'inline',
    doc:
      'inline: in the flow of the text. aside: on screens ≥ 1100 px wide, in a column ' +
      'beside the text that stays in view while the reader scrolls; inline on narrower screens.',
  },
} as const satisfies Record<string, AttrSpec>;

export type Placement = (typeof sharedAttributes.placement.values)[number];
