// Citations from a BibTeX file, written as pandoc writes them:
//
//   as the survey shows [@baydin2018]          → [1]              or (Baydin et al., 2018)
//   [@nocedal2006, p. 168]                      → [2, p. 168]      or (Nocedal & Wright, 2006, p. 168)
//   [see @baydin2018; @nocedal2006]             → [see 1, 2]       or (see Baydin et al., 2018; Nocedal & Wright, 2006)
//   Baydin et al. [-@baydin2018]                → [1]              or (2018)
//
// The bibliography is `content/references.bib`, or the file a post names in its frontmatter
// (`bibliography: refs.bib`, relative to the post). A post that cites gets a "References"
// section at its end listing what it cites (numbered in order of first citation, or
// alphabetically for author-year), and each mark links to its entry (hover cards come from
// src/scripts/previews.ts). A key that is not in the file fails the build at the citation's
// file:line:column, with the nearest key as a hint; so does a BibTeX syntax error, at the
// .bib file's line:column. Only bracketed citations are read: a bare `@name` in prose (an
// e-mail address, Julia's `@bind`) stays text.
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { ElementContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import type { Heading, Parent, PhrasingContent, Root, RootContent, Text } from 'mdast';
import type { Position } from 'unist';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { closest } from '../widgets/attributes.ts';
import { BibliographyError, type Bibliography, type CitationStyle, loadBibliography } from './bibliography.ts';
import { type Figure, numberFigures } from './figures.ts';
import { failAt, where } from './source-position.ts';
import type { WidgetNode } from './widget-nodes.ts';

export interface CitationOptions {
  style?: CitationStyle;
  /** The content folder; its `references.bib` is the default bibliography. */
  contentDir?: string;
}

/** One `@key` inside brackets, with what the author wrote around it. */
interface Cited {
  key: string;
  prefix: string;
  locator: string;
  suppressAuthor: boolean;
}

interface Found {
  node: Text;
  parent: Parent;
  start: number;
  end: number;
  items: Cited[];
  position: Position | undefined;
}

// A pandoc citation key: starts with a letter, digit or _, may hold :.#$%&-+?<>~/ inside.
const KEY = String.raw`[\p{L}\p{N}_](?:[\p{L}\p{N}_:.#$%&+?<>~/-]*[\p{L}\p{N}_])?`;
const BRACKETS = /\[([^[\]]*@[^[\]]*)\]/gu;
const ITEM = new RegExp(`^(.*?)(-?)@(${KEY})(.*)$`, 'su');

/** `see @a, p. 3; @b` → items, or null when the brackets are not a citation (e.g. `[x@y.org]`). */
export function parseCitation(inner: string): Cited[] | null {
  const items: Cited[] = [];
  for (const part of inner.split(';')) {
    const match = ITEM.exec(part.trim());
    if (!match) return null;
    const [, prefix, dash, key, rest] = match;
    // `[x@y.org]`: an @ inside a word is an address, not a citation.
    if (prefix && /[\p{L}\p{N}]$/u.test(prefix)) return null;
    const locator = rest!.replace(/^\s*,\s*/, '').trim();
    if (rest!.trim() && !/^\s*,/.test(rest!)) return null;
    items.push({ key: key!, prefix: prefix!.trim(), locator, suppressAuthor: dash === '-' });
  }
  return items.length > 0 ? items : null;
}

/** Where `offset` in a text node's value is in the source (line breaks counted). */
function positionAt(node: Text, offset: number): Position | undefined {
  const start = node.position?.start;
  if (!start) return undefined;
  const before = node.value.slice(0, offset).split('\n');
  const line = start.line + before.length - 1;
  const column = before.length === 1 ? start.column + offset : before.at(-1)!.length + 1;
  return { start: { line, column }, end: { line, column } };
}

function defaultBibliography(file: VFile, contentDir: string): string | undefined {
  const frontmatter = (file.data as { astro?: { frontmatter?: Record<string, unknown> } }).astro?.frontmatter;
  const named = frontmatter?.bibliography;
  if (typeof named === 'string' && named.trim()) {
    return file.path ? resolve(dirname(file.path), named.trim()) : resolve(named.trim());
  }
  const site = join(contentDir, 'references.bib');
  return existsSync(site) ? resolve(site) : undefined;
}

function element(tagName: string, properties: WidgetNode['data']['hProperties'], children: ElementContent[]): ElementContent {
  return { type: 'element', tagName, properties, children };
}

const text = (value: string): ElementContent => ({ type: 'text', value });

/** The mark for one bracketed citation, as hast. */
function mark(items: Cited[], numbers: Map<string, number>, bibliography: Bibliography, style: CitationStyle): ElementContent[] {
  const [open, close] = style === 'numeric' ? ['[', ']'] : ['(', ')'];
  // [1, 2] but [1, p. 3; 2]: a comma would join a locator to the next number.
  const separator = style === 'author-year' || items.some((item) => item.locator) ? '; ' : ', ';
  const out: ElementContent[] = [text(open)];
  items.forEach((item, index) => {
    if (index > 0) out.push(text(separator));
    if (item.prefix) out.push(text(`${item.prefix} `));
    const authorYear = bibliography.entry(item.key).authorYear;
    const label =
      style === 'numeric'
        ? String(numbers.get(item.key))
        : item.suppressAuthor
          ? (authorYear.split(', ').at(-1) ?? authorYear)
          : authorYear;
    out.push(
      element('a', { href: `#ref-${item.key}`, className: ['citation__link'], role: 'doc-biblioref', dataCite: item.key }, [text(label)]),
    );
    if (item.locator) out.push(text(`, ${item.locator}`));
  });
  out.push(text(close));
  return out;
}

/** A reference to numbered figures: "Figure 2", "Figures 1 and 3", or just "2" with `-@`. */
function figureMark(items: Cited[], figures: Map<string, Figure>): ElementContent[] {
  const out: ElementContent[] = [];
  const word = items.length > 1 ? 'Figures' : 'Figure';
  if (items[0]!.prefix) out.push(text(`${items[0]!.prefix} `));
  if (!items[0]!.suppressAuthor) out.push(text(`${word}\u00a0`));
  items.forEach((item, index) => {
    if (index > 0) out.push(text(index === items.length - 1 ? ' and ' : ', '));
    const number = String(figures.get(item.key)!.number);
    out.push(element('a', { href: `#${item.key}`, className: ['figref'] }, [text(number)]));
    if (item.locator) out.push(text(` (${item.locator})`));
  });
  return out;
}

/** A formatted entry as hast, with its URL or DOI made a link. */
function entryContent(html: string): ElementContent[] {
  const linked = html.replace(
    /(^|[\s(])(https?:\/\/[^\s<]*[^\s<.,;)])/g,
    (_, lead: string, url: string) => `${lead}<a href="${url}">${url}</a>`,
  );
  return fromHtml(linked, { fragment: true }).children as ElementContent[];
}

function referencesSection(cited: string[], bibliography: Bibliography, style: CitationStyle): RootContent[] {
  const keys =
    style === 'numeric'
      ? cited
      : [...cited].sort((a, b) => bibliography.entry(a).html.localeCompare(bibliography.entry(b).html, 'en', { sensitivity: 'base' }));
  const items = keys.map((key) =>
    element('li', { id: `ref-${key}`, className: ['references__entry'] }, entryContent(bibliography.entry(key).html)),
  );
  const heading: Heading = {
    type: 'heading',
    depth: 2,
    children: [{ type: 'text', value: 'References' }],
    // The same title style as the "Notes" of the footnotes that may follow (prose.css).
    data: { hProperties: { className: ['references__title', 'end-title'] } },
  };
  const list: WidgetNode = {
    type: 'widget',
    data: {
      hName: style === 'numeric' ? 'ol' : 'ul',
      hProperties: { className: ['references__list', `references__list--${style}`] },
      hChildren: items,
    },
    children: [],
  };
  const section: WidgetNode = {
    type: 'widget',
    data: { hName: 'section', hProperties: { className: ['references'], role: 'doc-bibliography' } },
    children: [heading, list],
  };
  return [section];
}

export default function remarkCitations(options: CitationOptions = {}) {
  const style = options.style ?? 'numeric';
  const contentDir = options.contentDir ?? 'content';
  return async function transform(tree: Root, file: VFile) {
    const found: Found[] = [];
    visit(tree, (node, index, parent) => {
      // Link text and code are never citations.
      if (node.type === 'link' || node.type === 'linkReference' || node.type === 'code' || node.type === 'inlineCode') return SKIP;
      if (node.type !== 'text' || !parent || index === undefined) return;
      for (const match of node.value.matchAll(BRACKETS)) {
        const items = parseCitation(match[1]!);
        if (!items) continue;
        found.push({
          node,
          parent,
          start: match.index,
          end: match.index + match[0].length,
          items,
          position: positionAt(node, match.index),
        });
      }
      return undefined;
    });
    const figures = numberFigures(tree, file);
    if (found.length === 0) return;

    // Figure references resolve against the post's own figures; all others against the bibliography.
    const isFigure = (item: Cited) => item.key.startsWith('fig:');
    for (const f of found) {
      const kinds = new Set(f.items.map(isFigure));
      if (kinds.size > 1)
        failAt(file, f.position, 'a bracket mixes figure references and citations; write them in separate brackets.', 'citation-mixed');
    }
    const figureErrors = found.flatMap((f) =>
      f.items
        .filter((item) => isFigure(item) && !figures.has(item.key))
        .map((item) => {
          const hint = closest(item.key, [...figures.keys()]);
          return `${where(file, f.position)}: no figure #${item.key} in this post${hint ? `. Did you mean "@${hint}"?` : figures.size === 0 ? ' (a figure gets a number from an id like {#fig:name}).' : '.'}`;
        }),
    );
    if (figureErrors.length > 0) failAt(file, found[0]!.position, figureErrors.join('\n').replace(/^[^ ]+: /, ''), 'figure-unknown');
    const citing = found.filter((f) => !isFigure(f.items[0]!));
    const bibliography = citing.length > 0 ? await bibliographyFor(citing, file) : undefined;
    const numbers = new Map<string, number>();
    for (const f of citing) for (const item of f.items) if (!numbers.has(item.key)) numbers.set(item.key, numbers.size + 1);

    // Last first: see replaceWithMark.
    for (const f of [...found].reverse()) {
      if (isFigure(f.items[0]!)) replaceWithMark(f, figureMark(f.items, figures), found, 'figure-reference');
      else replaceWithMark(f, mark(f.items, numbers, bibliography!, style), found, 'citation');
    }
    if (!bibliography) return;

    tree.children.push(...referencesSection([...numbers.keys()], bibliography, style));
    const data = file.data as { astro?: { frontmatter?: Record<string, unknown> } };
    data.astro ??= {};
    data.astro.frontmatter ??= {};
    data.astro.frontmatter.citations = numbers.size;
  };

  /** The post's bibliography, with every unknown key reported at once (one build shows them all). */
  async function bibliographyFor(citing: Found[], file: VFile): Promise<Bibliography> {
    const path = defaultBibliography(file, contentDir);
    const first = citing[0]!;
    if (!path) {
      failAt(
        file,
        first.position,
        `[@${first.items[0]!.key}] is a citation, but there is no bibliography: add ${join(contentDir, 'references.bib')} or name a .bib file in the frontmatter (bibliography: refs.bib).`,
        'citation-no-bibliography',
      );
    }
    if (!existsSync(path))
      failAt(
        file,
        undefined,
        `the bibliography ${relative(process.cwd(), path)} named in the frontmatter does not exist.`,
        'citation-no-bibliography',
      );
    let bibliography: Bibliography;
    try {
      bibliography = await loadBibliography(relative(process.cwd(), path));
    } catch (error) {
      if (error instanceof BibliographyError)
        failAt(file, first.position, `cannot use the bibliography: ${error.message}`, 'citation-bibtex');
      throw error;
    }

    const known = [...bibliography.keys.keys()];
    const unknown = citing.flatMap((f) =>
      f.items
        .filter((item) => !bibliography.keys.has(item.key))
        .map((item) => {
          const hint = closest(item.key, known);
          return `${where(file, f.position)}: unknown citation key "@${item.key}" (not in ${relative(process.cwd(), path)}).${hint ? ` Did you mean "@${hint}"?` : ''}`;
        }),
    );
    if (unknown.length > 0) {
      const [headline, ...rest] = unknown;
      failAt(file, first.position, [headline!.replace(/^[^ ]+: /, ''), ...rest].join('\n'), 'citation-unknown-key');
    }

    return bibliography;
  }
}

/**
 * Put the mark where the bracket was. Matches are replaced last first within a text node, so
 * the node is split as [before, mark, after]; an earlier match in the same node then lives
 * in `before`, which keeps its offsets.
 */
function replaceWithMark(f: Found, hChildren: ElementContent[], all: Found[], kind: 'citation' | 'figure-reference'): void {
  const index = f.parent.children.indexOf(f.node as never);
  const before = f.node.value.slice(0, f.start);
  const after = f.node.value.slice(f.end);
  const node: WidgetNode = {
    type: 'widget',
    data: {
      hName: 'span',
      hProperties:
        kind === 'citation'
          ? { className: ['citation'], dataCites: f.items.map((item) => item.key).join(' ') }
          : { className: ['figure-reference'] },
      hChildren,
    },
    children: [],
  };
  const replacement = [
    ...(before ? [{ ...f.node, value: before }] : []),
    node as unknown as PhrasingContent,
    ...(after ? [{ type: 'text', value: after } as Text] : []),
  ];
  f.parent.children.splice(index, 1, ...(replacement as never[]));
  for (const g of all) if (g.node === f.node && g !== f) g.node = f.parent.children[index] as Text;
}
