// A Pluto notebook (src/franklin/pluto.build.ts) as the body of an Adjoint page, rendered at
// build time from the outputs Pluto saved: nothing of Pluto (its JavaScript, its CDN, its
// editor) reaches the reader.
//
// Choices, each the way Pluto shows a notebook unless said otherwise:
// - cells in display order, each output above its code (Pluto's layout), each cell's section
//   carrying the cell id as its `id`, so old links to `nb.jl.html#<cell id>` still land;
// - Markdown cells (`md"…"`) are prose: their saved HTML, with each `$…$` / `$$…$$` Pluto
//   marked (`<span class="tex">`, `<p class="tex">`, PlutoRunner display/LaTeX.jl) typeset
//   by KaTeX with the site's macros, and fenced code highlighted by Shiki;
// - code is highlighted as Julia by Shiki in both themes. Code Pluto had hidden (folded) is
//   collapsed behind "Show code", not removed: a reader of a teaching notebook may want it,
//   and the page stays readable without it. A folded Markdown cell's source is left out (it
//   is the prose above it; the .jl download has it);
// - a disabled cell shows its code and says it did not run; a cell that errored shows
//   Pluto's message and stack trace as an error;
// - what a cell logged (`println`, `@info`, `@warn` …) is listed under its code
//   (notebook-logs.build.ts), unless the cell's "show logs" is off;
// - `@bind` controls show the value the export saved, with a note that moving them needs
//   Julia (Pluto re-runs the dependent cells on the server; a static page cannot);
// - macros are per notebook: a `\newcommand` anywhere in the notebook's math applies to all
//   its formulas (MathJax, which Pluto uses, is page-global) and may redefine a site macro
//   (`\R`, `\norm` …) for this notebook only;
// - problems (a formula KaTeX cannot parse, an output type only Pluto can show) are returned
//   as `file: cell <id>: message` for the caller to warn about or, under strict, fail on.
//   Scripts and handlers removed from outputs are not problems: PlutoUI and plotting
//   packages put them in almost every output, and they only ever worked with Pluto's JS.
import type { Element, ElementContent, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { toText } from 'hast-util-to-text';
import katex from 'katex';
import { SKIP, visit } from 'unist-util-visit';
import { katexOptions } from '../markdown/katex-options.ts';
import rehypeScrollTables from '../markdown/rehype-scroll-tables.ts';
import { katexMacros, readDefinitions } from './commands.build.ts';
import { renderLogs } from './notebook-logs.build.ts';
import { escapeHtml, type OutputContext, renderOutput } from './notebook-outputs.build.ts';
import { sanitizeOutputHtml, sanitizeSvgFile } from './notebook-sanitize.build.ts';
import type { PlutoCell, PlutoNotebook } from './pluto.build.ts';

export interface NotebookFile {
  /** URL path of the file, e.g. `/notes/nb.jl/nb.jl`. */
  path: string;
  body: Uint8Array | string;
}

export interface RenderedNotebook {
  title: string;
  description: string | undefined;
  tags: string[];
  /** The frontmatter `date`, as written (the caller parses it in the site's time zone). */
  date: string | undefined;
  /** The notebook's cells as HTML. */
  html: string;
  /** The notebook's own opening `# Heading`, taken out of the cells for the page's one `<h1>`. */
  heading: string | undefined;
  hasMath: boolean;
  /** Whether the notebook came with saved outputs (an export) or is a bare `.jl` file. */
  outputsSaved: boolean;
  /** Pictures and the `.jl` source, to be written beside the page. */
  files: NotebookFile[];
  /** URL of the `.jl` source. */
  download: string;
  problems: string[];
}

export interface RenderOptions {
  /** The page's URL, ending in `/` (`/notes/nb.jl/`). */
  url: string;
  /** Site-wide KaTeX macros (src/markdown/katex-options.ts). */
  macros: Record<string, string>;
  /** Highlights code (Shiki, both themes) into a `<pre>`. */
  highlight(code: string, lang: string): Promise<string>;
  /** Whether the notebook has saved outputs (false for a bare `.jl`). */
  outputsSaved: boolean;
  /** Markdown to HTML (math as `code.language-math`), for the Markdown cells of a bare `.jl`. */
  markdown?: (text: string) => Promise<string>;
}

/**
 * The text of a Markdown cell (`md"""…"""` or `md"…"`), when it can be shown without Julia:
 * not when it interpolates a value (`$(…)`), which only running the notebook gives.
 */
export function markdownOfCell(code: string): string | null {
  const m = /^\s*md"""([\s\S]*)"""\s*$/.exec(code) ?? /^\s*md"((?:[^"\\]|\\.)*)"\s*$/.exec(code);
  if (!m || m[1]!.includes('$(')) return null;
  // Julia Markdown writes display math as $$…$$ on one line; CommonMark's math needs its own lines.
  return m[1]!.replace(/^([ \t]*)\$\$(.+?)\$\$[ \t]*$/gm, '$1$$$$\n$2\n$$$$').replace(/\\"/g, '"');
}

