// What a Pluto notebook's saved outputs may put on our pages. A notebook's HTML comes from
// Julia packages (PlutoUI, Plots, DataFrames …) and from whoever wrote the notebook: it is
// imported material, so it is rebuilt from an allow-list (hast-util-sanitize, GitHub's schema
// extended with SVG and a few layout tags) before it reaches a page. Nothing in it can run
// script on our origin: <script>, <iframe>, <object>, <style>, <foreignObject>, event handlers
// (`onerror=`), `javascript:` and other non-http(s) URLs are removed. Unlike a post's raw HTML
// (src/markdown/remark-sanitize-html.ts, which drops SVG entirely), plots need SVG, so SVG
// elements and their presentation attributes stay.
//
// Ids are kept but prefixed per output (`nb-3-clip1`), with the `#id` and `url(#id)`
// references inside the same output rewritten to match: two plots that both call their clip
// path `clip1` (Plots.jl does) no longer collide, and no output can shadow an id of the page.
import type { Element, Root, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { defaultSchema, type Schema, sanitize } from 'hast-util-sanitize';
import { toHtml } from 'hast-util-to-html';
import { visit } from 'unist-util-visit';
import { safeUrl } from '../markdown/remark-sanitize-html.ts';

const URL_KEYS = new Set(['href', 'src', 'xLinkHref', 'action', 'formAction', 'cite']);

const SVG_TAGS = (
  'svg g path rect circle ellipse line polyline polygon text tspan textPath defs clipPath mask pattern ' +
  'linearGradient radialGradient stop use symbol marker title desc image'
).split(' ');

const SVG_ATTRIBUTES = (
  'viewBox preserveAspectRatio version x y x1 x2 y1 y2 cx cy r rx ry dx dy d points transform width height ' +
  'fill fillOpacity fillRule stroke strokeWidth strokeOpacity strokeDasharray strokeDashoffset strokeLinecap ' +
  'strokeLinejoin strokeMiterlimit opacity clipPath clipRule clipPathUnits mask maskUnits patternUnits ' +
  'patternTransform gradientUnits gradientTransform offset stopColor stopOpacity fontSize fontFamily fontWeight ' +
  'fontStyle textAnchor dominantBaseline alignmentBaseline baselineShift letterSpacing visibility display ' +
  'vectorEffect markerStart markerMid markerEnd markerWidth markerHeight refX refY orient href xLinkHref ' +
  'shapeRendering textRendering imageRendering color'
).split(' ');

/** Removed with everything inside them (hast-util-sanitize would otherwise keep their children as text). */
const STRIP = [
  'script',
  'style',
  'iframe',
  'object',
  'embed',
  'template',
  'noscript',
  'textarea',
  'foreignObject',
  'math',
  'select',
  'input',
  'button',
];

const schema = (svgStyle: boolean): Schema => ({
  ...defaultSchema,
  clobber: [],
  clobberPrefix: '',
  required: {},
  strip: svgStyle ? STRIP.filter((t) => t !== 'style') : STRIP,
  tagNames: [
    // GitHub's list allows <input> (task lists); controls here only ever worked with Pluto's JS.
    ...(defaultSchema.tagNames ?? []).filter((t) => !STRIP.includes(t)),
    ...SVG_TAGS,
    ...(svgStyle ? ['style'] : []),
    'figure',
    'figcaption',
    'caption',
    'col',
    'colgroup',
    'span',
    'mark',
    'small',
    'abbr',
    'time',
    'kbd',
    'samp',
    'var',
    'u',
    'section',
    'article',
    'aside',
    'header',
    'footer',
    'bond',
  ],
  attributes: {
    ...defaultSchema.attributes,
    '*': [...(defaultSchema.attributes?.['*'] ?? []), 'className', 'style', 'role', 'ariaLabel', 'ariaHidden', ...SVG_ATTRIBUTES],
    img: [...(defaultSchema.attributes?.img ?? []), 'loading', 'decoding'],
    bond: ['def'],
  },
  protocols: {
    ...defaultSchema.protocols,
    href: ['http', 'https', 'mailto'],
    xLinkHref: ['http', 'https'],
    src: ['http', 'https', 'data'],
  },
});

const HTML_SCHEMA = schema(false);
const SVG_FILE_SCHEMA = schema(true);

/** A data: URL that can only be a picture (never HTML or script). */
const SAFE_DATA = /^data:image\/(png|jpe?g|gif|webp|bmp|svg\+xml)[;,]/i;
/** CSS that can fetch or run something: `url(…)` outside `url(#id)`, `@import`, old IE `expression(…)`, `behavior:`. */
const UNSAFE_CSS = /url\s*\(\s*(?!['"]?#)|@import|expression\s*\(|behavior\s*:|-moz-binding/i;

export interface Sanitized {
  tree: Root;
  /** What was removed, once per kind, for a warning (`<script>`, `onclick` …). */
  removed: string[];
}

/** Names what the allow-list will drop, before it drops it (hast-util-sanitize does not say). */
function survey(tree: Root, allowed: Schema): string[] {
  const removed = new Set<string>();
  const tags = new Set(allowed.tagNames ?? []);
  visit(tree, 'element', (node) => {
    if (!tags.has(node.tagName)) removed.add(`<${node.tagName}>`);
    for (const [key, value] of Object.entries(node.properties)) {
      if (/^on/i.test(key)) removed.add(`${key.toLowerCase()}=`);
      if (typeof value === 'string' && URL_KEYS.has(key) && !safeUrl(value) && !SAFE_DATA.test(value.trim())) {
        removed.add(`a ${value.split(':')[0]!.trim().toLowerCase()}: URL`);
      }
    }
  });
  return [...removed];
}

/** `#id` and `url(#id)` references rewritten to the prefixed ids. */
function prefixIds(tree: Root, prefix: string): void {
  const ids = new Set<string>();
  visit(tree, 'element', (node) => {
    if (typeof node.properties.id === 'string') ids.add(node.properties.id);
  });
  const ref = (id: string) => (ids.has(id) ? `${prefix}${id}` : id);
  visit(tree, 'element', (node) => {
    const p = node.properties;
    if (typeof p.id === 'string') p.id = `${prefix}${p.id}`;
    for (const key of ['href', 'xLinkHref'] as const) {
      const v = p[key];
      if (typeof v === 'string' && v.startsWith('#')) p[key] = `#${ref(v.slice(1))}`;
    }
    for (const key of ['ariaLabelledBy', 'ariaDescribedBy'] as const) {
      const v = p[key];
      if (Array.isArray(v)) p[key] = v.map((id) => ref(String(id)));
    }
    for (const [key, v] of Object.entries(p)) {
      if (typeof v === 'string' && v.includes('url(#')) p[key] = v.replace(/url\(#([^)\s]+)\)/g, (_m, id: string) => `url(#${ref(id)})`);
    }
  });
}

/** After the allow-list: URLs and CSS that hast-util-sanitize lets through but we do not. */
function tighten(tree: Root, removed: string[]): void {
  visit(tree, 'element', (node: Element) => {
    const p = node.properties;
    const src = p.src;
    if (
      typeof src === 'string' &&
      src.trim().toLowerCase().startsWith('data:') &&
      !(node.tagName === 'img' && SAFE_DATA.test(src.trim()))
    ) {
      delete p.src;
      removed.push(`a data: URL on <${node.tagName}>`);
    }
    for (const key of ['href', 'xLinkHref'] as const) {
      const v = p[key];
      // Inside SVG a link may only point within the picture or be an embedded picture.
      if (typeof v === 'string' && SVG_TAGS.includes(node.tagName) && !v.startsWith('#') && !SAFE_DATA.test(v)) delete p[key];
    }
    if (typeof p.style === 'string' && UNSAFE_CSS.test(p.style)) {
      delete p.style;
      removed.push('a style that loads or runs something');
    }
  });
}

function clean(fragment: Root, allowed: Schema, idPrefix: string): Sanitized {
  const removed = survey(fragment, allowed);
  const tree = sanitize(fragment, allowed) as Root;
  tighten(tree, removed);
  if (allowed === SVG_FILE_SCHEMA) {
    visit(tree, 'element', (node) => {
      if (node.tagName !== 'style') return;
      const css = node.children.map((c) => ('value' in c ? c.value : '')).join('');
      if (UNSAFE_CSS.test(css)) {
        node.children = [];
        removed.push('a <style> that loads something');
      }
    });
  }
  if (idPrefix) prefixIds(tree, idPrefix);
  return { tree, removed: [...new Set(removed)] };
}

/**
 * A saved `text/html` output (or a Markdown cell's rendered HTML) as a safe hast fragment.
 * @example toHtml(sanitizeOutputHtml('<img src=x onerror=alert(1)>', 'nb-1-').tree) // '<img src="x">'
 */
export function sanitizeOutputHtml(html: string, idPrefix: string): Sanitized {
  return clean(fromHtml(html, { fragment: true }), HTML_SCHEMA, idPrefix);
}

/**
 * A saved `image/svg+xml` output as a standalone SVG file with nothing that runs: safe to serve
 * from our origin even when opened directly (not only through `<img>`, where SVG never runs script).
 * Its own <style> stays (it cannot reach the page from a file); ids keep their names.
 */
export function sanitizeSvgFile(svg: string): { svg: string; removed: string[] } {
  const fragment = fromHtml(svg.replace(/^\s*<\?xml[^>]*\?>/, '').replace(/<!DOCTYPE[^>]*>/i, ''), { fragment: true });
  const { tree, removed } = clean(fragment, SVG_FILE_SCHEMA, '');
  const root = tree.children.find((c): c is Element => c.type === 'element' && c.tagName === 'svg');
  if (!root) return { svg: '', removed: [...removed, 'everything: the output has no <svg> element'] };
  root.properties.xmlns = 'http://www.w3.org/2000/svg';
  if (JSON.stringify(root).includes('"xLinkHref"')) root.properties.xmlnsXLink = 'http://www.w3.org/1999/xlink';
  return { svg: toHtml(root as RootContent, { space: 'svg' }), removed };
}
