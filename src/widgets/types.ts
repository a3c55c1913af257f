// The contract between the Markdown directive plugin and every widget.
//
// A widget is a folder `src/widgets/<name>/`, found by its `spec.ts` (nothing to register):
//   spec.ts          `export const spec = defineWidget({ name, summary, attributes })` — the
//                    attribute table, declared once; pure data, safe in the browser.
//   static.build.ts  `export const renderStatic: RenderStatic<typeof spec>` — the static HTML,
//                    computed at build time in Node (never shipped to readers).
//   element.ts       `export const mount: Mount<typeof spec>` — runs in the browser and
//                    upgrades that HTML.
//   <name>.css       optional; written into <head> once, only on pages that use the widget.
// The author writes `::name{key=value …}`; the plugin checks it against the table, fills in
// defaults and hands the same typed object to `renderStatic` at build time and to `mount`
// in the browser (through the figure's `data-attrs`).
import type { AttrTable, AttrValues } from './attributes.ts';

export interface WidgetSpec<T extends AttrTable = AttrTable> {
  /** The directive name, kebab-case, and the folder's name: `::grad-check{…}` → `'grad-check'`. */
  name: string;
  /** One sentence for the authoring guide. */
  summary: string;
  /** The widget's own attributes; `placement` is shared and added by the plugin. */
  attributes: T;
}

/**
 * Declare a widget; the attribute value types are inferred from the table.
 * @example defineWidget({ name: 'dial', summary: '…', attributes: { x: num({ min: 0, max: 1, default: 0.5, doc: '…' }) } })
 */
export function defineWidget<const T extends AttrTable>(spec: WidgetSpec<T>): WidgetSpec<T> {
  return spec;
}

/** The typed attributes of a widget: `AttrsOf<typeof spec>`. */
export type AttrsOf<S extends WidgetSpec<AttrTable>> = S extends WidgetSpec<infer T> ? AttrValues<T> : never;

/** Static HTML shown before (or without) JavaScript: deterministic, runs in Node. */
export type RenderStatic<S extends WidgetSpec<AttrTable>> = (attrs: AttrsOf<S>) => string;

/**
 * What `element.ts` of every widget exports: upgrades a figure's static HTML and returns the
 * cleanup that stops it. A widget with heavy start-up work may return a promise and yield
 * between steps (next-task.ts), so that no single task blocks the page.
 */
export type Mount<S extends WidgetSpec<AttrTable>> = (root: HTMLElement, attrs: AttrsOf<S>) => (() => void) | Promise<() => void>;

/** A widget as the build sees it: its spec and its static renderer, found in its folder. */
export interface BuildWidget<T extends AttrTable = AttrTable> extends WidgetSpec<T> {
  renderStatic(attrs: AttrValues<T>): string;
}