/** Markdown rendered by remark (math as `code.language-math`) in the form Pluto saves: `<span class="tex">$…$</span>`. */
function asPlutoMarkdown(html: string): string {
  return `<div class="markdown">${html
    .replace(/<pre><code class="language-math math-display">([\s\S]*?)<\/code><\/pre>/g, '<p class="tex">$$$$$1$$$$</p>')
    .replace(/<code class="language-math math-(?:inline|display)">([\s\S]*?)<\/code>/g, '<span class="tex">$$$1$$</span>')}</div>`;
}

const MARKDOWN_CELL = /^\s*(?:md|Markdown\.md)"/;
const TEX = /<(span|p) class="tex">([\s\S]*?)<\/\1>/g;

const decodeEntities = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');

/** `$…$` or `$$…$$` as Pluto wraps its TeX: the formula and whether it is displayed. */
function unwrapTex(raw: string, block: boolean): { tex: string; display: boolean } {
  const t = raw.trim();
  if (t.startsWith('$$') && t.endsWith('$$') && t.length >= 4) return { tex: t.slice(2, -2), display: true };
  if (t.startsWith('$') && t.endsWith('$') && t.length >= 2) return { tex: t.slice(1, -1), display: block };
  return { tex: t, display: block };
}

/** The formula without its `\newcommand`s (they were collected for the whole notebook). */
function withoutDefinitions(tex: string): string {
  const { ranges } = readDefinitions(tex);
  let out = tex;
  for (const [a, b] of [...ranges].reverse()) out = out.slice(0, a) + out.slice(b);
  return out;
}

/** Julia's way of printing a saved @bind value. */
export function juliaRepr(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(juliaRepr).join(', ')}]`;
  if (ArrayBuffer.isView(value)) return `[${Array.from(value as unknown as ArrayLike<number>).join(', ')}]`;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object')
    return `Dict(${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)} => ${juliaRepr(v)}`)
      .join(', ')})`;
  return String(value);
}

/**
 * A notebook that opens with `# Title` (Markdown's first block an <h1>): that heading is taken
 * out and becomes the page's title heading, above the notebook's details, so the page has
 * exactly one <h1> whatever the frontmatter says. Without a frontmatter title an opening
 * heading of any level is the title, and taken out the same way (it would show twice).
 */
function takeLeadingHeading(tree: Root, levels: RegExp): string | undefined {
  let parent: Root | Element = tree;
  for (;;) {
    const first: Root['children'][number] | undefined = parent.children.find(
      (c) => c.type === 'element' || (c.type === 'text' && c.value.trim() !== ''),
    );
    if (first?.type !== 'element') return undefined;
    if (levels.test(first.tagName)) {
      parent.children.splice(parent.children.indexOf(first), 1);
      return toText(first).trim();
    }
    if (first.tagName !== 'div') return undefined;
    parent = first;
  }
}

const raw = (value: string): ElementContent => ({ type: 'raw', value }) as unknown as ElementContent;

function firstLine(code: string): string {
  const line =
    code
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l && !l.startsWith('#')) ?? '';
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/**
 * Renders a notebook into page HTML, the files beside it and its problems.
 * @example (await renderNotebook(readPlutoExport(html, 'nb.jl.html'), { url: '/nb.jl/', … })).title
 */
