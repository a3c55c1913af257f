// remark plugin: `::name{key=value …}` on a line of its own becomes a live widget.
//
//   ::grad-check{fn=tanh x=0.5 placement=aside}
//   ::grad-check[A caption, with *Markdown* and $x$]{fn=sin}
//   ::widget-docs{widget=grad-check}      ← the attribute table, generated from the spec
//
// At build time every attribute is checked against the widget's table (src/widgets/<name>/spec.ts, found by src/widgets/registry.build.ts);
// a mistake stops the build at file:line:column with the valid names, values or range.
// The output is
//   <figure class="widget widget--inline" data-widget="grad-check" data-attrs='{"fn":"tanh","x":0.5}'>
//     <div class="widget__body">…renderStatic(attrs), from the widget's static.build.ts…</div>
//     <figcaption>…the label, if any…</figcaption>
//   </figure>
// and the names of the widgets used are recorded in the page's frontmatter (`widgets`), so
// the layout loads only their scripts (src/widgets/WidgetScripts.astro).
//
// remark-directive also reads `:name` inside prose, so "at 10:30" or "ratio a:b" would lose
// text. Bare text directives (no [label], no {attributes}) are put back as the text they were;
// any other directive nobody handled (`:abbr[…]{…}`, `:::note`) fails the build with a hint.
// Plugins that handle directives of their own must run before this one. Aside placement
// is laid out by widget-asides.ts.
import type { PhrasingContent, Root, RootContent, Text } from 'mdast';
import type { ContainerDirective, LeafDirective, TextDirective } from 'mdast-util-directive';
import remarkDirective from 'remark-directive';
import type { Plugin } from 'unified';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { type AttrTable, type ResolvedAttrs, WidgetAttrError, closest, oneOf, resolveAttributes } from '../widgets/attributes.ts';
import { renderAttributeTable } from '../widgets/docs.ts';
import type { BuildWidget } from '../widgets/types.ts';
import { repeatedAttribute } from './directive-source.ts';
import { failAt, sourcePoint } from './source-position.ts';
import { groupAsideSections } from './widget-asides.ts';
import { customNode, htmlNode } from './widget-nodes.ts';

type Registry = Readonly<Record<string, BuildWidget>>;

export interface RemarkWidgetsOptions {
  /** The widgets authors may use; tests pass their own. Default: every folder of src/widgets with a spec.ts. */
  registry?: Registry;
}

/** Built-in directive that prints a widget's attribute table (for the authoring guide). */
export const DOCS_DIRECTIVE = 'widget-docs';

type AnyDirective = ContainerDirective | LeafDirective | TextDirective;

/**
 * The widgets of src/widgets, imported when the first post renders: loading every widget's
 * static renderer and the engine costs a build about 0.25 s, and a build whose posts all come
 * from Astro's cache renders none.
 */
let defaultRegistry: Promise<Registry> | undefined;
const loadDefaultRegistry = () => (defaultRegistry ??= import('../widgets/registry.build.ts').then((module) => module.registry));

