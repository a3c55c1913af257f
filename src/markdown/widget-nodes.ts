// mdast nodes that remark-rehype turns into given HTML elements (through `data.hName`),
// for the figures and sections the widget directives become.
import { fromHtml } from 'hast-util-from-html';
import type { ElementContent } from 'hast';
import type { PhrasingContent, RootContent } from 'mdast';
import type { Position } from 'unist';

/** `<tag …>` holding the given HTML (parsed now, so rehype plugins see real elements). */
export function htmlNode(tagName: string, properties: Record<string, unknown>, html: string, position?: Position): RootContent {
  const hChildren = fromHtml(html, { fragment: true }).children as ElementContent[];
  return {
    type: 'widget',
    data: { hName: tagName, hProperties: properties, hChildren },
    position,
  } as unknown as RootContent;
}

/** `<tag …>` around Markdown children (a caption, a section's text). */
export function customNode(
  tagName: string,
  properties: Record<string, unknown>,
  children: RootContent[] | PhrasingContent[],
  position?: Position,
): RootContent {
  return {
    type: 'widget',
    data: { hName: tagName, hProperties: properties },
    children,
    position,
  } as unknown as RootContent;
}
