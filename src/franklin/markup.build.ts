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
}

export interface Converted {
  markdown: string;
  /** HTML for each placeholder in `markdown`, by index. */
  raw: string[];
  diagnostics: Diagnostic[];
}

/** Commands Franklin defines that later passes will implement; until then they are reported, not guessed at. */
const LATER_COMMANDS = new Set(
  'toc tableofcontents label eqref cite citet citep biblabel output show textoutput plotlyfig input literate style tableinput textinput codeoutput html reflink'.split(
    ' ',
  ),
);
const LATER_FUNCTIONS = new Set('toc taglist page_tags for blogposts posts insert redirect href recentblogposts tags'.split(' '));

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
  const raw: string[] = [];
  const stack: Frame[] = [];
  let out = '';
  const shown = () => stack.every((f) => f.kind !== 'if' || f.active);
  const emit = (s: string) => {
    if (shown()) out += s;
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
      emit(text.slice(i, end));
      i = end;
      continue;
    }
    if (text[i] === '`') {
      const ticks = /^`+/.exec(text.slice(i))![0];
      const close = text.indexOf(ticks, i + ticks.length);
      const end = close < 0 ? i + ticks.length : close + ticks.length;
      emit(text.slice(i, end));
      i = end;
      continue;
    }
    if (rest.startsWith('<!--')) {
      const close = text.indexOf('-->', i + 4);
      const end = close < 0 ? text.length : close + 3;
      emit(text.slice(i, end));
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
      const block = atLineStart(i) && endsLine(close + 3);
      emit(block ? `${placeholder(text.slice(i + 3, close), true)}` : placeholder(text.slice(i + 3, close), false));
      i = close + 3;
      continue;
    }
    if (rest.startsWith('$$') || rest.startsWith('\\[')) {
      const closeMark = rest.startsWith('$$') ? '$$' : '\\]';
      const close = text.indexOf(closeMark, i + 2);
      if (close < 0) {
        emit(text.slice(i, i + 2));
        i += 2;
        continue;
      }
      const body = text.slice(i + 2, close).trim();
      emit(`\n\n$$\n${body}\n$$\n\n`);
      i = close + 2;
      continue;
    }
    if (text[i] === '$' && text[i - 1] !== '\\') {
      const close = text.indexOf('$', i + 1);
      const end = close < 0 ? i + 1 : close + 1;
      emit(text.slice(i, end));
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
      report(
        at,
        LATER_FUNCTIONS.has(name)
          ? `{{${name}}} is not supported yet`
          : `unknown function {{${name}}} (from utils.jl?): Adjoint cannot run Julia`,
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
        emit(`![${alt.replace(/[[\]]/g, '\\$&')}](<${path.replace(/^"|"$/g, '')}>)`);
        i = end;
        continue;
      }
      report(
        i,
        LATER_COMMANDS.has(name)
          ? `\\${name} is not supported yet`
          : `unknown command \\${name}: define it with \\newcommand in config.md or the page`,
      );
      mark(`\\${name}`, `\\${name} not rendered`);
      i += 1 + name.length;
      continue;
    }
    if (text[i] === '\\') {
      emit(text.slice(i, i + 2));
      i += 2;
      continue;
    }
    emit(text[i]);
    i++;
  }
  for (const frame of stack.reverse()) {
    if (frame.kind === 'div') {
      report(frame.at, '`@@` div block is not closed: add `@@` where it ends');
      out += '\n\n</div>\n\n';
    } else report(frame.at, '{{if}} is not closed by {{end}}');
  }
  return { markdown: out, raw, diagnostics };

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
