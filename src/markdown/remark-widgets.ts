// remark plugin: `::name{key=value …}` on a line of its own becomes a live widget.
//
//   ::grad-check{fn=tanh x=0.5 placement=aside}
//   ::grad-check[A caption, with *Markdown* and $x$]{fn=sin}
//   ::widget-docs{widget=grad-check}      ← the attribute table, generated from the spec
//
// At build time every attribute is checked against the widget's spec (src/widgets/registry.ts);
// a mistake stops the build at file:line:column with the valid names, values or range.
// The output is
//   <figure class="widget widget--inline" data-widget="grad-check" data-attrs='{"fn":"tanh","x":0.5}'>
//     <div class="widget__body">…spec.renderStatic(attrs)…</div>
//     <figcaption>…the label, if any…</figcaption>
//   </figure>
// and the names of the widgets used are recorded in the page's frontmatter (`widgets`), so
// the layout loads only their scripts (src/widgets/WidgetScripts.astro).
//
// remark-directive also reads `:name` inside prose, so "at 10:30" or "ratio a:b" would lose
// text. Bare text directives (no [label], no {attributes}) are put back as the text they were;
// any other directive nobody handled (`:abbr[…]{…}`, `:::note`) fails the build with a hint.
// Plugins that handle directives of their own must run before this one.
import { fromHtml } from 'hast-util-from-html';
import type { ElementContent } from 'hast';
import type { PhrasingContent, Root, RootContent, Text } from 'mdast';
import type { ContainerDirective, LeafDirective, TextDirective } from 'mdast-util-directive';
import remarkDirective from 'remark-directive';
import type { Plugin } from 'unified';
import type { VFile } from 'vfile';
import { failAt, sourcePoint } from './source-position.ts';
import { WidgetAttrError, resolveAttributes, closest } from '../widgets/attributes.ts';
import { renderAttributeTable } from '../widgets/docs.ts';
import { registry as defaultRegistry, type WidgetName } from '../widgets/registry.ts';
import type { WidgetSpec } from '../widgets/types.ts';

export interface RemarkWidgetsOptions {
  /** The widgets authors may use; tests pass their own. Default: src/widgets/registry.ts. */
  registry?: Readonly<Record<string, WidgetSpec>>;
}

/** Built-in directive that prints a widget's attribute table (for the authoring guide). */
export const DOCS_DIRECTIVE = 'widget-docs';

type AnyDirective = ContainerDirective | LeafDirective | TextDirective;

/** Adds directive syntax (unless remark-directive already did) and expands widget directives. */
const remarkWidgets: Plugin<[RemarkWidgetsOptions?], Root> = function (options = {}) {
  const registry: Readonly<Record<string, WidgetSpec>> = options.registry ?? defaultRegistry;
  // Parsing the syntax twice would be harmless but wasteful: skip it when remark-directive
  // is already in the pipeline before us.
  const alreadyParsesDirectives = (this.data().fromMarkdownExtensions ?? []).some(
    (extension) => !Array.isArray(extension) && !!extension.enter?.directiveLeaf,
  );
  if (!alreadyParsesDirectives) remarkDirective.call(this);

  return function transform(tree: Root, file: VFile): void {
    failOnWidgetsInParagraphs(tree, registry, file);
    const used = new Set<string>();
    const asides = new Set<RootContent>();
    const ids = new Map<string, LeafDirective>();
    walk(tree, (node, parent, index) => {
      if (node.type === 'textDirective' || node.type === 'containerDirective') {
        if (node.type === 'textDirective' && isBare(node)) {
          parent.children[index] = { type: 'text', value: `:${node.name}`, position: node.position } satisfies Text;
          return;
        }
        if (Object.hasOwn(registry, node.name) || node.name === DOCS_DIRECTIVE) {
          const written = node.type === 'textDirective' ? `:${node.name}` : `:::${node.name}`;
          fail(
            file,
            node,
            `${written} is not how widgets are written: use a leaf directive, two colons at the start of a line of its own, e.g. ::${node.name}{…}.`,
          );
        }
        // `:name[…]` / `:name{…}` / `:::name` look deliberate, but nothing renders them: without
        // this they would vanish into an empty <div>. (A plugin that handles its own directives
        // runs before this one, so it has already replaced them.)
        const written = node.type === 'textDirective' ? `:${node.name}` : `:::${node.name}`;
        fail(
          file,
          node,
          `${written} is a directive, but no plugin handles it. Widgets are written ::name{…} on a line of their own (${Object.keys(registry).join(', ')}). If you meant the text, escape the colon: \\${written}.`,
        );
      }
      if (node.type !== 'leafDirective') return;
      if (node.name === DOCS_DIRECTIVE) {
        parent.children[index] = docsTable(node, registry, file);
        return;
      }
      const spec = Object.hasOwn(registry, node.name) ? registry[node.name] : undefined;
      if (!spec) {
        const names = Object.keys(registry);
        const hint = closest(node.name, names);
        fail(
          file,
          node,
          `unknown widget "::${node.name}".${hint ? ` Did you mean "::${hint}"?` : ''} Available widgets: ${names.join(', ')}.`,
        );
      }
      const { figure, placement, id } = widgetFigure(node, spec, file);
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
      parent.children[index] = figure;
      if (placement === 'aside') asides.add(figure);
      used.add(spec.name);
    });
    mergeAdjacentText(tree);
    groupAsideSections(tree, asides);

    const astro = ((file.data as { astro?: { frontmatter?: Record<string, unknown> } }).astro ??= {});
    const frontmatter = (astro.frontmatter ??= {});
    frontmatter.widgets = [...used].sort() satisfies string[];
  };
};
export default remarkWidgets;

