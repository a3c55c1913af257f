// Equation numbers and references for KaTeX, which has `\tag` but no `\label`/`\eqref`.
//
// Convention (like a paper, not like raw LaTeX): an equation is numbered when it carries a
// `\label{key}`; numbers run 1, 2, 3… in order of appearance in the post. `align`,
// `equation` and `gather` are treated like their starred forms, so unlabelled rows stay
// unnumbered instead of getting KaTeX's CSS-counter numbers that nothing can refer to.
// An explicit `\tag{…}` on the row keeps its text and still makes the label referable.
//
//   $$ f'(x) = \lim_{h\to0} \frac{f(x+h)-f(x)}{h} \label{eq:limit} $$
//   As $\eqref{eq:limit}$ shows…   → a link "(1)" to the equation
//   Equation $\ref{eq:limit}$ …    → a link "1"
//
// Each label becomes an anchor `#eq-<key>` placed just before its display. A reference
// to a label that does not exist, or a label used twice, fails the build at its position.
import type { Html, InlineMath, Link, Math, Root } from 'mdast';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { failAt } from './source-position.ts';

const LABEL = /\\label\{([^}]*)\}/g;
const REF = /\\(eq)?ref\{([^}]*)\}/g;
const NUMBERED_ENV = /\\(begin|end)\{(align|equation|gather|alignat)\}/g;

/** The anchor id of a label: `eq:chain rule` → `eq-eq-chain-rule`. */
export function equationId(key: string): string {
  return `eq-${key.trim().replace(/[^A-Za-z0-9_-]+/g, '-')}`;
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
    visit(tree, 'math', (node: Math, index, parent) => {
      node.value = node.value.replace(NUMBERED_ENV, (_m, which: string, env: string) => `\\${which}{${env}*}`);
      if (!node.value.includes('\\label')) return;
      const anchors: string[] = [];
      const rows = splitRows(node.value).map((row) =>
        row.replace(LABEL, (_match, rawKey: string) => {
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
          equations.set(key, { tag, id });
          anchors.push(id);
          return explicit ? '' : `\\tag{${tag}}`;
        }),
      );
      node.value = rows.join('');
      if (parent && index !== undefined) {
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
    const resolve = (key: string, node: Math | InlineMath): Equation => {
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
      const math = node as Math | InlineMath;
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
      math.value = math.value.replace(REF, (_m, eq: string | undefined, key: string) => {
        const equation = resolve(key, math);
        return `\\href{#${equation.id}}{${eq ? `(${equation.tag})` : equation.tag}}`;
      });
    });
  };
}
