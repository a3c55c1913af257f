// Footnotes as sidenotes (Tufte, Distill): each footnote's text is also set beside the
// paragraph that refers to it, shown in the right margin on screens wide enough to have one
// (src/styles/notes.css); on narrower screens it is hidden and the numbered notes at the end
// are the only copy. The endnotes stay in every layout: they are what the reference links
// to, what screen readers and print use, and where a reader on a phone goes.
//
// So the sidenote is a visual duplicate: `aria-hidden`, its links out of the tab order, no ids.
// A reference inside a table, a heading, a figure or a widget section (whose margin holds
// the figure) gets no sidenote.
//
// It also records `previews: true` in the remark frontmatter when the post has anything the
// hover cards preview (equation references, footnote marks, citations, figure references),
// so the post layout ships that script only to pages that use it.
import type { Element, ElementContent, Root } from 'hast';
import type { VFile } from 'vfile';
import { SKIP, walkOutsideMath } from './hast-walk.ts';

const NO_SIDENOTE = new Set(['table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'figure', 'figcaption', 'summary', 'dt']);

const classes = (node: Element): string[] => {
  const value: unknown = node.properties.className;
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/\s+/) : [];
};

/** The note's content, made inert for the copy: no backlink, no ids, links not focusable, paragraphs as spans. */
function inertCopy(nodes: ElementContent[], top = true): ElementContent[] {
  const out: ElementContent[] = [];
  for (const node of nodes) {
    if (node.type === 'text') {
      // Between the note's paragraphs there is only a line break.
      if (!(top && node.value.trim() === '')) out.push({ ...node });
      continue;
    }
    if (node.type !== 'element') continue;
    if (node.properties.dataFootnoteBackref !== undefined) continue;
    const properties = { ...node.properties };
    delete properties.id;
    if (node.tagName === 'a' || node.tagName === 'button') properties.tabIndex = -1;
    const tagName = node.tagName === 'p' ? 'span' : node.tagName;
    if (node.tagName === 'p') properties.className = ['sidenote__para'];
    out.push({ ...node, tagName, properties, children: inertCopy(node.children, false) });
  }
  if (top) trimEnd(out);
  return out;
}

/** The back-link leaves a space behind, at the end of the last paragraph. */
function trimEnd(nodes: ElementContent[]): void {
  while (nodes.at(-1)?.type === 'text' && (nodes.at(-1) as { value: string }).value.trim() === '') nodes.pop();
  const last = nodes.at(-1);
  if (last?.type === 'text') last.value = last.value.replace(/\s+$/, '');
  else if (last?.type === 'element') trimEnd(last.children);
}

export default function rehypeSidenotes() {
  return function transform(tree: Root, file: VFile) {
    // The notes, by the id the references point at.
    const notes = new Map<string, ElementContent[]>();
    walkOutsideMath(tree, (node) => {
      if (node.tagName === 'section' && node.properties.dataFootnotes !== undefined) {
        walkOutsideMath(node, (li) => {
          if (li.tagName === 'li' && typeof li.properties.id === 'string') notes.set(li.properties.id, li.children);
        });
        return SKIP;
      }
      return undefined;
    });

    let previews = false;
    let sidenotes = 0;
    // KaTeX's output is not walked: an \eqref inside a formula is KaTeX's own link, not a preview target.
    walkOutsideMath(tree, (node, index, parent) => {
      if (NO_SIDENOTE.has(node.tagName) || classes(node).includes('widget-section') || node.properties.dataFootnotes !== undefined) {
        // Still look for preview targets inside, without sidenotes.
        walkOutsideMath(node, (inner) => {
          if (isPreviewTarget(inner)) previews = true;
        });
        return SKIP;
      }
      if (isPreviewTarget(node)) previews = true;
      if (node.tagName !== 'sup') return undefined;
      const ref = node.children.find((c): c is Element => c.type === 'element' && c.properties.dataFootnoteRef !== undefined);
      const href = ref && typeof ref.properties.href === 'string' ? ref.properties.href : undefined;
      const note = href ? notes.get(decodeURIComponent(href.slice(1))) : undefined;
      if (!ref || !note) return undefined;
      const number = ref.children.map((c) => (c.type === 'text' ? c.value : '')).join('');
      const sidenote: Element = {
        type: 'element',
        tagName: 'span',
        properties: { className: ['sidenote'], ariaHidden: 'true' },
        children: [
          {
            type: 'element',
            tagName: 'span',
            properties: { className: ['sidenote__number'] },
            children: [{ type: 'text', value: number }],
          },
          { type: 'text', value: ' ' },
          ...inertCopy(note),
        ],
      };
      parent.children.splice(index + 1, 0, sidenote);
      sidenotes++;
      return index + 2;
    });

    // The top-level blocks that hold a sidenote are marked, for the one rule that must find
    // them (prose.css: a block must not clip its floated note). Found in the browser with
    // `:has(.sidenote)`, every element added anywhere in the column (a widget's step adds
    // dozens) made Chromium check the ancestors of the new element against that rule.
    if (sidenotes > 0) {
      for (const block of tree.children) {
        if (block.type === 'element' && holdsSidenote(block)) {
          block.properties.className = [...classes(block), 'has-sidenote'];
        }
      }
    }

    if (previews) {
      const data = file.data as { astro?: { frontmatter?: Record<string, unknown> } };
      data.astro ??= {};
      data.astro.frontmatter ??= {};
      data.astro.frontmatter.previews = true;
    }
  };
}

function holdsSidenote(node: Element): boolean {
  return node.children.some((child) => child.type === 'element' && (classes(child).includes('sidenote') || holdsSidenote(child)));
}

function isPreviewTarget(node: Element): boolean {
  if (node.tagName !== 'a') return false;
  if (node.properties.dataFootnoteRef !== undefined) return true;
  const names = classes(node);
  return names.includes('eqref') || names.includes('citation__link') || names.includes('figref');
}