/** The names a post's frontmatter lists after the plugin ran, as the layout reads them. */
export function widgetsUsed(frontmatter: Record<string, unknown> | undefined): WidgetName[] {
  const list = frontmatter?.widgets;
  return Array.isArray(list) ? (list.filter((name) => typeof name === 'string') as WidgetName[]) : [];
}

function widgetFigure(node: LeafDirective, spec: WidgetSpec, file: VFile) {
  const { attrs, placement, id } = resolveOrFail(spec, node, file);
  let html: string;
  try {
    html = spec.renderStatic(attrs);
  } catch (error) {
    fail(file, node, `the ${spec.name} widget failed to render its static HTML: ${(error as Error).message}`);
  }
  const body = htmlNode('div', { className: ['widget__body'] }, html);
  const children: RootContent[] = [body];
  if (node.children.length > 0) {
    children.push(customNode('figcaption', { className: ['widget__caption'] }, node.children));
  }
  const figure = customNode(
    'figure',
    {
      className: ['widget', `widget--${placement}`],
      id,
      dataWidget: spec.name,
      dataAttrs: JSON.stringify(attrs),
      dataWidgetState: 'static',
    },
    children,
    node,
  );
  return { figure, placement, id };
}

/**
 * An aside widget illustrates the text after it (a derivation may run over several headings),
 * up to the next aside widget, a `---` rule, or the end of the post:
 * `<div class="widget-section">` holds the figure and `<div class="widget-section__text">`
 * with that text, so on wide screens the figure can sit beside it and stay in view
 * (position: sticky) exactly while the reader scrolls through it. Top level only; an aside
 * nested in a list or quote stays inline.
 */
function groupAsideSections(tree: Root, asides: Set<RootContent>): void {
  const out: RootContent[] = [];
  let text: RootContent[] | undefined;
  for (const node of tree.children) {
    if (asides.has(node)) {
      asides.delete(node);
      text = [];
      out.push(
        customNode('div', { className: ['widget-section'] }, [node, customNode('div', { className: ['widget-section__text'] }, text)]),
      );
    } else if (text && node.type !== 'thematicBreak') {
      text.push(node);
    } else {
      text = undefined;
      out.push(node);
    }
  }
  tree.children = out;
  // Those left are nested (in a list item, a quote): they stay in the flow, as documented.
  for (const figure of asides) {
    const properties = (figure.data as { hProperties: { className: string[] } }).hProperties;
    properties.className = properties.className.map((name) => (name === 'widget--aside' ? 'widget--inline' : name));
  }
}

