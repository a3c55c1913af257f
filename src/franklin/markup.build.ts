// Franklin markup → Markdown, for the simplest constructs (run after `expandCommands`):
// - `@@name … @@` div blocks, nested; the name runs to the first space and commas separate
//   classes (Franklin.jl docs/styling/classes.md: `@@note @@title ⚠ Note@@ @@content #1 @@ @@`);
// - `~~~ … ~~~` raw HTML, passed through verbatim (a comment inside stays a comment);
// - `{{fill var}}`, `{{var}}`, `{{fill var rpath}}`, and `{{if}}`/`{{elseif}}`/`{{else}}`/`{{end}}`,
//   `{{isdef}}`/`{{isnotdef}}`, `{{ispage}}`/`{{isnotpage}}` (Franklin.jl docs/syntax/page-variables.md);
// - `\fig{path}`, `\figalt{alt}{path}`;
// - `$$…$$` written on one line, and `\[…\]`, become display math blocks (Franklin shows them as display math).
// Anything else in `{{…}}`, and any `\command` left after expansion, is reported at line:column and
// shown marked on the page, never dropped. Raw HTML and filled values travel as placeholders that
// `restoreRaw` swaps back after Markdown is rendered, so the Markdown parser never rewrites them.
import { matchBrace } from './commands.build.ts';
import type { JuliaValue } from './julia-value.build.ts';
import { type Diagnostic, LineIndex, type Place } from './source.build.ts';

export interface MarkupContext {
  /** A variable of the page (falling back to config.md's), or undefined. */
  lookup: (name: string) => JuliaValue | undefined;
  /** Another page's variable, for `{{fill var rpath}}`. */
  pageVar?: (rpath: string, name: string) => JuliaValue | undefined;
  /** The page's path in the Franklin folder, e.g. `blog/post.md`, for `{{ispage}}`. */
  pagePath: string;
  origin?: Place;
  /** Where an offset of the text is in the file, when the text is not the file itself (after command expansion). */
  placeOf?: (offset: number) => Place;
  /**
   * HTML for a function or command the site implements natively (`{{toc}}`, `{{page_tags}}`, `\output{ex}`…),
   * or undefined when it does not know the name. Called with the name, its arguments and where it is written.
   */
  native?: (name: string, args: string[], form: 'function' | 'command') => NativeResult | undefined;
  /** Names of utils.jl's `hfun_`/`lx_`/`env_` functions, so a message can say where an unknown name comes from. */
  utils?: ReadonlySet<string>;
  /** Placeholders shared with an enclosing conversion (the body of a `{{for}}`). */
  raw?: string[];
}

/**
 * What a native function gives: HTML (kept verbatim), or Markdown to be rendered with the page (code
 * to highlight); either may carry a warning, reported where the function or command is written.
 */
export type NativeResult = string | { markdown: string; warning?: string } | { html: string; warning?: string };

export interface Converted {
  markdown: string;
  /** HTML for each placeholder in `markdown`, by index. */
  raw: string[];
  diagnostics: Diagnostic[];
  /**
   * For each line of `markdown`, the offset in the input where it comes from, so a message about the
   * Markdown (a KaTeX error, an image without alt text) can name the author's line.
   */
  lineStarts: number[];
}

/** Commands Franklin defines that Adjoint does not implement: reported as such, not guessed at. */
const LATER_COMMANDS = new Set('literate tableinput textinput codeoutput html reflink'.split(' '));
const LATER_FUNCTIONS = new Set('insert redirect href'.split(' '));
/** What the site provides natively (src/franklin/site.build.ts); a conversion without a site reports them as such. */
const SITE_FUNCTIONS = new Set(
  'toc taglist tags page_tags blogposts posts recentblogposts output show textoutput plotlyfig input'.split(' '),
);

