// The site's own Markdown plugins on Astro's real unified processor (the one the site uses),
// fed strings the way Astro feeds a file: body without frontmatter, plus the file's path.
import { createMarkdownProcessor, type MarkdownRenderer } from '@astrojs/markdown-remark';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import rehypeHeadingAnchors from '../../src/markdown/rehype-heading-anchors.ts';
import rehypeKatexPerFile from '../../src/markdown/rehype-katex-per-file.ts';
import rehypeMathErrors from '../../src/markdown/rehype-math-errors.ts';
import rehypeScrollTables from '../../src/markdown/rehype-scroll-tables.ts';
import remarkEquationRefs from '../../src/markdown/remark-equation-refs.ts';
import remarkContentChecks from '../../src/markdown/remark-content-checks.ts';
import remarkMathDollars from '../../src/markdown/remark-math-dollars.ts';
import remarkReadingTime, { readingMinutes } from '../../src/markdown/remark-reading-time.ts';
import remarkTableMathPipes from '../../src/markdown/remark-table-math-pipes.ts';
import { remarkRehype, shikiConfig } from '../../src/markdown/pipeline.ts';
import { CODE_BG, contrast, readable } from '../../src/markdown/shiki-contrast.ts';

let processor: MarkdownRenderer;

beforeAll(async () => {
  // The site pipeline minus other teams' plugins (widgets), so these tests pin ours alone.
  processor = await createMarkdownProcessor({
    remarkPlugins: [remarkMathDollars, remarkTableMathPipes, remarkEquationRefs, remarkContentChecks, remarkReadingTime],
    rehypePlugins: [rehypeKatexPerFile, rehypeMathErrors, rehypeHeadingAnchors, rehypeScrollTables],
    remarkRehype,
    shikiConfig,
  });
});

const render = (markdown: string) => processor.render(markdown);

/** Render and return the error message (the test fails if rendering succeeds). */
async function failure(markdown: string, options?: Parameters<MarkdownRenderer['render']>[1]): Promise<string> {
  const error = await processor.render(markdown, options).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(error, 'expected rendering to fail').toBeInstanceOf(Error);
  return error!.message;
}