export async function renderNotebook(nb: PlutoNotebook, options: RenderOptions): Promise<RenderedNotebook> {
  const problems: string[] = [];
  const files: NotebookFile[] = [];
  const codeBlocks: { code: string; lang: string }[] = [];
  const fileName = nb.file.slice(nb.file.lastIndexOf('/') + 1);
  const jlName = fileName.replace(/\.html?$/i, '');
  const download = `${options.url}${jlName}`;
  files.push({ path: download, body: nb.source });

  // A bare .jl has no saved outputs; its Markdown cells can still be prose, rendered here.
  const rendered = new Map<string, string>();
  if (!options.outputsSaved && options.markdown) {
    for (const cell of nb.cells) {
      const text = MARKDOWN_CELL.test(cell.code) ? markdownOfCell(cell.code) : null;
      if (text !== null) rendered.set(cell.id, asPlutoMarkdown(await options.markdown(text)));
    }
  }
  const outputOf = (cell: PlutoCell) =>
    cell.output ?? (rendered.has(cell.id) ? { mime: 'text/html', body: rendered.get(cell.id)!, rootassignee: null } : null);

  // Every \newcommand of the notebook's math first, so a formula may use a macro defined in a later cell.
  const definitions = [...nb.cells]
    .map(outputOf)
    .flatMap((o) => (o?.mime === 'text/html' && typeof o.body === 'string' ? [...o.body.matchAll(TEX)] : []))
    .map((m) => readDefinitions(unwrapTex(decodeEntities(m[2]!), m[1] === 'p').tex).definitions);
  const macros = katexMacros(options.macros, ...definitions);
  let hasMath = false;

  const placeholder = (code: string, lang: string) => {
    codeBlocks.push({ code, lang });
    return `<nb-code-slot data-n="${codeBlocks.length - 1}"></nb-code-slot>`;
  };

  const typeset = (tree: Root, problem: (m: string) => void) => {
    visit(tree, 'element', (node: Element, index, parent) => {
      if (!parent || index === undefined) return undefined;
      const classes = Array.isArray(node.properties.className) ? node.properties.className.map(String) : [];
      if (classes.includes('tex') && (node.tagName === 'span' || node.tagName === 'p' || node.tagName === 'div')) {
        const { tex, display } = unwrapTex(toText(node), node.tagName !== 'span');
        const formula = withoutDefinitions(tex);
        if (!formula.trim()) {
          parent.children.splice(index, 1);
          return [SKIP, index];
        }
        let html: string;
        try {
          html = katex.renderToString(formula, { ...katexOptions, macros, displayMode: display, throwOnError: true });
          hasMath = true;
        } catch (error) {
          problem(`math ${display ? '$$' : '$'}${formula.trim()}${display ? '$$' : '$'}: ${(error as Error).message}`);
          html = `<code class="nb-math-error" title="KaTeX could not typeset this formula">${escapeHtml(formula)}</code>`;
        }
        // A wide display scrolls sideways (math.css); tabindex lets a keyboard scroll it too.
        parent.children[index] = raw(
          display
            ? `<div class="nb-math">${html.replace('<span class="katex-display">', '<span class="katex-display" tabindex="0">')}</div>`
            : html,
        );
        return SKIP;
      }
      if (node.tagName === 'bond') {
        const name = String(node.properties.def ?? '');
        const saved = Object.hasOwn(nb.bonds, name);
        const value = saved ? `<output>${escapeHtml(juliaRepr(nb.bonds[name]))}</output>` : '<em>no saved value</em>';
        parent.children[index] = raw(
          `<span class="nb-bond"><span class="nb-bond__value"><code>${escapeHtml(name)}</code> = ${value}</span>` +
            '<span class="nb-bond__note">saved value: moving this control needs Julia (download the notebook and open it in Pluto)</span></span>',
        );
        return SKIP;
      }
      if (node.tagName === 'pre' && node.children.length === 1 && (node.children[0] as Element).tagName === 'code') {
        const code = node.children[0] as Element;
        const lang = (Array.isArray(code.properties.className) ? code.properties.className.map(String) : [])
          .find((c) => c.startsWith('language-'))
          ?.slice('language-'.length);
        // Pluto's coloured text output (`<pre class="no-block">`, from ANSI codes) is printed text, not Julia.
        const printed = Array.isArray(node.properties.className) && node.properties.className.includes('no-block');
        parent.children[index] = raw(placeholder(toText(code).replace(/\n$/, ''), lang || (printed ? 'plaintext' : 'julia')));
        return SKIP;
      }
      return undefined;
    });
  };

  const fmTitle = typeof nb.frontmatter.title === 'string' && nb.frontmatter.title.trim() ? nb.frontmatter.title.trim() : undefined;
  let firstHeading: string | undefined;
  let heading: string | undefined;
  const sections: string[] = [];
  nb.cells.forEach((cell, n) => {
    const problem = (message: string) => problems.push(`${nb.file}: cell ${cell.id}: ${message}`);
    let pictures = 0;
    const isMarkdown = MARKDOWN_CELL.test(cell.code);
    const ctx: OutputContext = {
      html(html) {
        const { tree } = sanitizeOutputHtml(html, `nb-${n + 1}-`);
        if (sections.length === 0 && isMarkdown && heading === undefined) heading = takeLeadingHeading(tree, fmTitle ? /^h1$/ : /^h[1-6]$/);
        typeset(tree, problem);
        rehypeScrollTables()(tree);
        if (firstHeading === undefined) {
          visit(tree, 'element', (node) => {
            if (firstHeading === undefined && /^h[1-6]$/.test(node.tagName)) firstHeading = toText(node).trim();
          });
        }
        return toHtml(tree, { allowDangerousHtml: true });
      },
      picture(bytes, extension) {
        let body: Uint8Array | string = bytes;
        if (extension === 'svg') {
          const clean = sanitizeSvgFile(new TextDecoder().decode(bytes));
          if (!clean.svg) {
            problem('an SVG output has no <svg> element; it is not shown');
            return '';
          }
          body = clean.svg;
        }
        const path = `${options.url}${cell.id}${pictures++ ? `-${pictures}` : ''}.${extension}`;
        files.push({ path, body });
        return path;
      },
      alt: `Output of the cell ${firstLine(cell.code) || cell.id}`,
      problem,
    };
    const output = outputOf(cell);
    const out = output && !cell.disabled ? renderOutput(output, ctx) : '';
    const parts: string[] = [];
    if (cell.errored && out) {
      parts.push(
        `<div class="nb-error" role="note" tabindex="0" aria-label="Error in cell ${n + 1}"><p class="nb-error__title">This cell failed when the notebook was last run:</p>${out}</div>`,
      );
    } else if (out) {
      // Outputs wider than the column scroll in their box, which a keyboard must be able to reach.
      const text = '<pre class="nb-out nb-out--text">';
      parts.push(
        isMarkdown
          ? `<div class="nb-prose">${out}</div>`
          : out.startsWith(text) // the <pre> scrolls itself (prose.css)
            ? `<div class="nb-output">${out.replace(text, `<pre class="nb-out nb-out--text" tabindex="0" aria-label="Output of cell ${n + 1}">`)}</div>`
            : `<div class="nb-output" role="group" tabindex="0" aria-label="Output of cell ${n + 1}">${out}</div>`,
      );
    }
    // Without saved outputs (a bare .jl) a Markdown cell that could not be rendered here (it
    // interpolates Julia values) has only its source to show: shown, open.
    const bare = isMarkdown && !options.outputsSaved && !rendered.has(cell.id);
    // A hidden Markdown cell's source is the prose above it (and in the download): left out.
    const showCode = bare || !(isMarkdown && cell.folded && out && !cell.errored);
    if (showCode && cell.code.trim()) {
      const code = placeholder(cell.code, 'julia');
      parts.push(
        bare
          ? `<div class="nb-code">${code}</div>`
          : cell.folded
            ? `<details class="nb-code nb-code--folded"><summary>Show code</summary>${code}</details>`
            : `<div class="nb-code">${code}</div>`,
      );
    }
    // Under the code, as Pluto shows them; a disabled cell's logs are as stale as its output.
    const logs = cell.showLogs && !cell.disabled ? renderLogs(cell.logs, ctx, `Logs of cell ${n + 1}`) : '';
    if (logs) parts.push(logs);
    if (cell.disabled) parts.push('<p class="nb-note">This cell is disabled in the notebook: it did not run, and has no output.</p>');
    if (parts.length === 0) return;
    const kind = isMarkdown && !cell.errored && out ? 'nb-cell--markdown' : 'nb-cell--code';
    sections.push(`<section class="nb-cell ${kind}" id="${escapeHtml(cell.id)}">${parts.join('')}</section>`);
  });

  const highlighted = await Promise.all(codeBlocks.map((b) => options.highlight(b.code, b.lang)));
  const html = sections.join('\n').replace(/<nb-code-slot data-n="(\d+)"><\/nb-code-slot>/g, (_m, i: string) => highlighted[Number(i)]!);

  const fm = nb.frontmatter;
  const stem = jlName.replace(/\.jl$/i, '');
  const title = fmTitle ?? heading ?? firstHeading ?? stem;
  const tags = Array.isArray(fm.tags) ? fm.tags.filter((t): t is string => typeof t === 'string' && t.trim() !== '') : [];
  const description = typeof fm.description === 'string' && fm.description.trim() ? fm.description.trim() : undefined;
  const date = typeof fm.date === 'string' ? fm.date : fm.date instanceof Date ? fm.date.toISOString() : undefined;
  return {
    title,
    description,
    tags,
    date,
    html,
    heading,
    hasMath,
    outputsSaved: options.outputsSaved,
    files,
    download,
    problems,
  };
}