/** Math environments Franklin treats as display math outside `$$`; KaTeX knows all but eqnarray, which becomes align. */
const MATH_ENVS = /^\\begin\{(align\*?|equation\*?|eqnarray\*?|gather\*?|multline\*?|alignat\*?)\}/;

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The text Franklin puts in the page for a value (`string(x)` in Julia, with vectors as comma lists). */
export function valueText(value: JuliaValue): string {
  switch (value.kind) {
    case 'string':
      return value.value;
    case 'number':
    case 'bool':
      return String(value.value);
    case 'nothing':
      return '';
    case 'symbol':
      return value.name;
    case 'regex':
      return value.pattern;
    case 'date':
      return `${String(value.year).padStart(4, '0')}-${String(value.month).padStart(2, '0')}-${String(value.day).padStart(2, '0')}`;
    case 'vector':
    case 'tuple':
      return value.items.map(valueText).join(', ');
    case 'pair':
      return `${valueText(value.key)} => ${valueText(value.value)}`;
  }
}

/** Does a page path match `{{ispage …}}` patterns (`blog/*`, `/about/`, `index.html`)? */
export function isPage(pagePath: string, patterns: string[]): boolean {
  const norm = (p: string) =>
    p
      .replace(/^\//, '')
      .replace(/(\/?index)?\.(md|html)$/, '')
      .replace(/\/$/, '');
  const page = norm(pagePath);
  return patterns.some((p) =>
    new RegExp(
      `^${norm(p)
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    ).test(page),
  );
}

interface Frame {
  kind: 'div' | 'if';
  at: number;
  /** if: whether some branch has been taken; whether the current branch is shown. */
  taken: boolean;
  active: boolean;
}

/**
 * Converts the simple Franklin constructs of one page body to Markdown.
 * @example convertMarkup('@@note Hi @@', ctx).markdown // '\n\n<div class="note">\n\nHi \n\n</div>\n\n'
 */
export function convertMarkup(text: string, ctx: MarkupContext): Converted {
  const index = new LineIndex(text, ctx.origin);
  const diagnostics: Diagnostic[] = [];
  const raw: string[] = ctx.raw ?? [];
  const stack: Frame[] = [];
  const biblabels = bibliography(text);
  let out = '';
  const lineStarts = [0];
  const shown = () => stack.every((f) => f.kind !== 'if' || f.active);
  /** Appends to the output; `from` is where `s` sits in the input when it is copied verbatim (else: here). */
  const emit = (s: string, from?: number) => {
    if (!shown()) return;
    for (let k = s.indexOf('\n'); k >= 0; k = s.indexOf('\n', k + 1)) lineStarts.push(from === undefined ? i : from + k + 1);
    out += s;
  };
  const placeholder = (html: string, block: boolean) => {
    raw.push(html);
    const tag = block ? 'div' : 'span';
    return `<${tag} data-franklin-raw="${raw.length - 1}"></${tag}>`;
  };
  const report = (at: number, message: string) => diagnostics.push({ ...(ctx.placeOf ? ctx.placeOf(at) : index.place(at)), message });
  const mark = (source: string, why: string) =>
    emit(placeholder(`<span class="franklin-unsupported" title="${escapeHtml(why)}">${escapeHtml(source)}</span>`, false));
  const atLineStart = (i: number) => i === 0 || text[i - 1] === '\n';
  const endsLine = (i: number) => i >= text.length || text[i] === '\n';
  /** A native result for the text from `start` to `end`: HTML as a placeholder (a block when it fills its lines), Markdown as its own block. */
  const emitNative = (result: NativeResult, start: number, end: number) => {
    if (typeof result === 'string') return emit(placeholder(result, atLineStart(start) && endsLine(end)));
    if (result.warning !== undefined) report(start, result.warning);
    if ('html' in result) return emit(placeholder(result.html, atLineStart(start) && endsLine(end)));
    emit(`\n\n${result.markdown}\n\n`);
  };
  const truthy = (name: string, at: number): boolean => {
    const v = ctx.lookup(name);
    if (v === undefined) {
      report(at, `{{if ${name}}}: ${name} is not defined`);
      return false;
    }
    if (v.kind !== 'bool') {
      report(at, `{{if ${name}}}: ${name} is not true or false (Franklin needs a Bool here)`);
      return false;
    }
    return v.value;
  };

  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i, i + 4);
    // Code: fenced blocks and inline code are verbatim.
    const fence = atLineStart(i) ? /^`{3,}/.exec(text.slice(i, i + 50)) : null;
    if (fence) {
      const close = text.indexOf(`\n${fence[0]}`, i + fence[0].length);
      const end = close < 0 ? text.length : text.indexOf('\n', close + 1) + 1 || text.length;
      // ```julia:ex is an evaluated block named ex (Franklin runs it; its output shows where \output{ex} is): shown as Julia.
      const firstEnd = text.indexOf('\n', i) < 0 || text.indexOf('\n', i) > end ? end : text.indexOf('\n', i);
      emit(text.slice(i, firstEnd).replace(/^(`{3,}[ \t]*)([\w+-]+):[^\s`]+/, '$1$2'));
      emit(text.slice(firstEnd, end), firstEnd);
      i = end;
      continue;
    }
    if (text[i] === '`') {
      // A code span closes at the next run of exactly as many backticks (CommonMark).
      const ticks = /^`+/.exec(text.slice(i, i + 64))![0];
      const run = new RegExp(`(?<!\`)${ticks}(?!\`)`, 'g');
      run.lastIndex = i + ticks.length;
      const close = run.exec(text)?.index ?? -1;
      const end = close < 0 ? i + ticks.length : close + ticks.length;
      emit(text.slice(i, end), i);
      i = end;
      continue;
    }
    if (rest.startsWith('<!--')) {
      const close = text.indexOf('-->', i + 4);
      const end = close < 0 ? text.length : close + 3;
      emit(text.slice(i, end), i);
      i = end;
      continue;
    }
    if (rest.startsWith('~~~')) {
      const close = text.indexOf('~~~', i + 3);
      if (close < 0) {
        report(i, '`~~~` raw HTML block is not closed: add `~~~` after the HTML');
        mark('~~~', 'unclosed ~~~');
        i += 3;
        continue;
      }
      // A block when it has its lines to itself, indentation allowed (templates indent it: FranklinTemplates' 404.md).
      const lineStart = text.lastIndexOf('\n', i - 1) + 1;
      const block = /^[ \t]*$/.test(text.slice(lineStart, i)) && endsLine(close + 3);
      emit(block ? `${placeholder(text.slice(i + 3, close), true)}` : placeholder(text.slice(i + 3, close), false));
      i = close + 3;
      continue;
    }
    if (rest.startsWith('$$') || rest.startsWith('\\[')) {
      const closeMark = rest.startsWith('$$') ? '$$' : '\\]';
      const close = text.indexOf(closeMark, i + 2);
      if (close < 0) {
        emit(text.slice(i, i + 2), i);
        i += 2;
        continue;
      }
      const body = text.slice(i + 2, close).trim();
      emit(`\n\n$$\n${body}\n$$\n\n`);
      i = close + 2;
      continue;
    }
    if (rest.startsWith('\\\\')) {
      // Franklin's line break in prose (docs/syntax/markdown.md); CommonMark would print one backslash.
      emit(placeholder('<br>', false));
      i += 2;
      continue;
    }
    if (text[i] === '$' && text[i - 1] !== '\\') {
      const close = text.indexOf('$', i + 1);
      const end = close < 0 ? i + 1 : close + 1;
      emit(text.slice(i, end), i);
      i = end;
      continue;
    }
    if (rest.startsWith('@@')) {
      const open = /^@@([A-Za-z][\w,-]*)/.exec(text.slice(i));
      if (open) {
        stack.push({ kind: 'div', at: i, taken: true, active: true });
        emit(`\n\n<div class="${escapeHtml(open[1].split(',').join(' '))}">\n\n`);
        i += open[0].length;
        continue;
      }
      const top = stack.at(-1);
      if (top?.kind === 'div') {
        stack.pop();
        emit('\n\n</div>\n\n');
      } else {
        report(i, top ? '`@@` closes a div block inside an open {{if}}: close the {{if}} first' : '`@@` closes no open div block');
        mark('@@', 'stray @@');
      }
      i += 2;
      continue;
    }
    if (rest.startsWith('{{')) {
      const close = text.indexOf('}}', i + 2);
      if (close < 0) {
        report(i, '`{{` is not closed by `}}`');
        mark('{{', 'unclosed {{');
        i += 2;
        continue;
      }
      const source = text.slice(i, close + 2);
      const [name = '', ...args] = text
        .slice(i + 2, close)
        .trim()
        .split(/\s+/);
      i = close + 2;
      const at = i - source.length;
      const top = stack.at(-1);
      if (name === 'if' || name === 'isdef' || name === 'isnotdef' || name === 'ispage' || name === 'isnotpage') {
        const parentShown = shown();
        const cond = parentShown && test(name, args, at);
        stack.push({ kind: 'if', at, taken: cond, active: cond });
        continue;
      }
      if (name === 'for') {
        i = forLoop(args, at, i);
        continue;
      }
      if (name === 'elseif' || name === 'else' || name === 'end') {
        if (top?.kind !== 'if') {
          const inDiv = stack.some((f) => f.kind === 'if');
          report(
            at,
            inDiv
              ? `{{${name}}} inside a div block that opened after its {{if}}: close the @@ first`
              : `{{${name}}} without an open {{if}}`,
          );
          mark(source, `stray {{${name}}}`);
          continue;
        }
        if (name === 'end') stack.pop();
        else {
          stack.pop();
          const parentShown = shown();
          stack.push(top);
          const cond = parentShown && !top.taken && (name === 'else' || test('if', args, at));
          top.active = cond;
          top.taken ||= cond;
        }
        continue;
      }
      if (!shown()) continue;
      if (name === 'fill' || (args.length === 0 && ctx.lookup(name) !== undefined)) {
        const varName = name === 'fill' ? args[0] : name;
        const rpath = name === 'fill' ? args[1] : undefined;
        const value = varName === undefined ? undefined : rpath ? ctx.pageVar?.(rpath, varName) : ctx.lookup(varName);
        if (value === undefined) {
          report(
            at,
            varName
              ? `{{fill ${varName}${rpath ? ` ${rpath}` : ''}}}: ${varName} is not defined${rpath ? ` on ${rpath}` : ''}`
              : '{{fill}} needs a variable name',
          );
          mark(source, 'undefined variable');
        } else emit(placeholder(valueText(value), false));
        continue;
      }
      const result = ctx.native?.(name, args, 'function');
      if (result !== undefined) {
        emitNative(result, at, i);
        continue;
      }
      report(
        at,
        LATER_FUNCTIONS.has(name)
          ? `{{${name}}} is not supported by Adjoint`
          : SITE_FUNCTIONS.has(name)
            ? `{{${name}}} needs the whole site: it is rendered when the page is built with it`
            : ctx.utils?.has(`hfun_${name}`)
              ? `{{${name}}} calls hfun_${name} of utils.jl, which Adjoint cannot run (it runs no Julia): write its output into the page, or remove it`
              : `unknown function {{${name}}}: neither Franklin nor utils.jl defines it`,
      );
      mark(source, `{{${name}}} not rendered`);
      continue;
    }
    if (text[i] === '\\' && /[A-Za-z]/.test(text[i + 1] ?? '')) {
      const name = /^[A-Za-z]+/.exec(text.slice(i + 1))![0];
      const args = braceArgs(text, i + 1 + name.length);
      if (name === 'fig' || name === 'figalt') {
        const need = name === 'fig' ? 1 : 2;
        if (args.values.length < need) {
          report(i, `\\${name} expects ${need} argument${need === 1 ? '' : 's'} in braces, found ${args.values.length}`);
          mark(`\\${name}`, 'missing arguments');
          i += 1 + name.length;
          continue;
        }
        const [alt, path] = name === 'fig' ? ['', args.values[0]] : args.values;
        const end = args.ends[need - 1];
        // The site resolves the path as Franklin does (relative to the page's assets, extension guessed).
        const found = ctx.native?.('fig', [path.replace(/^"|"$/g, '').trim(), alt], 'command');
        if (found !== undefined && typeof found !== 'string' && 'markdown' in found) {
          // Inline, like the image it stands for: a figure may sit in a sentence or a div block's line.
          if (found.warning !== undefined) report(i, found.warning);
          emit(found.markdown);
        } else if (found !== undefined) {
          emitNative(found, i, end);
        } else emit(`![${alt.replace(/[[\]]/g, '\\$&')}](<${path.replace(/^"|"$/g, '')}>)`);
        i = end;
        continue;
      }
      const env = MATH_ENVS.exec(text.slice(i));
      if (env) {
        const endMark = `\\end{${env[1]}}`;
        const close = text.indexOf(endMark, i);
        if (close >= 0) {
          const body = text.slice(i, close + endMark.length).replace(/\{eqnarray(\*?)\}/g, '{align$1}');
          emit(`\n\n$$\n${body}\n$$\n\n`);
          i = close + endMark.length;
          continue;
        }
      }
      const reference = references(name, args.values, i);
      if (reference !== undefined) {
        emit(reference.text);
        i = args.ends[reference.used - 1] ?? i + 1 + name.length;
        continue;
      }
      const result = ctx.native?.(name, args.values, 'command');
      if (result !== undefined) {
        const end = args.ends.at(-1) ?? i + 1 + name.length;
        emitNative(result, i, end);
        i = end;
        continue;
      }
      report(
        i,
        LATER_COMMANDS.has(name)
          ? `\\${name} is not supported by Adjoint`
          : SITE_FUNCTIONS.has(name)
            ? `\\${name} needs the whole site: it is rendered when the page is built with it`
            : ctx.utils?.has(`lx_${name}`)
              ? `\\${name} calls lx_${name} of utils.jl, which Adjoint cannot run (it runs no Julia): write its output into the page, or remove it`
              : `unknown command \\${name}: define it with \\newcommand in config.md or the page`,
      );
      // The command and its brace arguments are marked together: `\\baz{this}`, not `\\baz` then a stray `{this}`.
      const end = args.ends.at(-1) ?? i + 1 + name.length;
      mark(text.slice(i, end), `\\${name} not rendered`);
      i = end;
      continue;
    }
    if (text[i] === '\\') {
      emit(text.slice(i, i + 2), i);
      i += 2;
      continue;
    }
    emit(text[i]!, i);
    i++;
  }
  for (const frame of stack.reverse()) {
    if (frame.kind === 'div') {
      report(frame.at, '`@@` div block is not closed: add `@@` where it ends');
      out += '\n\n</div>\n\n';
    } else report(frame.at, '{{if}} is not closed by {{end}}');
  }
  return { markdown: out, raw, diagnostics, lineStarts };

  /**
   * `\eqref{key}` in prose is the math-mode reference Adjoint numbers (remark-equation-refs); `\label{key}` in
   * prose an anchor; `\cite{a,b}`, `\citet`, `\citep` link to `\biblabel{key}{name}` anchors of the page,
   * with the name as the text (in parentheses for \citep), as Franklin's `lx_cite` does.
   */
  function references(name: string, args: string[], at: number): { text: string; used: number } | undefined {
    if (args.length === 0) return undefined;
    if (name === 'eqref') return { text: `$\\eqref{${args[0]}}$`, used: 1 };
    if (name === 'label') return { text: placeholder(`<a id="${escapeHtml(args[0])}" class="anchor"></a>`, false), used: 1 };
    if (name === 'biblabel') {
      if (args.length < 2) return undefined;
      return { text: placeholder(`<a id="${escapeHtml(args[0])}" class="anchor"></a>`, false), used: 2 };
    }
    if (name !== 'cite' && name !== 'citet' && name !== 'citep') return undefined;
    const links = args[0].split(',').map((key) => {
      const k = key.trim();
      const label = biblabels.get(k);
      if (label === undefined) {
        report(at, `\\${name}{${args[0]}}: no \\biblabel{${k}}{…} on this page`);
        return `<span class="franklin-unsupported" title="unknown citation">${escapeHtml(k)}</span>`;
      }
      return `<a href="#${escapeHtml(k)}">${escapeHtml(label)}</a>`;
    });
    const inner = links.join(', ');
    return { text: placeholder(`<span class="bibref">${name === 'citep' ? `(${inner})` : inner}</span>`, false), used: 1 };
  }

  /** `{{for x in v}} … {{end}}` (and `{{for (a, b) in v}}`): the body once per item, with x bound; returns where to go on. */
  function forLoop(args: string[], at: number, from: number): number {
    const source = args.join(' ');
    const m = /^\(?\s*([\w\s,]+?)\s*\)?\s+in\s+(\w+)$/.exec(source);
    const end = matchingEnd(text, from);
    if (end === null) {
      report(at, `{{for ${source}}} is not closed by {{end}}`);
      mark(`{{for ${source}}}`, 'unclosed {{for}}');
      return from;
    }
    if (!shown()) return end.after;
    const iterable = m ? ctx.lookup(m[2]) : undefined;
    if (!m || iterable === undefined || (iterable.kind !== 'vector' && iterable.kind !== 'tuple')) {
      report(
        at,
        !m
          ? `{{for ${source}}}: write {{for x in v}} or {{for (a, b) in v}}`
          : iterable === undefined
            ? `{{for ${source}}}: ${m[2]} is not defined`
            : `{{for ${source}}}: ${m[2]} is not a vector`,
      );
      mark(text.slice(at, end.after), '{{for}} not rendered');
      return end.after;
    }
    const names = m[1].split(',').map((n) => n.trim());
    // `{{for …}}` alone on its line: the line break after it belongs to it, so a list written in the body stays one list.
    const skip = atLineStart(at) && text[from] === '\n' ? 1 : 0;
    const body = text.slice(from + skip, end.start);
    for (const item of iterable.items) {
      const parts = names.length > 1 && (item.kind === 'tuple' || item.kind === 'vector') ? item.items : [item];
      const bound = new Map(names.map((n, k) => [n, parts[k]] as const));
      const { origin: _origin, ...outer } = ctx;
      const inner = convertMarkup(body, {
        ...outer,
        raw,
        lookup: (n) => (bound.has(n) ? bound.get(n) : ctx.lookup(n)),
        placeOf: (offset) => (ctx.placeOf ? ctx.placeOf(from + skip + offset) : index.place(from + skip + offset)),
      });
      emit(inner.markdown);
      // One report per place, not one per item.
      for (const d of inner.diagnostics) {
        if (!diagnostics.some((e) => e.line === d.line && e.column === d.column && e.message === d.message)) diagnostics.push(d);
      }
    }
    return end.after;
  }

  function test(kind: string, args: string[], at: number): boolean {
    if (kind === 'ispage' || kind === 'isnotpage') return isPage(ctx.pagePath, args) === (kind === 'ispage');
    if (args.length !== 1) {
      report(at, `{{${kind}}} takes one variable name`);
      return false;
    }
    if (kind === 'isdef' || kind === 'isnotdef') {
      const v = ctx.lookup(args[0]);
      return (v !== undefined && v.kind !== 'nothing') === (kind === 'isdef');
    }
    return truthy(args[0], at);
  }
}

/** The `{{end}}` closing a block that opened just before `from`, skipping nested if/for blocks. */
function matchingEnd(text: string, from: number): { start: number; after: number } | null {
  const re = /\{\{\s*(\w+)[^}]*\}\}/g;
  re.lastIndex = from;
  let depth = 1;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (/^(if|ifdef|isdef|isnotdef|ispage|isnotpage|for|ifempty|isempty|isnotempty)$/.test(m[1])) depth++;
    else if (m[1] === 'end' && --depth === 0) return { start: m.index, after: m.index + m[0].length };
  }
  return null;
}

/** The page's `\biblabel{key}{name}` entries, read before conversion so a citation may come before its entry. */
function bibliography(text: string): Map<string, string> {
  const labels = new Map<string, string>();
  for (const m of text.matchAll(/\\biblabel\{([^}]*)\}\{([^}]*)\}/g)) labels.set(m[1].trim(), m[2].trim());
  return labels;
}

function braceArgs(text: string, from: number): { values: string[]; ends: number[] } {
  const values: string[] = [];
  const ends: number[] = [];
  let i = from;
  while (text[i] === '{') {
    const end = matchBrace(text, i);
    if (end < 0) break;
    values.push(text.slice(i + 1, end - 1).trim());
    ends.push(end);
    i = end;
  }
  return { values, ends };
}

/** Puts the raw HTML back into the rendered page, replacing each placeholder element (block and inline). */
export function restoreRaw(html: string, raw: string[]): string {
  return html.replace(/<(div|span) data-franklin-raw="(\d+)"><\/\1>/g, (whole, _tag, n: string) => raw[Number(n)] ?? whole);
}