describe('equation numbers and references', () => {
  test('labelled equations are numbered in order; \\eqref and \\ref link to them', async () => {
    const { code } = await render(
      [
        'See $\\eqref{eq:b}$ and equation $\\ref{eq:a}$.',
        '',
        '$$',
        'a = 1 \\label{eq:a}',
        '$$',
        '',
        '$$',
        'b = 2 \\label{eq:b}',
        '$$',
      ].join('\n'),
    );
    expect(code).toContain('<a href="#eq-b" class="eqref">(2)</a>');
    expect(code).toContain('<a href="#eq-a" class="eqref">1</a>');
    expect(code).toContain('<span id="eq-a" class="eq-anchor"></span>');
    expect(code).toMatch(/id="eq-a"[\s\S]*class="katex-tag"[\s\S]*>1<[\s\S]*id="eq-b"/);
  });

  test('align rows: labelled rows numbered, the others unnumbered (no CSS-counter numbers)', async () => {
    const { code } = await render(
      ['$$', '\\begin{align}', 'x &= 1 \\label{eq:x} \\\\', 'y &= 2 \\\\', 'z &= 3 \\label{eq:z}', '\\end{align}', '$$'].join('\n'),
    );
    expect(code).toContain('id="eq-x"');
    expect(code).toContain('id="eq-z"');
    expect(code).not.toContain('class="eqn-num"'); // KaTeX's automatic numbers
    const tags = code
      .replace(/<span class="katex-mathml">[\s\S]*?<\/span><span class="katex-html"/g, '')
      .match(/\(<\/span><span class="mord"><span class="mord">\d/g);
    expect(tags?.length).toBe(2);
  });

  test('an explicit \\tag keeps its text and stays referable', async () => {
    const { code } = await render(['$$', 'e = mc^2 \\tag{E} \\label{eq:e}', '$$', '', 'By $\\eqref{eq:e}$.'].join('\n'));
    expect(code).toContain('<a href="#eq-e" class="eqref">(E)</a>');
  });

  test('a reference inside a larger formula becomes a KaTeX link', async () => {
    const { code } = await render(['$$', 'a \\label{one}', '$$', '', '$x \\text{ by } \\eqref{one}$'].join('\n'));
    expect(code).toContain('href="#eq-one"');
  });

  test('an unknown label fails at the reference, listing the labels that exist', async () => {
    const message = await failure(['$$', 'a \\label{eq:known}', '$$', '', 'See $\\eqref{eq:typo}$.'].join('\n'));
    expect(message).toContain('<markdown>:5:5: \\eqref{eq:typo} refers to no equation');
    expect(message).toContain('Labels here: eq:known.');
  });

  test('a label used twice fails', async () => {
    const message = await failure(['$$', 'a \\label{same}', '$$', '', '$$', 'b \\label{same}', '$$'].join('\n'));
    expect(message).toContain('<markdown>:5:1: \\label{same} is used twice');
  });
});

describe('math errors', () => {
  test('unparsable math fails with line:column and KaTeX’s message', async () => {
    const message = await failure('Fine $x$.\n\nBroken $\\frac{1}{$ here.');
    expect(message).toContain('<markdown>:3:8: KaTeX parse error: Unexpected end of input');
    expect(message).not.toContain('katex-error');
  });

  test('an undefined macro fails too (never a red span)', async () => {
    const message = await failure('$$\n\\notamacro{x}\n$$');
    expect(message).toMatch(/<markdown>:1:1: KaTeX parse error: Undefined control sequence: \\notamacro/);
  });

  test('positions are in the file on disk, frontmatter included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adjoint-md-'));
    const path = join(dir, 'post.md');
    const body = 'Intro.\n\n$$\n\\frac{\n$$\n';
    writeFileSync(path, `---\ntitle: T\ndate: 2025-01-01\n---\n\n${body}`);
    // Astro passes the body without frontmatter, trimmed, and the file URL.
    const message = await failure(body.trim(), { fileURL: pathToFileURL(path) });
    expect(message).toContain(`${relative(process.cwd(), path)}:8:1: KaTeX parse error`);
  });

  test('a \\gdef lasts for the rest of its file, and never leaks into the next file', async () => {
    const first = await render('$\\gdef\\loss{\\mathcal{L}}$ then $\\loss$.');
    expect(first.code).toContain('<mi mathvariant="script">L</mi>');
    const message = await failure('Elsewhere: $\\loss$.');
    expect(message).toContain('Undefined control sequence: \\loss');
  });

  test('site macros expand; pages record whether they have math', async () => {
    const withMath = await render('$\\R^n$ and $\\norm{x}$');
    expect(withMath.code).toContain('<mi mathvariant="double-struck">R</mi>');
    expect(withMath.code).toContain('∥');
    expect(withMath.metadata.frontmatter.hasMath).toBe(true);
    const without = await render('No math, and a price of \\$5.');
    expect(without.metadata.frontmatter.hasMath).toBe(false);
    expect(without.code).toContain('$5');
  });
});