function docsTable(node: LeafDirective, registry: Readonly<Record<string, WidgetSpec>>, file: VFile): RootContent {
  const names = Object.keys(registry);
  const docsSpec: WidgetSpec = {
    name: DOCS_DIRECTIVE,
    summary: 'The attribute table of a widget.',
    attributes: { widget: { type: 'enum', values: names, default: names[0], doc: 'Which widget.' } },
    renderStatic: () => '',
  };
  if (!Object.hasOwn(node.attributes ?? {}, 'widget')) {
    fail(file, node, `::${DOCS_DIRECTIVE} needs widget=…, one of ${names.join(', ')}.`);
  }
  const { attrs } = resolveOrFail(docsSpec, node, file);
  return htmlNode('div', { className: ['widget-docs'] }, renderAttributeTable(registry[attrs.widget as string]), node);
}

function resolveOrFail(spec: WidgetSpec, node: LeafDirective, file: VFile) {
  try {
    return resolveAttributes(spec, node.attributes ?? {});
  } catch (error) {
    if (error instanceof WidgetAttrError) fail(file, node, `::${spec.name}: ${error.message}`);
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

/** An mdast node that remark-rehype turns into `<tag …>` with the given hast children. */
function htmlNode(tagName: string, properties: Record<string, unknown>, html: string, from?: AnyDirective): RootContent {
  const hChildren = fromHtml(html, { fragment: true }).children as ElementContent[];
  return {
    type: 'widget',
    data: { hName: tagName, hProperties: properties, hChildren },
    position: from?.position,
  } as unknown as RootContent;
}

/** An mdast node that remark-rehype turns into `<tag …>` around its (Markdown) children. */
function customNode(
  tagName: string,
  properties: Record<string, unknown>,
  children: RootContent[] | PhrasingContent[],
  from?: AnyDirective,
): RootContent {
  return {
    type: 'widget',
    data: { hName: tagName, hProperties: properties },
    children,
    position: from?.position,
  } as unknown as RootContent;
}

type Parent = { children: RootContent[] };

/** Depth-first walk that lets the visitor replace `parent.children[index]` in place. */
function walk(tree: Root, visit: (node: AnyDirective, parent: Parent, index: number) => void): void {
  const stack: Parent[] = [tree as Parent];
  while (stack.length > 0) {
    const parent = stack.pop()!;
    for (let index = 0; index < parent.children.length; index++) {
      const node = parent.children[index];
      if (node.type === 'leafDirective' || node.type === 'containerDirective' || node.type === 'textDirective') {
        visit(node, parent, index);
      }
      // Also descends into a new figure: its caption is Markdown and may hold "10:30".
      const current = parent.children[index];
      if ('children' in current) stack.push(current as Parent);
    }
  }
}

/**
 * `::grad-check{x=1} see above` is not a directive (a leaf directive must end its line), so
 * Markdown keeps it as text and the widget would silently not appear. Catch a paragraph that
 * starts with `::` and a widget's name.
 */
function failOnWidgetsInParagraphs(tree: Root, registry: Readonly<Record<string, WidgetSpec>>, file: VFile): void {
  const lines = String(file.value).split('\n');
  const stack: Parent[] = [tree as Parent];
  while (stack.length > 0) {
    const parent = stack.pop()!;
    for (const node of parent.children) {
      if (node.type === 'paragraph') {
        node.children.forEach((child, i) => {
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
      }
      if ('children' in node) stack.push(node as Parent);
    }
  }
}

/** "at 10" + ":30" + " we met" → one text node again, as if no directive had been parsed. */
function mergeAdjacentText(tree: Root): void {
  const stack: Parent[] = [tree as Parent];
  while (stack.length > 0) {
    const parent = stack.pop()!;
    const merged: RootContent[] = [];
    for (const node of parent.children) {
      const last = merged.at(-1);
      if (node.type === 'text' && last?.type === 'text') {
        last.value += node.value;
        if (last.position && node.position) last.position = { start: last.position.start, end: node.position.end };
      } else {
        merged.push(node);
      }
    }
    parent.children = merged;
    for (const node of merged) if ('children' in node) stack.push(node as Parent);
  }
}
