// mdast nodes that remark-rehype turns into given HTML elements (through `data.hName`),
// for the figures and sections the widget directives become.
import { fromHtml } from 'hast-util-from-html';
import type { ElementContent, Properties } from 'hast';
import type { Data, PhrasingContent, RootContent } from 'mdast';
import type { Position } from 'unist';

/** A node only this site makes: remark-rehype renders it as `data.hName` (see mdast-util-to-hast). */
export interface WidgetNode {
  type: 'widget';
  data: Data & { hName: string; hProperties: Properties; hChildren?: ElementContent[] };
  children: RootContent[] | PhrasingContent[];
  position?: Position | undefined;
}

declare module 'mdast' {
  interface RootContentMap {
    widget: WidgetNode;
  }
}

/** `<tag …>` holding the given HTML (parsed now, so rehype plugins see real elements). */
export function htmlNode(tagName: string, properties: Properties, html: string, position?: Position): RootContent {
  const hChildren = fromHtml(html, { fragment: true }).children as ElementContent[];
  return { type: 'widget', data: { hName: tagName, hProperties: properties, hChildren }, children: [], position };
}

/** `<tag …>` around Markdown children (a caption, a section's text). */
export function customNode(
  tagName: string,
  properties: Properties,
  children: RootContent[] | PhrasingContent[],
  position?: Position,
): RootContent {
  return { type: 'widget', data: { hName: tagName, hProperties: properties }, children, position };
}
