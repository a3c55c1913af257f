// The Pluto notebooks of an imported Franklin site, found and rendered once per build for the
// routes that publish them (src/franklin/routes/[...notebook].astro and [...notebookFile].ts).
//
// Which files are notebooks (under `<content>/franklin/`, ADJOINT_CONTENT_DIR-relative):
// - an export `a/b/nb.jl.html` is the page `/a/b/nb.jl/`, where Franklin served it
//   (paths.build.ts `routeFor`); `/a/b/nb.jl` reaches it as a folder does on any static host
//   (redirect to the slash), and `/a/b/nb.jl.html` is a small redirect page;
// - a Pluto `.jl` file (first line `### A Pluto.jl notebook ###`) is the page `/a/b/nb.jl/`
//   too, without outputs. Franklin served that file itself at `/a/b/nb.jl`; a folder and a file
//   cannot share a path, so the page takes it and the file moves into the page's folder
//   (`/a/b/nb.jl/nb.jl`, the "Download notebook" link); the old URL lands on the page;
// - a Pluto `.jl` beside its own export is the export's source: one page, from the export.
// Site-file copying (Franklin's other files) must leave every path in `notebookSources()` alone.
//
// Bad input: an export whose base64 or MessagePack is corrupt (or a `.jl` that is not a
// notebook after all) fails the build, always, naming the file — the notebook would
// otherwise vanish from the site. What Adjoint cannot show inside a good notebook (a formula
// KaTeX cannot parse, an output only Pluto's JS can draw, a bad date) is a warning naming the
// file and cell, and an error under `strict` (src/site.config.ts, ADJOINT_STRICT).
import { readFileSync, statSync } from 'node:fs';
import type { ShikiConfig } from '@astrojs/markdown-remark';
import { createMarkdownProcessor } from '@astrojs/markdown-remark';
import { createShikiHighlighter } from '@astrojs/markdown-remark/shiki';
import remarkMath from 'remark-math';
import { parseContentDate } from '../markdown/dates.ts';
import { macros } from '../markdown/katex-options.ts';
import { shikiConfig } from '../markdown/pipeline.ts';
import { CODE_BG, readable } from '../markdown/shiki-contrast.ts';
import { site } from '../site.config.ts';
import { escapeHtml } from './notebook-outputs.build.ts';
import { type RenderedNotebook, renderNotebook } from './notebook.build.ts';
import { type NotebookSource, notebookSources } from './notebook-sources.build.ts';
import { type PlutoNotebook, readPlutoExport, readPlutoNotebook } from './pluto.build.ts';

export { type NotebookSource, notebookSources };

type ShikiTransformer = NonNullable<ShikiConfig['transformers']>[number];

export interface NotebookPage extends RenderedNotebook {
  route: NotebookSource;
  published: Date | undefined;
}

/**
 * The posts' contrast fix (src/markdown/shiki-contrast.ts) with its answers remembered: a
 * notebook highlights hundreds of cells in a handful of colours, and recomputing the same
 * contrast for every token was a fifth of the import time (bench/pluto.bench.ts).
 */
const readableOnce = new Map<string, string>();
const contrastOnce: ShikiTransformer = {
  name: 'adjoint:contrast-memo',
  span(node) {
    const style = node.properties.style;
    if (typeof style !== 'string') return;
    node.properties.style = style.replace(/--shiki-(light|dark):(#[0-9a-fA-F]{6})\b/g, (_, theme: 'light' | 'dark', colour: string) => {
      const key = `${theme}${colour}`;
      const out = readableOnce.get(key) ?? readable(colour, CODE_BG[theme]);
      readableOnce.set(key, out);
      return `--shiki-${theme}:${out}`;
    });
  },
};

/**
 * Markdown (CommonMark, GFM, `$…$` math) to HTML, for the Markdown cells of a bare `.jl` notebook,
 * which has no saved output to show. Math and code come out marked for the renderer to typeset.
 */
export async function notebookMarkdown(): Promise<(text: string) => Promise<string>> {
  const processor = await createMarkdownProcessor({ remarkPlugins: [remarkMath], syntaxHighlight: false, smartypants: false });
  return async (text) => (await processor.render(text)).code;
}

/** Shiki with the site's two themes and contrast fix, as Markdown code blocks get (src/markdown/pipeline.ts). */
export async function notebookHighlighter() {
  const highlighter = await createShikiHighlighter({ themes: shikiConfig.themes ?? {} });
  return async (code: string, lang: string): Promise<string> => {
    const options = { defaultColor: false as const, wrap: false, transformers: [contrastOnce] };
    try {
      return await highlighter.codeToHtml(code, lang, options);
    } catch {
      return highlighter.codeToHtml(code, 'plaintext', options);
    }
  };
}

