// A small tree walk for the rehype steps, instead of unist-util-visit.
//
// A post's HTML tree is mostly KaTeX: every formula is a few hundred spans (its visual HTML
// and its MathML twin), and nine steps used to walk all of them. unist-util-visit also
// allocates an ancestor list and a closure per node, so on the 300-post build benchmark
// those walks and the garbage they left were a quarter of the Markdown rendering time
// (profiled with `node --cpu-prof`). Here a walk allocates nothing per node, and `outsideMath`
// steps over KaTeX's output, which holds nothing those steps look for (a heading, a table,
// a code block, a footnote mark: KaTeX renders none of them).
import type { Element, ElementContent, Root, RootContent } from 'hast';

/** Returned by a visitor: do not walk into this element's children. */
export const SKIP = Symbol('skip');

/**
 * What a visitor may return: nothing (walk on, into the children), SKIP, or the index in
 * `parent.children` to continue at (after inserting or removing siblings); a number also
 * skips the children.
 */
export type Next = typeof SKIP | number | undefined;

export type Parent = Root | Element;

export type Visitor = (node: Element, index: number, parent: Parent) => Next;

/** Whether `node` has class `name`, as a `className` list (rehype) or a `class` string (Shiki). */
export function hasClass(node: Element, name: string): boolean {
  const { className, class: plain } = node.properties;
  if (Array.isArray(className)) {
    for (const value of className) if (value === name) return true;
  }
  return typeof plain === 'string' && ` ${plain} `.includes(` ${name} `);
}

/** KaTeX's rendering of one formula (inline, or inside a display's `.katex-display`). */
export const isKatex = (node: ElementContent | RootContent | undefined): node is Element =>
  node?.type === 'element' && node.tagName === 'span' && hasClass(node, 'katex');

/** Every element below `tree`, depth first in document order. */
export function walkElements(tree: Parent, visitor: Visitor, options: { outsideMath?: boolean } = {}): void {
  const skipMath = options.outsideMath === true;
  const walk = (parent: Parent): void => {
    const children = parent.children as (RootContent | ElementContent)[];
    for (let index = 0; index < children.length; ) {
      const node = children[index]!;
      if (node.type !== 'element' || (skipMath && isKatex(node))) {
        index += 1;
        continue;
      }
      const next = visitor(node, index, parent);
      if (typeof next === 'number') {
        index = next;
        continue;
      }
      if (next !== SKIP) walk(node);
      index += 1;
    }
  };
  walk(tree);
}

/** Elements below `tree` that are not KaTeX's: the prose, headings, tables and code of a post. */
export function walkOutsideMath(tree: Parent, visitor: Visitor): void {
  walkElements(tree, visitor, { outsideMath: true });
}

/**
 * Glyphs a reader sees in a KaTeX rendering: its text without spaces and zero-width spaces,
 * leaving out the subtrees of the classes named (KaTeX's MathML twin, an equation number).
 * Callers only ask whether a formula is longer than some length: counting stops past
 * `atMost` (the result is then `atMost + 1`), so a long display is not walked to its end.
 */
export function visibleGlyphs(node: Element, leaveOut: readonly string[], atMost = Number.POSITIVE_INFINITY): number {
  let count = 0;
  const walk = (parent: Element): void => {
    for (const child of parent.children) {
      if (count > atMost) return;
      if (child.type === 'text') {
        for (const char of child.value) {
          if (char !== '\u200b' && !/\s/.test(char)) count += 1;
        }
      } else if (child.type === 'element' && !leaveOut.some((name) => hasClass(child, name))) walk(child);
    }
  };
  walk(node);
  return Math.min(count, atMost + 1);
}

/**
 * A copy of `node` without the subtrees of class `name` (e.g. KaTeX's MathML twin, so the
 * text of a heading or a cell has each formula once). Text nodes are shared, not copied.
 */
export function without(node: Element, name: string): Element {
  const copy = (element: Element): Element => ({
    ...element,
    children: element.children.flatMap((child): ElementContent[] => {
      if (child.type !== 'element') return [child];
      return hasClass(child, name) ? [] : [copy(child)];
    }),
  });
  return copy(node);
}