/** Adds directive syntax (unless remark-directive already did) and expands widget directives. */
const remarkWidgets: Plugin<[RemarkWidgetsOptions?], Root> = function (options = {}) {
  // Parsing the syntax twice would be harmless but wasteful: skip it when remark-directive
  // is already in the pipeline before us.
  const alreadyParsesDirectives = (this.data().fromMarkdownExtensions ?? []).some(
    (extension) => !Array.isArray(extension) && !!extension.enter?.directiveLeaf,
  );
  if (!alreadyParsesDirectives) remarkDirective.call(this);

  return async function transform(tree: Root, file: VFile): Promise<void> {
    const registry = options.registry ?? (await loadDefaultRegistry());
    failOnWidgetsInParagraphs(tree, registry, file);
    const used = new Set<string>();
    const asides = new Set<RootContent>();
    const ids = new Map<string, LeafDirective>();
    visit(tree, (node, index, parent) => {
      if (parent === undefined || index === undefined) return;
      if (node.type === 'textDirective' && isBare(node)) {
        parent.children[index] = { type: 'text', value: `:${node.name}`, position: node.position } satisfies Text;
        return;
      }
      if (node.type === 'textDirective' || node.type === 'containerDirective') failOnOtherDirective(node, registry, file);
      if (node.type !== 'leafDirective') return;
      let replacement: RootContent;
      if (node.name === DOCS_DIRECTIVE) replacement = docsTable(node, registry, file);
      else {
        const widget = Object.hasOwn(registry, node.name) ? registry[node.name] : undefined;
        if (!widget) {
          const names = Object.keys(registry);
          const hint = closest(node.name, names);
          fail(
            file,
            node,
            `unknown widget "::${node.name}".${hint ? ` Did you mean "::${hint}"?` : ''} Available widgets: ${names.join(', ')}.`,
          );
        }
        const { figure, placement, id } = widgetFigure(node, widget, file);
        if (id !== undefined) {
          const first = ids.get(id);
          if (first)
            fail(
              file,
              node,
              `the id #${id} is already used by the ::${first.name} on line ${sourcePoint(file, first.position)?.line ?? '?'}; ids must be unique in a page.`,
            );
          ids.set(id, node);
        }
        if (placement === 'aside') asides.add(figure);
        used.add(widget.name);
        replacement = figure;
      }
      parent.children[index] = replacement;
      // Visit the new node next: a figure's caption is Markdown and may hold "10:30".
      return index;
    });
    mergeAdjacentText(tree);
    groupAsideSections(tree, asides);

    const data = file.data as { astro?: { frontmatter?: Record<string, unknown> } };
    data.astro ??= {};
    data.astro.frontmatter ??= {};
    data.astro.frontmatter.widgets = [...used].sort() satisfies string[];
  };
};
export default remarkWidgets;

/** The names a post's frontmatter lists after the plugin ran, as the layout reads them. */
export function widgetsUsed(frontmatter: Record<string, unknown> | undefined): string[] {
  const list = frontmatter?.widgets;
  return Array.isArray(list) ? list.filter((name): name is string => typeof name === 'string') : [];
}

/**
 * `:name[…]`, `:name{…}` and `:::name` look deliberate, but nothing renders them: without
 * this they would vanish into an empty <div>. (A plugin that handles its own directives
 * runs before this one, so it has already replaced them.)
 */
function failOnOtherDirective(node: TextDirective | ContainerDirective, registry: Registry, file: VFile): never {
  const written = node.type === 'textDirective' ? `:${node.name}` : `:::${node.name}`;
  if (Object.hasOwn(registry, node.name) || node.name === DOCS_DIRECTIVE) {
    fail(
      file,
      node,
      `${written} is not how widgets are written: use a leaf directive, two colons at the start of a line of its own, e.g. ::${node.name}{…}.`,
    );
  }
  fail(
    file,
    node,
    `${written} is a directive, but no plugin handles it. Widgets are written ::name{…} on a line of their own (${Object.keys(registry).join(', ')}). If you meant the text, escape the colon: \\${written}.`,
  );
}

function widgetFigure(node: LeafDirective, widget: BuildWidget, file: VFile) {
  const { attrs, placement, id } = resolveOrFail(widget, node, file);
  let html: string;
  try {
    html = widget.renderStatic(attrs);
  } catch (error) {
    fail(file, node, `the ${widget.name} widget failed to render its static HTML: ${(error as Error).message}`);
  }
  const children: RootContent[] = [htmlNode('div', { className: ['widget__body'] }, html)];
  if (node.children.length > 0) {
    children.push(customNode('figcaption', { className: ['widget__caption'] }, node.children));
  }
  const figure = customNode(
    'figure',
    {
      className: ['widget', `widget--${placement}`],
      id,
      dataWidget: widget.name,
      dataAttrs: JSON.stringify(attrs),
      dataWidgetState: 'static',
    },
    children,
    node.position,
  );
  return { figure, placement, id };
}

