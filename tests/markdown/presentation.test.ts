// The presentation steps of the pipeline, on HAST: inline math glued to its punctuation,
// display math made a keyboard-scrollable region, tables stacked on phones, code blocks
// counted for the copy/wrap script. Math is real KaTeX output (katex.renderToString).
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import katex from 'katex';
import { VFile } from 'vfile';
import { describe, expect, test } from 'vitest';
import rehypeCodeBlocks, { LONG_CODE } from '../../src/markdown/rehype-code-blocks.ts';
import rehypeDisplayMath from '../../src/markdown/rehype-display-math.ts';
import rehypeInlineMathNowrap, { SHORT_GLYPHS } from '../../src/markdown/rehype-inline-math-nowrap.ts';
import rehypeScrollTables from '../../src/markdown/rehype-scroll-tables.ts';
import { equationId } from '../../src/markdown/remark-equation-refs.ts';

const inline = (tex: string) => katex.renderToString(tex, { output: 'htmlAndMathml' });
const display = (tex: string) => katex.renderToString(tex, { output: 'htmlAndMathml', displayMode: true });
const tree = (html: string): Root => fromHtml(html, { fragment: true });

function run(plugin: () => (tree: Root, file: VFile) => void, html: string): { root: Root; file: VFile } {
  const root = tree(html);
  const file = new VFile();
  plugin()(root, file);
  return { root, file };
}

/** The wrappers the inline step made: their class and the text outside the formula. */
function wrappers(root: Root): Array<{ className: string; before: string; after: string }> {
  const found: Array<{ className: string; before: string; after: string }> = [];
  const walk = (node: Root | Element) => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      const classes = (child.properties.className as string[]) ?? [];
      if (classes.includes('math-inline')) {
        const k = child.children.findIndex((c) => c.type === 'element' && (c.properties.className as string[]).includes('katex'));
        const textOf = (nodes: typeof child.children) => nodes.map((n) => (n.type === 'text' ? n.value : '')).join('');
        found.push({
          className: classes.join(' '),
          before: textOf(child.children.slice(0, k)),
          after: textOf(child.children.slice(k + 1)),
        });
      } else walk(child);
    }
  };
  walk(root);
  return found;
}

describe('inline math keeps its punctuation and does not break when short', () => {
  test('an opening parenthesis before and a full stop after go with the formula', () => {
    const { root } = run(rehypeInlineMathNowrap, `<p>The layer computes (${inline('xW^\\top + b')}). In the playground…</p>`);
    expect(wrappers(root)).toEqual([{ className: 'math-inline', before: '(', after: ').' }]);
    const html = toHtml(root);
    expect(html).toMatch(/^<p>The layer computes <span class="math-inline">\(<span class="katex">/);
    expect(html).toMatch(/<\/span><\/span>\)\.<\/span> In the playground…<\/p>$/);
  });

  test('a word written against the formula goes with it; the space before it stays a break', () => {
    const { root } = run(rehypeInlineMathNowrap, `<p>an ${inline('n')}-dimensional input, of shape ${inline('m \\times 1')}, here</p>`);
    expect(wrappers(root)).toEqual([
      { className: 'math-inline', before: '', after: '-dimensional' },
      { className: 'math-inline', before: '', after: ',' },
    ]);
    expect(toHtml(root)).toContain('<p>an <span class="math-inline">');
    expect(toHtml(root)).toContain('</span> input, of shape <span class="math-inline">');
  });

  test(`a formula longer than ${SHORT_GLYPHS} glyphs may still break inside (breakable), only not away from its punctuation`, () => {
    const long = 'L = -\\frac{1}{m} \\sum_i y_i \\log a_i + (1 - y_i) \\log (1 - a_i)';
    const { root } = run(rehypeInlineMathNowrap, `<p>the loss ${inline(long)}.</p>`);
    expect(wrappers(root)).toEqual([{ className: 'math-inline math-inline--breakable', before: '', after: '.' }]);
  });

  test('two formulas joined by punctuation: the comma goes with the first, the second stands alone', () => {
    const { root } = run(rehypeInlineMathNowrap, `<li>${inline('a')},${inline('b')}</li>`);
    expect(wrappers(root)).toEqual([
      { className: 'math-inline', before: '', after: ',' },
      { className: 'math-inline', before: '', after: '' },
    ]);
  });

  test('display math, code and text without math are left as they are', () => {
    const html = `<div>${display('x^2')}</div><pre><code>$x$</code></pre><p>No math (here).</p>`;
    const { root } = run(rehypeInlineMathNowrap, html);
    expect(toHtml(root)).toBe(toHtml(tree(html)));
  });
});

