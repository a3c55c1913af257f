// Equation numbers and references for KaTeX, which has `\tag` but no `\label`/`\eqref`.
//
// Convention (like a paper, not like raw LaTeX): an equation is numbered when it carries a
// `\label{key}`; numbers run 1, 2, 3… in order of appearance in the post. In `align`,
// `equation` and `gather`, unlabelled rows get `\notag`, so they stay unnumbered instead of
// getting KaTeX's CSS-counter numbers that nothing could refer to.
// An explicit `\tag{…}` on the row keeps its text and still makes the label referable.
//
//   $$ f'(x) = \lim_{h\to0} \frac{f(x+h)-f(x)}{h} \label{eq:limit} $$
//   As $\eqref{eq:limit}$ shows…   → a link "(1)" to the equation
//   Equation $\ref{eq:limit}$ …    → a link "1"
//
// Each label becomes an anchor `#eq-<key>` placed just before its display. A reference
// to a label that does not exist, or a label used twice, fails the build at its position.
import type { Html, Link, Root } from 'mdast';
import type { InlineMath, Math as MathNode } from 'mdast-util-math';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { failAt } from './source-position.ts';

const LABEL = /\\label\{([^}]*)\}/g;
const REF = /\\(eq)?ref\{([^}]*)\}/g;
const NUMBERED_ENV = /\\begin\{(align|equation|gather|alignat)\}/;

/** A row with nothing to number: only `\begin`/`\end` and the row break. */
function isEmptyRow(row: string): boolean {
  return (
    row
      .replace(/\\(begin|end)\{[^}]*\}(\{[^}]*\})?/g, '')
      .replace(/\\\\/g, '')
      .trim() === ''
  );
}

/** The anchor id of a label: `eq:chain rule` → `eq-chain-rule` (the usual `eq:` prefix is not doubled), `loss` → `eq-loss`. */
export function equationId(key: string): string {
  return `eq-${key
    .trim()
    .replace(/^eq:\s*/, '')
    .replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

/**
 * Change the TeX of a math node. remark-math also stores the text in `data.hChildren`
 * (what remark-rehype emits), so both must change.
 */
function setTex(node: MathNode | InlineMath, tex: string): void {
  node.value = tex;
  const setText = (children: unknown[] | undefined): boolean => {
    for (const child of children ?? []) {
      const c = child as { type: string; value?: string; children?: unknown[] };
      if (c.type === 'text') {
        c.value = tex;
        return true;
      }
      if (setText(c.children)) return true;
    }
    return false;
  };
  setText(node.data?.hChildren as unknown[] | undefined);
}

interface Equation {
  tag: string;
  id: string;
}

/** Split display math into rows at top-level `\\`, keeping the separators. */
function splitRows(tex: string): string[] {
  const rows: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < tex.length; i++) {
    const ch = tex[i];
    if (ch === '\\') {
      if (tex[i + 1] === '\\' && depth === 0) {
        rows.push(tex.slice(start, i + 2));
        start = i + 2;
      }
      i++; // skip the escaped character (`\{`, `\\`, …)
    } else if (ch === '{') depth++;
    else if (ch === '}') depth--;
  }
  rows.push(tex.slice(start));
  return rows;
}

export default function remarkEquationRefs() {
  return function transform(tree: Root, file: VFile) {
    const equations = new Map<string, Equation>();
    let counter = 0;

    // Pass 1: number the labelled rows of display math, in document order.
    visit(tree, 'math', (node: MathNode, index, parent) => {
      const numbered = NUMBERED_ENV.test(node.value);
      if (!numbered && !node.value.includes('\\label')) return undefined;
      const anchors: string[] = [];
      const rows = splitRows(node.value);
      const tex = rows
        .map((row, i) => {
          let out = row.replace(LABEL, (_match, rawKey: string) => {
            const key = rawKey.trim();
            if (equations.has(key)) {
              failAt(
                file,
                node.position,
                `\\label{${key}} is used twice; each label must name one equation. Rename one of them.`,
                'duplicate-label',
              );
            }
            const explicit = /\\tag\*?\{([^}]*)\}/.exec(row);
            const tag = explicit ? explicit[1] : String(++counter);
            const id = equationId(key);
            const clash = [...equations].find(([, equation]) => equation.id === id)?.[0];
            if (clash !== undefined) {
              failAt(
                file,
                node.position,
                `\\label{${key}} and \\label{${clash}} would share the anchor #${id} (an \`eq:\` prefix is dropped from anchors). Rename one of them.`,
                'duplicate-label',
              );
            }
            equations.set(key, { tag, id });
            anchors.push(id);
            return explicit ? '' : `\\tag{${tag}}`;
          });
          // Unlabelled rows of numbered environments stay unnumbered (see the top).
          if (numbered && !/\\(tag|notag|nonumber)\b/.test(out) && !isEmptyRow(out)) {
            out = i === rows.length - 1 ? out.replace(/\\end\{/, '\\notag \\end{') : `${out.slice(0, -2)}\\notag \\\\`;
          }
          return out;
        })
        .join('');
      setTex(node, tex);
      if (anchors.length > 0 && parent && index !== undefined) {
        const html: Html = {
          type: 'html',
          value: anchors.map((id) => `<span id="${id}" class="eq-anchor"></span>`).join(''),
        };
        parent.children.splice(index, 0, html);
        return index + 2;
      }
      return undefined;
    });

    // Pass 2: resolve references, in inline and display math alike.
    const resolve = (key: string, node: MathNode | InlineMath): Equation => {
      const equation = equations.get(key.trim());
      if (!equation) {
        const known = [...equations.keys()];
        failAt(
          file,
          node.position,
          `\\eqref{${key}} refers to no equation: no display math in this file has \\label{${key}}. ` +
            (known.length ? `Labels here: ${known.join(', ')}.` : 'This file has no labels; add \\label{…} to an equation.'),
          'unknown-label',
        );
      }
      return equation;
    };

    visit(tree, ['inlineMath', 'math'], (node, index, parent) => {
      const math = node as MathNode | InlineMath;
      if (!/\\(eq)?ref\{/.test(math.value)) return;
      const whole = /^\s*\\(eq)?ref\{([^}]*)\}\s*$/.exec(math.value);
      if (whole && math.type === 'inlineMath' && parent && index !== undefined) {
        // A bare reference becomes an ordinary link, so it reads and wraps like text.
        const equation = resolve(whole[2], math);
        const link: Link = {
          type: 'link',
          url: `#${equation.id}`,
          children: [{ type: 'text', value: whole[1] ? `(${equation.tag})` : equation.tag }],
          data: { hProperties: { className: ['eqref'] } },
        };
        parent.children.splice(index, 1, link);
        return;
      }
      setTex(
        math,
        math.value.replace(REF, (_m: string, eq: string | undefined, key: string) => {
          const equation = resolve(key, math);
          return `\\href{#${equation.id}}{${eq ? `(${equation.tag})` : equation.tag}}`;
        }),
      );
    });
  };
}