function docsTable(node: LeafDirective, registry: Registry, file: VFile): RootContent {
  const names = Object.keys(registry);
  const docs = { name: DOCS_DIRECTIVE, attributes: { widget: oneOf(names, { default: names[0] ?? '', doc: 'Which widget.' }) } };
  if (!Object.hasOwn(node.attributes ?? {}, 'widget')) {
    fail(file, node, `::${DOCS_DIRECTIVE} needs widget=…, one of ${names.join(', ')}.`);
  }
  const { attrs } = resolveOrFail(docs, node, file);
  return htmlNode('div', { className: ['widget-docs'] }, renderAttributeTable(registry[attrs.widget]), node.position);
}

function resolveOrFail<T extends AttrTable>(widget: { name: string; attributes: T }, node: LeafDirective, file: VFile): ResolvedAttrs<T> {
  const source = node.position ? String(file.value).slice(node.position.start.offset, node.position.end.offset) : '';
  const repeated = repeatedAttribute(source);
  if (repeated)
    fail(file, node, `::${widget.name}: the attribute "${repeated}" is written twice; write it once (only one value can apply).`);
  try {
    return resolveAttributes(widget, node.attributes ?? {});
  } catch (error) {
    if (error instanceof WidgetAttrError) fail(file, node, `::${widget.name}: ${error.message}`);
    throw error;
  }
}

/** Stop the build at the directive, as `path:line:column: reason` (see source-position.ts). */
function fail(file: VFile, node: AnyDirective, reason: string): never {
  failAt(file, node.position, reason, 'widget');
}

function isBare(node: TextDirective): boolean {
  return node.children.length === 0 && Object.keys(node.attributes ?? {}).length === 0;
}

/**
 * `::grad-check{x=1} see above` is not a directive (a leaf directive must end its line), so
 * Markdown keeps it as text and the widget would silently not appear. Catch a paragraph that
 * starts with `::` and a widget's name.
 */
function failOnWidgetsInParagraphs(tree: Root, registry: Registry, file: VFile): void {
  const lines = String(file.value).split('\n');
  visit(tree, 'paragraph', (paragraph) => {
    paragraph.children.forEach((child: PhrasingContent, i) => {
      if (child.type !== 'text' || !child.position) return;
      for (const match of child.value.matchAll(/(?:^|\n)::([A-Za-z][\w-]*)/g)) {
        const name = match[1];
        const atLineStart = match.index > 0 || i === 0;
        if (!atLineStart || !(Object.hasOwn(registry, name) || name === DOCS_DIRECTIVE)) continue;
        const line = child.position.start.line + (child.value.slice(0, match.index + 1).match(/\n/g)?.length ?? 0);
        if (lines[line - 1]?.trimStart().startsWith('\\')) continue; // escaped: \::name is text
        const point = { line, column: match.index === 0 ? child.position.start.column : 1 };
        failAt(
          file,
          { start: point, end: point },
          `::${name} was not read as a widget: a directive must be alone on its line, with its {…} closed and nothing after it.`,
          'widget',
        );
      }
    });
  });
}

/** "at 10" + ":30" + " we met" → one text node again, as if no directive had been parsed. */
function mergeAdjacentText(tree: Root): void {
  visit(tree, (node) => {
    if (!('children' in node)) return;
    const merged: RootContent[] = [];
    for (const child of node.children as RootContent[]) {
      const last = merged.at(-1);
      if (child.type === 'text' && last?.type === 'text') {
        last.value += child.value;
        if (last.position && child.position) last.position = { start: last.position.start, end: child.position.end };
      } else {
        merged.push(child);
      }
    }
    (node as { children: RootContent[] }).children = merged;
  });
}