describe('display math', () => {
  test('a display that may not fit a phone is a focusable region named by its number', () => {
    const wide = display("f(x + h) = f(x) + h f'(x) + \\tfrac{h^2}{2} f''(x) + O(h^3) \\tag{1}");
    const { root } = run(rehypeDisplayMath, wide);
    const el = root.children[0] as Element;
    expect(el.properties).toMatchObject({
      className: ['katex-display', 'scroll-x'],
      tabIndex: 0,
      role: 'region',
      ariaLabel: 'Equation (1)',
    });
  });

  test('an unnumbered wide display is a group named "Equation", not a landmark; a short one stays out of the tab order', () => {
    const { root } = run(
      rehypeDisplayMath,
      display('Z_1 = X W_1 + b_1, \\quad A_1 = \\tanh(Z_1), \\quad Z_2 = A_1 W_2 + b_2') + display('y = x^2'),
    );
    const [wide, short] = root.children as Element[];
    expect(wide!.properties).toMatchObject({ tabIndex: 0, role: 'group', ariaLabel: 'Equation' });
    expect(short!.properties).toEqual({ className: ['katex-display', 'scroll-x'] });
  });

  test('a numbered display holds its formula in one box beside its number (math.css may wrap the number below it); an unnumbered one is left as it is', () => {
    const { root } = run(rehypeDisplayMath, display('a = b + c \\tag{2}') + display('a = b + c'));
    const [numbered, plain] = root.children as Element[];
    const find = (el: Element, name: string): Element | undefined => {
      for (const child of el.children) {
        if (child.type !== 'element') continue;
        if ((child.properties.className as string[] | undefined)?.includes(name)) return child;
        const inner = find(child, name);
        if (inner) return inner;
      }
      return undefined;
    };
    const classes = (el: Element) => el.children.map((c) => (c.type === 'element' ? (c.properties.className as string[])[0] : c.type));
    expect(classes(find(numbered!, 'katex-html')!)).toEqual(['katex-formula', 'katex-tag']);
    // Every box KaTeX split the formula into (it breaks after = and +) is inside, none left beside it.
    expect(classes(find(numbered!, 'katex-formula')!)).toEqual(['katex-base', 'katex-base', 'katex-base']);
    expect(toHtml(find(numbered!, 'katex-tag')!)).toContain('(</span><span class="mord"><span class="mord">2');
    expect(toHtml(plain!)).toBe(toHtml(tree(display('a = b + c'))).replace('"katex-display"', '"katex-display scroll-x"'));
  });
});

