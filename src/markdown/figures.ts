// Numbered figures, referenced like citations (the pandoc-crossref convention):
//
//   ![Loss along a random direction](./slice.png){#fig:slice}     an image alone in its paragraph
//   ::loss-slice[Loss along two directions]{#fig:slice2 …}         any widget with a fig: id
//
//   … as [@fig:slice] shows      → "as Figure 1 shows", a link to the figure
//   … panels [-@fig:slice] and … → "panels 1 and …"
//
// Only ids that start with `fig:` are numbered, in order of appearance; the caption gets
// "Figure N." in front (for an image, its alt text is the caption, as in pandoc). Runs inside
// remark-citations, after remark-widgets has turned directives into figures (and put back
// the `:slice` of `fig:slice` that remark-directive reads as a text directive).
import type { Image, Paragraph, PhrasingContent, Root, RootContent } from 'mdast';
import type { Position } from 'unist';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { failAt, sourcePoint } from './source-position.ts';
import { customNode, type WidgetNode } from './widget-nodes.ts';

export interface Figure {
  number: number;
  position: Position | undefined;
}

const IMAGE_ID = /^\s*\{#(fig:[^\s}]+)\}\s*$/;

const label = (number: number): PhrasingContent => ({ type: 'strong', children: [{ type: 'text', value: `Figure ${number}.` }] });

/** Number every `fig:` figure in the post, put "Figure N." in its caption, and return them by key. */
export function numberFigures(tree: Root, file: VFile): Map<string, Figure> {
  const figures = new Map<string, Figure>();
  const add = (key: string, position: Position | undefined): number => {
    const first = figures.get(key);
    if (first) {
      failAt(
        file,
        position,
        `the figure id #${key} is used twice (first on line ${sourcePoint(file, first.position)?.line ?? '?'}); ids must be unique in a post.`,
        'figure-duplicate-id',
      );
    }
    const number = figures.size + 1;
    figures.set(key, { number, position });
    return number;
  };

  visit(tree, (node, index, parent) => {
    if (!parent || index === undefined) return;
    if (node.type === 'widget' && node.data.hName === 'figure') {
      const id = node.data.hProperties.id;
      if (typeof id === 'string' && id.startsWith('fig:')) {
        const number = add(id, node.position);
        const children = node.children as RootContent[];
        const caption = children.find((c): c is WidgetNode => c.type === 'widget' && c.data.hName === 'figcaption');
        if (caption) (caption.children as PhrasingContent[]).unshift(label(number), { type: 'text', value: ' ' });
        else children.push(customNode('figcaption', { className: ['widget__caption'] }, [label(number)]));
      }
      return;
    }
    if (node.type !== 'paragraph') return;
    const paragraph = node as Paragraph;
    const [image, after, ...rest] = paragraph.children;
    if (rest.length > 0 || image?.type !== 'image' || after?.type !== 'text') return;
    const match = IMAGE_ID.exec(after.value);
    if (!match) return;
    const key = match[1]!;
    const number = add(key, paragraph.position);
    const caption: PhrasingContent[] = [label(number), ...(image.alt ? [{ type: 'text', value: ` ${image.alt}` } as const] : [])];
    const figure = customNode(
      'figure',
      { id: key, className: ['figure'] },
      [
        { type: 'paragraph', children: [image as Image], data: { hName: 'div', hProperties: { className: ['figure__media'] } } },
        customNode('figcaption', { className: ['figure__caption'] }, caption),
      ] as RootContent[],
      paragraph.position,
    );
    parent.children[index] = figure as (typeof parent.children)[number];
  });
  return figures;
}