function read(route: NotebookSource): PlutoNotebook {
  const text = readFileSync(route.file, 'utf8');
  return route.kind === 'export' ? readPlutoExport(text, route.file) : readPlutoNotebook(text, route.file);
}

/** Reads and renders every notebook; throws one error listing every broken one (and every problem, under strict). */
export async function renderNotebooks(contentDir: string, strict: boolean): Promise<NotebookPage[]> {
  const routes = notebookSources(contentDir);
  if (routes.length === 0) return [];
  const broken: string[] = [];
  const notebooks: [NotebookSource, PlutoNotebook][] = [];
  for (const route of routes) {
    try {
      notebooks.push([route, read(route)]);
    } catch (error) {
      // Astro appends a "Browser APIs are not available on the server" hint to any build error
      // that says "window"; the launch parameters are named without it so the hint does not mislead.
      broken.push((error as Error).message.replace(/window\.pluto_/g, 'pluto_'));
    }
  }
  if (broken.length > 0) {
    throw new Error(`${broken.length} Pluto notebook(s) cannot be read; fix or remove them:\n${broken.map((b) => `  ${b}`).join('\n')}`);
  }
  const highlight = await notebookHighlighter();
  const markdown = await notebookMarkdown();
  const pages: NotebookPage[] = [];
  const problems: string[] = [];
  for (const [route, nb] of notebooks) {
    const page = await renderNotebook(nb, { url: route.url, macros, highlight, markdown, outputsSaved: route.kind === 'export' });
    let published: Date | undefined;
    if (page.date !== undefined) {
      const parsed = parseContentDate(page.date, site.timeZone);
      if ('date' in parsed) published = parsed.date;
      else page.problems.push(`${route.file}: frontmatter date "${page.date}" is not a date (${parsed.error}); the page shows none`);
    }
    problems.push(...page.problems);
    pages.push({ ...page, route, published });
  }
  if (problems.length > 0) {
    if (strict) {
      throw new Error(
        `${problems.length} notebook warning(s), errors because strict is on (src/site.config.ts, ADJOINT_STRICT):\n${problems.map((p) => `  ${p}`).join('\n')}`,
      );
    }
    for (const p of problems) console.warn(`[notebooks] ${p}`);
  }
  return pages;
}

interface Cache {
  key: string;
  pages: Promise<NotebookPage[]>;
}
// Kept on globalThis, not in a module variable: Astro loads this module twice in one build, once
// for the content loader (src/franklin/loader.build.ts) and once for the routes, and each copy would
// otherwise render every notebook again.
const CACHE = Symbol.for('adjoint.franklin.notebooks');
const store = globalThis as { [CACHE]?: Cache };

/**
 * The rendered notebooks of the site's content folder, once per build (the content loader and both
 * routes ask); a changed notebook (size or time) is read again, so `npm run dev` shows edits.
 */
export function siteNotebooks(contentDir: string): Promise<NotebookPage[]> {
  const key = notebookSources(contentDir)
    .map((r) => {
      const s = statSync(r.file);
      return `${r.file}:${s.size}:${s.mtimeMs}`;
    })
    .join('|');
  const cached = store[CACHE];
  if (cached?.key === key) return cached.pages;
  const pages = renderNotebooks(contentDir, site.strict);
  store[CACHE] = { key, pages };
  return pages;
}

/**
 * A static redirect page for an old URL of a notebook (`nb.jl.html`), for hosts without
 * server-side redirects: what Astro writes for its own `redirects` (meta refresh, canonical
 * link, noindex), plus a visible link.
 * @example redirectPage('/a/nb.jl.html', '/a/nb.jl/', 'Gradient descent') // '<!doctype html>…'
 */
export function redirectPage(from: string, to: string, title: string): string {
  const target = escapeHtml(to);
  const canonical = escapeHtml(new URL(to, site.url).href);
  return `<!doctype html>
<html lang="${site.lang}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)} · moved</title>
<meta http-equiv="refresh" content="0;url=${target}">
<meta name="robots" content="noindex">
<link rel="canonical" href="${canonical}">
</head>
<body>
<p>${escapeHtml(from)} has moved to <a href="${target}">${target}</a>.</p>
</body>
</html>
`;
}