describe('tables', () => {
  const table = (rows: string[][]) =>
    `<table><thead><tr>${rows[0]!.map((c) => `<th>${c}</th>`).join('')}</tr></thead><tbody>${rows
      .slice(1)
      .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;

  test('a wide three-column table stacks on phones: roles kept, every cell labelled by its column', () => {
    const { root } = run(
      rehypeScrollTables,
      table([
        ['Attribute', 'Values', 'What it does'],
        ['<code>mode</code>', 'primal, tangent, adjoint', 'The mode shown first: primal values, tangents or adjoints.'],
      ]),
    );
    const html = toHtml(root);
    expect(html).toContain(
      '<div class="table-scroll table-scroll--stack" tabindex="0" role="region" aria-label="Table: columns Attribute, Values, What it does">',
    );
    expect(html).toContain('<table role="table"><thead role="rowgroup"><tr role="row"><th role="columnheader">Attribute</th>');
    expect(html).toContain('<td role="cell" data-label="Values">primal, tangent, adjoint</td>');
  });

  test('a column name with a formula labels its cards with the formula rendered, not a text copy', () => {
    const math = '<span class="katex"><span class="katex-mathml">x</span><span class="katex-html">ẋ</span></span>';
    const { root } = run(
      rehypeScrollTables,
      table([
        ['node', 'definition', `tangent, ${math}`],
        ['v1', 'ln v-1 of the first input variable here', 'a long enough value to stack the table'],
      ]),
    );
    const html = toHtml(root);
    expect(html).toContain(
      '<td role="cell"><span class="stack-label" aria-hidden="true" hidden data-pagefind-ignore="">tangent, <span class="katex"><span class="katex-html">ẋ</span></span></span>a long enough value',
    );
    expect(html).toContain('<td role="cell" data-label="definition">');
  });

  test('a narrow table (short cells) stays a table that scrolls', () => {
    const { root } = run(
      rehypeScrollTables,
      table([
        ['Program', 'PyTorch', 'JAX', 'Flux'],
        ['relu(x)', '0', '0', '0'],
      ]),
    );
    const html = toHtml(root);
    expect(html).toContain(
      '<div class="table-scroll" tabindex="0" role="region" aria-label="Table: columns Program, PyTorch, JAX, Flux (scrolls sideways)"><table><thead><tr><th>',
    );
    expect(html).not.toContain('data-label');
  });
});

test('code blocks get the scroll cue and are counted; the code of a live cell gets the cue only', () => {
  const { root, file } = run(
    rehypeCodeBlocks,
    '<pre class="astro-code"><code>a</code></pre><figure class="cell"><div class="cell__code"><pre class="astro-code"><code>b</code></pre></div><div class="cell__output"><pre class="cell__log">1</pre></div></figure>',
  );
  const html = toHtml(root);
  expect(html).toContain('<pre class="astro-code scroll-x code-block"><code>a</code></pre>');
  // The cell has its own bar: no Copy/Wrap (code-block), and the count that loads them skips it.
  expect(html).toContain('<div class="cell__code"><pre class="astro-code scroll-x"><code>b</code></pre></div>');
  expect(html).toContain('<div class="cell__output"><pre class="cell__log">1</pre></div>');
  expect((file.data as { astro: { frontmatter: { codeBlocks: number } } }).astro.frontmatter.codeBlocks).toBe(1);
});

test('inline code longer than a phone line can hold is marked to wrap; shorter code (kept on one line by CSS) is left alone', () => {
  const long = 'content/posts/basics/finite-differences.md';
  const short = 'where(x > 0, x, -x)';
  expect(long.length).toBeGreaterThan(LONG_CODE);
  expect(short.length).toBeLessThanOrEqual(LONG_CODE);
  const { root } = run(rehypeCodeBlocks, `<p>Run <code>${short}</code> on <code>${long}</code>.</p><pre><code>${long}</code></pre>`);
  const html = toHtml(root);
  expect(html).toContain(`<code>${short}</code>`);
  expect(html).toContain(`<code class="code--long">${long}</code>`);
  // Code in a block is not inline code.
  expect(html).toContain(`<pre class="scroll-x code-block"><code>${long}</code></pre>`);
});

test('equation anchors do not double the usual eq: prefix', () => {
  expect(equationId('eq:loss')).toBe('eq-loss');
  expect(equationId('eq:chain rule')).toBe('eq-chain-rule');
  expect(equationId('loss')).toBe('eq-loss');
});

test('a table inside a widget keeps its scroll box and is never stacked', () => {
  const rows =
    '<tr><th>Method</th><th>Value</th><th>Error</th></tr><tr><td>By hand, the formula f′(x) = σ(x)(1 − σ(x))</td><td>0.196611933241</td><td>1.0e−12</td></tr>';
  const { root } = run(rehypeScrollTables, `<figure class="widget"><table>${rows}</table></figure>`);
  const html = toHtml(root);
  expect(html).toContain('<div class="table-scroll" tabindex="0"');
  expect(html).not.toContain('table-scroll--stack');
});

test('a table whose widget already gives it a keyboard-scrollable box is not boxed again', () => {
  const box = '<div class="adg__table scroll-x" tabindex="0" role="group" aria-label="Evaluation trace table">';
  const { root } = run(rehypeScrollTables, `<figure class="widget">${box}<table><tr><th>Node</th></tr></table></div></figure>`);
  const html = toHtml(root);
  expect(html).toContain(`${box}<table>`);
  expect(html).not.toContain('table-scroll');
});