describe('headings, TOC, tables, reading time', () => {
  test('headings get ids, a permalink beside them, and a TOC entry', async () => {
    const { code, metadata } = await render('## First part\n\ntext\n\n### A detail\n\n## The $\\J$ matrix\n');
    expect(code).toContain(
      '<div class="heading heading--h2"><h2 id="first-part">First part</h2><a class="heading-anchor" href="#first-part"><span aria-hidden="true">#</span><span class="sr-only">Section titled “First part”</span></a></div>',
    );
    expect(metadata.frontmatter.toc).toEqual([
      { depth: 2, slug: 'first-part', text: 'First part' },
      { depth: 3, slug: 'a-detail', text: 'A detail' },
      { depth: 2, slug: 'the-j-matrix', text: 'The J matrix' },
    ]);
  });

  test('footnotes get a visible “Notes” section without a permalink', async () => {
    const { code } = await render('Text.[^1]\n\n[^1]: A note.');
    expect(code).toContain('<h2 class="end-title" id="footnote-label">Notes</h2>');
    expect(code).not.toContain('href="#footnote-label"');
  });

  test('tables scroll inside a focusable region', async () => {
    const { code } = await render('| a | b |\n| - | - |\n| 1 | 2 |\n\n| x | y | z |\n| - | - | - |\n| 1 | 2 | 3 |');
    expect(code).toContain(
      '<div class="table-scroll" tabindex="0" role="region" aria-label="Table: columns a, b (scrolls sideways)"><table>',
    );
    // each region is named after its own table, so a screen reader can tell them apart
    expect(code).toContain('aria-label="Table: columns x, y, z (scrolls sideways)"');
  });

  test('reading time counts prose, display math and code', async () => {
    expect(readingMinutes(0, 0, 0)).toBe(1);
    expect(readingMinutes(1000, 0, 0, 200)).toBe(5);
    expect(readingMinutes(200, 10, 30, 200)).toBe(Math.round((60 + 120 + 60) / 60));
    const words = Array.from({ length: 600 }, () => 'word').join(' ');
    const { metadata } = await render(words);
    expect(metadata.frontmatter.readingMinutes).toBe(3);
  });
});

describe('code colours', () => {
  test('every token meets WCAG AA (4.5:1) on the site code background, in both themes', async () => {
    const { code } = await render(
      '```python\ndef f(x):  # a comment\n    return x ** 2 + 1.5\n```\n\n```ts\nconst y: number = "s".length; // note\n```',
    );
    const pairs = [...code.matchAll(/--shiki-light:(#[0-9A-Fa-f]{6});--shiki-dark:(#[0-9A-Fa-f]{6})/g)];
    expect(pairs.length).toBeGreaterThan(8);
    for (const [, light, dark] of pairs) {
      expect(contrast(light!, CODE_BG.light), light).toBeGreaterThanOrEqual(4.5);
      expect(contrast(dark!, CODE_BG.dark), dark).toBeGreaterThanOrEqual(4.5);
    }
  });

  test('a colour that already passes is left alone; a faint one is nudged just past AA', () => {
    expect(readable('#24292E', CODE_BG.light)).toBe('#24292E');
    const nudged = readable('#6A737D', CODE_BG.light); // GitHub light's comment grey: 4.3:1 here
    expect(contrast(nudged, CODE_BG.light)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(nudged, CODE_BG.light)).toBeLessThan(5.2);
    expect(contrast(readable('#768390', CODE_BG.dark), CODE_BG.dark)).toBeGreaterThanOrEqual(4.5);
  });

  test('a slow moment never leaves the rest of a line uncoloured (Shiki’s time limit is off)', async () => {
    // A clock that jumps a second at every read is a machine too busy to tokenize a line in
    // Shiki's default 500 ms: without shikiWholeLines the tail of the line would come out as one
    // plain token, different from one build to the next.
    const source = '```ts\nconst total: number = add(1, 2) + sigmoid(3) * tanh(4);\n```';
    const calm = (await render(source)).code;
    let now = Date.now();
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => (now += 1000));
    try {
      const busy = (await render(source)).code;
      expect(busy).toBe(calm);
      const withLimit = await createMarkdownProcessor({
        shikiConfig: { ...shikiConfig, transformers: (shikiConfig.transformers ?? []).filter((t) => t.name !== 'adjoint:whole-lines') },
      });
      // The same busy clock with Shiki's default limit does cut the line (so this test can fail).
      expect((await withLimit.render(source)).code).not.toBe(calm);
    } finally {
      clock.mockRestore();
    }
  });

  test('the constant matches --code-bg in tokens.css', () => {
    const css = readFileSync('src/styles/tokens.css', 'utf8');
    expect(css).toContain(`--code-bg: light-dark(${CODE_BG.light}, ${CODE_BG.dark});`);
  });
});
