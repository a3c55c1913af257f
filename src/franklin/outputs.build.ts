// The saved results of Franklin's evaluated code blocks. Adjoint runs no Julia, so `\output{ex}`,
// `\show{ex}`, `\textoutput{ex}`, `\plotlyfig{ex}` and `\input{…}{…}` show what Franklin wrote when
// it last built the site, or a note that says the output was not computed: never nothing.
// Where Franklin writes them (Franklin.jl src/eval/codeblock.jl and src/converter/latex/io.jl,
// `resolve_rpath`, `form_codepaths`): a block ```julia:ex on page `blog/post.md` is saved as
// `assets/blog/post/code/ex.jl`; its stdout as `…/code/output/ex.out`, the value of its last
// expression as `…/code/output/ex.res`, a plot as `…/code/output/ex.png` (or .svg), Plotly's JSON as
// `…/code/output/ex.json`. `./x` and `x` are relative to the page, `/x` to the site's `assets/`.
// The site folder keeps them under `__site/assets/` (the last build) or `_assets/` (committed).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NativeResult } from './markup.build.ts';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `ex`, `./ex.jl`, `./group/ex`, `/blog/post/code/ex` → the folder under `assets/` and the block's name. */
export function outputLocation(pagePath: string, name: string): { dir: string; base: string } {
  const clean = name.replace(/\.jl$/, '');
  const page = pagePath.replace(/\.md$/, '').replace(/(^|\/)index$/, '');
  if (clean.startsWith('/')) {
    const rest = clean.replace(/^\/(_?assets\/)?/, '');
    const slash = rest.lastIndexOf('/');
    return { dir: slash < 0 ? '' : rest.slice(0, slash), base: rest.slice(slash + 1) };
  }
  const rel = clean.replace(/^\.\//, '');
  const slash = rel.lastIndexOf('/');
  const dir = [page, 'code', slash < 0 ? '' : rel.slice(0, slash)].filter(Boolean).join('/');
  return { dir, base: rel.slice(slash + 1) };
}

export interface OutputReader {
  /** The saved file for a block (`out`, `res`, `png`…), as a path in the site folder, or null. */
  find(pagePath: string, name: string, ext: string): string | null;
  read(path: string): string;
}

export function outputReader(siteDir: string): OutputReader {
  return {
    find(pagePath, name, ext) {
      const { dir, base } = outputLocation(pagePath, name);
      for (const root of ['__site/assets', '_assets']) {
        const path = [root, dir, 'output', `${base}.${ext}`].filter(Boolean).join('/');
        if (existsSync(join(siteDir, path))) return path;
      }
      return null;
    },
    read: (path) => readFileSync(join(siteDir, path), 'utf8'),
  };
}

/** The URL a saved file is served at: `_assets/x` → `/assets/x`; `__site/assets/x` → `/assets/x` (copied there by the build). */
export function outputUrl(path: string): string {
  return `/${path.replace(/^__site\//, '').replace(/^_assets\//, 'assets/')}`;
}

function notComputed(command: string, name: string): string {
  return (
    `<p class="franklin-not-computed" role="note"><strong>Output not computed:</strong> <code>${escapeHtml(`\\${command}{${name}}`)}</code> ` +
    'shows the result of Julia code, which Adjoint does not run, and the site folder holds no output Franklin saved for it.</p>'
  );
}

const outputBlock = (text: string) => `<pre class="franklin-output"><code>${escapeHtml(text.replace(/\n+$/, ''))}</code></pre>`;

/**
 * `\output`, `\show`, `\textoutput`, `\plotlyfig` and `\input` of one page, or undefined for other names.
 * @example renderOutput(reader, 'blog/p.md', 'output', ['ex']) // '<pre class="franklin-output">…' or the not-computed note
 */
export function renderOutput(reader: OutputReader, pagePath: string, command: string, args: string[]): NativeResult | undefined {
  const name = args[0];
  if (name === undefined) return undefined;
  const text = (ext: string) => {
    const path = reader.find(pagePath, name, ext);
    return path === null ? null : reader.read(path);
  };
  switch (command) {
    case 'output':
    case 'show': {
      const out = text('out');
      const res = text('res');
      if (out === null && res === null) return notComputed(command, name);
      // Franklin leaves the result out when it is `nothing`.
      const parts = [out ?? '', res !== null && res.trim() !== 'nothing' ? res : '']
        .map((p) => p.replace(/\n+$/, ''))
        .filter((p) => p.trim() !== '');
      const image = ['png', 'svg'].map((ext) => reader.find(pagePath, name, ext)).find((p) => p !== null);
      const img = image
        ? `<img class="franklin-plot" src="${escapeHtml(outputUrl(image))}" alt="Plot saved by code block ${escapeHtml(name)}">`
        : '';
      return parts.length > 0 || img ? `${parts.length > 0 ? outputBlock(parts.join('\n')) : ''}${img}` : notComputed(command, name);
    }
    case 'textoutput': {
      const out = text('out');
      return out === null ? notComputed(command, name) : { markdown: out };
    }
    case 'plotlyfig': {
      const image = ['png', 'svg'].map((ext) => reader.find(pagePath, name, ext)).find((p) => p !== null);
      if (image)
        return `<img class="franklin-plot" src="${escapeHtml(outputUrl(image))}" alt="Plot saved by code block ${escapeHtml(name)}">`;
      return notComputed(command, name);
    }
    case 'input': {
      // \input{julia}{path}: the file's code; \input{output}{path} / \input{plot}{path}: its saved results.
      const [lang, path] = args;
      if (path === undefined) return undefined;
      if (lang === 'output') return renderOutput(reader, pagePath, 'output', [path]);
      if (lang === 'plot') return renderOutput(reader, pagePath, 'plotlyfig', [path]);
      const file = path.replace(/^\//, '');
      const candidates = [
        file,
        `_assets/${file}`,
        `_assets/scripts/${file}`,
        `_assets/${pagePath.replace(/\.md$/, '')}/${file.replace(/^\.\//, '')}`,
      ];
      const found = candidates.find((c) => existsFile(reader, c));
      if (!found) return notComputed(`input{${lang}}`, path);
      const code = reader.read(found).replace(/\n+$/, '');
      const fence = '`'.repeat(Math.max(3, ...[...code.matchAll(/`+/g)].map((m) => m[0].length + 1)));
      return { markdown: `${fence}${lang}\n${code}\n${fence}` };
    }
    default:
      return undefined;
  }
}

function existsFile(reader: OutputReader, path: string): boolean {
  try {
    reader.read(path);
    return true;
  } catch {
    return false;
  }
}

const PICTURE_EXTENSIONS = ['.png', '.jpeg', '.jpg', '.svg', '.gif'];

/**
 * The file a `\fig{rpath}` / `\figalt{alt}{rpath}` shows, as a path in the site folder, or null.
 * Franklin's rules (Franklin.jl src/converter/latex/io.jl `lx_figalt`, src/utils/paths.jl
 * `parse_rpath`, `resolve_assets_rpath`): `/x` is from the site root; `./x` from the page's assets
 * (`assets/<page>/x`; Franklin before 0.10 used the page's folder, `assets/<folder>/x`); `x` from
 * `assets/`. A code block's `@OUTPUT` is `assets/<page>/code/output`, and templates show its plots
 * with `\fig{./output/name}` or `\fig{name}`, so that folder is tried for both. Without an
 * extension PNG, JPEG, SVG and GIF are tried; then the same name in an `output/` folder beside it. `assets/` is `_assets/` in the site folder, or the last build's `__site/assets/`.
 * @example figureFile('site', 'blog/post.md', './output/loss') // '__site/assets/blog/post/code/output/loss.png' when it is there
 */
export function figureFile(siteDir: string, pagePath: string, rpath: string): string | null {
  const page = pagePath.replace(/\.md$/, '').replace(/(^|\/)index$/, '');
  const folder = page.includes('/') ? `${page.slice(0, page.lastIndexOf('/'))}/` : '';
  const rel = rpath.replace(/^\.\//, '');
  const bases = rpath.startsWith('/')
    ? [rpath.slice(1)]
    : rpath.startsWith('./')
      ? [`assets/${page}/${rel}`, `assets/${page}/code/${rel}`, `assets/${folder}${rel}`]
      : [`assets/${rel}`, `assets/${page}/code/${rel}`];
  const onDisk = (sitePath: string) =>
    sitePath.startsWith('assets/')
      ? [`_assets/${sitePath.slice('assets/'.length)}`, `__site/${sitePath}`]
      : [sitePath, `__site/${sitePath}`];
  for (const base of bases) {
    const ext = /\.[A-Za-z0-9]+$/.exec(base)?.[0];
    const stem = ext ? base.slice(0, -ext.length) : base;
    const slash = stem.lastIndexOf('/');
    const stems = [stem];
    if (stem.slice(0, slash).split('/').pop() !== 'output') stems.push(`${stem.slice(0, slash + 1)}output/${stem.slice(slash + 1)}`);
    for (const s of stems) {
      for (const e of ext ? [ext] : PICTURE_EXTENSIONS) {
        const found = onDisk(`${s}${e}`).find((p) => existsSync(join(siteDir, p)));
        if (found) return found;
      }
    }
  }
  return null;
}

/**
 * `\fig`/`\figalt` as Markdown for the picture Franklin would show, or, when the site folder does not
 * hold it, a marked note and a warning (the picture was missing on the old site too, or lives in a
 * `__site/` that was not copied).
 */
export function renderFigure(siteDir: string, pagePath: string, rpath: string, alt: string): NativeResult {
  if (/^[a-z][a-z0-9+.-]*:/i.test(rpath)) return { markdown: `![${alt.replace(/[[\]]/g, '\\$&')}](<${rpath}>)` };
  const file = figureFile(siteDir, pagePath, rpath);
  if (file) {
    const url = file.startsWith('_assets/') || file.startsWith('__site/') ? outputUrl(file) : `/${file}`;
    return { markdown: `![${alt.replace(/[[\]]/g, '\\$&')}](<${url}>)` };
  }
  return {
    html: `<span class="franklin-not-computed" role="note"><strong>Picture not found:</strong> <code>${escapeHtml(`\\fig{${rpath}}`)}</code></span>`,
    warning: `\\fig{${rpath}}: no picture at the paths Franklin looks in (${rpath.startsWith('./') ? `_assets/${pagePath.replace(/\.md$/, '')}/…, __site/assets/…` : '_assets/…, __site/…'}); it is shown as a note`,
  };
}
