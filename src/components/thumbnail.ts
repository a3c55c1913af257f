// The picture on a post's card (home page, tag pages): the static first frame of the post's
// first widget — the plot, heat map or graph the build already rendered into the post — made
// decorative (no ids, no roles, no labels: the card's title says what it is). A post without
// a widget gets none, and PostList draws its fallback tile.
import type { Element, ElementContent, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';

export interface Thumbnail {
  /** The widget's name (`nn-playground`, …), whose stylesheet the picture needs. */
  widget: string;
  /** The class of the widget's root element (`nnp`, `kink`, …): its custom properties and descendant rules need it. */
  rootClass: string;
  /** The picture's HTML, decorative. */
  html: string;
}

// A numbered figure (`{#fig:name}`) has an id between the class and the widget's name.
const FIGURE = /<figure class="widget[^"]*"(?: id="[^"]*")? data-widget="([\w-]+)"/g;

function firstPicture(nodes: readonly (ElementContent | Root['children'][number])[]): Element | undefined {
  for (const node of nodes) {
    if (node.type !== 'element') continue;
    if (node.properties.role === 'img') return node;
    const inner = firstPicture(node.children);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * A picture may name the part of itself worth a thumbnail (`data-thumbnail-viewbox`: the
 * loss slice's heat map without its axes and colour bar, whose 8 px labels would be specks
 * on a card): the copy shows that part, filling the frame.
 */
function cropped(node: Element): void {
  const box = node.properties.dataThumbnailViewbox;
  if (typeof box !== 'string') return;
  node.properties.viewBox = box;
  node.properties.preserveAspectRatio = 'xMidYMid slice';
  delete node.properties.dataThumbnailViewbox;
}

/**
 * The card's frame is 11rem (176 px) wide: a picture more than twice as wide draws its text at
 * under half its size there, 5–6 px specks (the graph's values, a plot's tick labels), so such
 * a picture goes on the card without its text.
 */
const LEGIBLE_WIDTH = 2 * 176;

function withoutSmallText(node: Element): void {
  const box = typeof node.properties.viewBox === 'string' ? node.properties.viewBox.split(/[\s,]+/).map(Number) : [];
  if (!(box[2]! > LEGIBLE_WIDTH)) return;
  const strip = (parent: Element) => {
    parent.children = parent.children.filter((child) => child.type !== 'element' || child.tagName !== 'text');
    for (const child of parent.children) if (child.type === 'element') strip(child);
  };
  strip(node);
}

/** Drop what would make a copy of the picture a second, focusable or labelled one: ids, roles, labels, tab stops. */
function decorative(node: Element): void {
  for (const name of ['id', 'role', 'ariaLabel', 'ariaLabelledBy', 'ariaDescribedBy', 'tabIndex', 'dataPart']) delete node.properties[name];
  for (const child of node.children) if (child.type === 'element') decorative(child);
}

/**
 * The first widget figure of a post's rendered HTML that holds a picture (an element with
 * role="img"), as a decorative copy; undefined when the post has none.
 * @example thumbnailOf('<figure class="widget" data-widget="kink"><svg role="img" aria-label="…">…</svg></figure>')
 *   // { widget: 'kink', rootClass: 'kink', html: '<svg aria-hidden="true">…</svg>' }
 */
export function thumbnailOf(html: string): Thumbnail | undefined {
  for (const match of html.matchAll(FIGURE)) {
    // Only this figure's markup is parsed, not the whole post (figures do not nest).
    const end = html.indexOf('</figure>', match.index);
    const figure = fromHtml(html.slice(match.index, end < 0 ? undefined : end + '</figure>'.length), { fragment: true });
    const picture = firstPicture(figure.children);
    if (!picture) continue;
    decorative(picture);
    cropped(picture);
    withoutSmallText(picture);
    picture.properties.ariaHidden = 'true';
    const root = /<div class="widget__body"><div class="([\w-]+)/.exec(html.slice(match.index, end))?.[1] ?? match[1]!;
    return { widget: match[1]!, rootClass: root, html: toHtml(picture) };
  }
  return undefined;
}

/** A glyph for a post without a figure, from words in its title and tags (∂ when none match). */
export function fallbackGlyph(title: string, tags: readonly string[]): string {
  const text = `${title} ${tags.join(' ')}`.toLowerCase();
  const glyphs: Array<[RegExp, string]> = [
    [/finite difference|numeric/, 'Δ'],
    // Not ∘ alone: the ring operator is a small raised circle, which read as a letter o.
    [/chain rule/, 'f∘g'],
    [/jacobian/, 'J'],
    [/gradient|backprop/, '∇'],
    [/notation|convention/, '≡'],
    [/matrix|linear algebra/, 'Σ'],
  ];
  return glyphs.find(([words]) => words.test(text))?.[1] ?? '∂';
}
