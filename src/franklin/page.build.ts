// One Franklin page through the pure core, in Franklin's order: variables and definitions are
// read first (Franklin's `convert_md` collects `@def`s and `\newcommand`s before converting),
// commands are expanded and their output converted again, then the markup becomes Markdown.
// Not wired into the build yet: the content loader will call this for each page.
import { expandCommands, franklinBuiltins, katexMacros, mergeDefinitions } from './commands.build.ts';
import type { JuliaValue } from './julia-value.build.ts';
import { convertMarkup, type MarkupContext } from './markup.build.ts';
import { routeFor } from './paths.build.ts';
import { type Diagnostic, formatDiagnostic, LineIndex } from './source.build.ts';
import {
  CONFIG_DEFAULTS,
  type FranklinConfig,
  firstHeading,
  type PageMeta,
  pageMeta,
  readPageSource,
  type Variable,
} from './vars.build.ts';

export interface ImportedPage {
  path: string;
  url: string | null;
  meta: PageMeta;
  markdown: string;
  /**
   * The text of the `# Title` the body starts with, taken out of `markdown` so the page shows one `<h1>`
   * (the layout's); null when the body starts otherwise.
   */
  heading: string | null;
  /** The line of the page file that line `n` (1-based) of `markdown` comes from. */
  sourceLine: (n: number) => number;
  /** The page's variables, for `{{fill var rpath}}` on other pages. */
  vars: Map<string, Variable>;
  raw: string[];
  /** KaTeX macros for this page: Adjoint's, then config.md's, then the page's own. */
  macros: Record<string, string>;
  diagnostics: Diagnostic[];
  /** `path:line:column: message`, in source order. */
  messages: string[];
}

/** A config.md global as a Julia value, so `{{fill author}}` sees Franklin's default when config.md is silent. */
function globalValue(config: FranklinConfig, name: string): JuliaValue | undefined {
  const set = config.vars.get(name);
  if (set) return set.value;
  if (!(name in CONFIG_DEFAULTS)) return undefined;
  const v = config[name as keyof typeof CONFIG_DEFAULTS];
  if (typeof v === 'string') return { kind: 'string', value: v };
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (typeof v === 'number') return { kind: 'number', value: v, integer: true };
  if (v === null) return { kind: 'nothing' };
  return undefined;
}

/** A converted line as plain text: placeholders replaced by their content, tags dropped. */
function restoreText(line: string, raw: string[]): string {
  return line
    .replace(/<(div|span) data-franklin-raw="(\d+)"><\/\1>/g, (_w, _t, n: string) => (raw[Number(n)] ?? '').replace(/<[^>]*>/g, ''))
    .trim();
}

export interface ImportOptions {
  /** What the site renders natively for this page (see MarkupContext.native), given the page's path and variables. */
  native?: (path: string, vars: Map<string, Variable>) => MarkupContext['native'];
  utils?: ReadonlySet<string>;
  pageVar?: MarkupContext['pageVar'];
}

/** The body's leading `# Title` line (after blank lines and comments), split off the rest. */
function leadingTitle(markdown: string): { title: string; rest: string } | null {
  const m = /^(?:\s|<!--[\s\S]*?-->)*# +([^\n]*?)[ #]*(?:\n|$)/.exec(markdown);
  // The lines it took stay as blank lines, so what follows keeps its line numbers in messages.
  return m ? { title: m[1], rest: '\n'.repeat(m[0].split('\n').length - 1) + markdown.slice(m[0].length) } : null;
}

/**
 * Franklin reads an indented block as text unless the page (or config.md) opts in with
 * `indented_code = true` (Franklin.jl docs/syntax/markdown.md): its docs and templates indent the
 * content of `@@div` blocks. CommonMark would make those lines code, so a line indented by four
 * columns or more that would open a code block (after a blank line, outside fenced code) loses its
 * indentation; a nested list item keeps it. Lines are never added or removed.
 * @example withoutIndentedCode('@@note\n\n    some **bold** text\n') // '@@note\n\n some **bold** text\n'
 */
export function withoutIndentedCode(markdown: string): string {
  const lines = markdown.split('\n');
  let fence: string | null = null;
  let blankBefore = true;
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!;
    const mark = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (mark && mark[0] === fence[0] && mark.length >= fence.length && line.trim() === mark) fence = null;
      continue;
    }
    if (mark) {
      fence = mark;
      blankBefore = false;
      continue;
    }
    const indent = /^[ \t]*/.exec(line)![0];
    const columns = [...indent].reduce((n, c) => (c === '\t' ? n + 4 - (n % 4) : n + 1), 0);
    if (blankBefore && columns >= 4 && !/^([*+-]|\d+[.)])(\s|$)/.test(line.slice(indent.length))) {
      // One space stays, so an offset into the line moves by the fewest columns.
      lines[k] = ` ${line.slice(indent.length)}`;
    }
    blankBefore = line.trim() === '';
  }
  return lines.join('\n');
}

/**
 * Reads, expands and converts one page. A problem inside a command's expansion is reported at the
 * command, where the author wrote it; elsewhere at its own line:column in the file.
 * @example importPage('@def title = "Hi"\n\n@@note $\\R$ @@', 'hi.md', config, {}).url // '/hi/'
 */
export function importPage(
  text: string,
  path: string,
  config: FranklinConfig,
  baseMacros: Record<string, string>,
  options: ImportOptions = {},
): ImportedPage {
  const source = readPageSource(text);
  const defs = mergeDefinitions(config.definitions, source.definitions);
  // Franklin's own commands are expanded in prose only; KaTeX gets the site's and the page's.
  const expanded = expandCommands(source.body, mergeDefinitions(franklinBuiltins(), defs));
  const lines = new LineIndex(source.body);
  const converted = convertMarkup(expanded.text, {
    lookup: (name) => source.vars.get(name)?.value ?? globalValue(config, name),
    pagePath: path,
    placeOf: (offset) => lines.place(expanded.sourceOffset(offset)),
    ...(options.native ? { native: options.native(path, source.vars) ?? (() => undefined) } : {}),
    ...(options.utils ? { utils: options.utils } : {}),
    ...(options.pageVar ? { pageVar: options.pageVar } : {}),
  });
  const diagnostics = [...source.diagnostics, ...expanded.diagnostics, ...converted.diagnostics].sort(
    (a, b) => a.line - b.line || a.column - b.column,
  );
  // A title taken from the first heading is read after conversion, so `# {{fill x}}` gives x's value, not the markup.
  const meta = pageMeta(source.vars, '');
  const heading = firstHeading(converted.markdown);
  meta.title ??= heading === null ? null : restoreText(heading, converted.raw);
  const indentedCode = source.vars.get('indented_code')?.value ?? globalValue(config, 'indented_code');
  if (!(indentedCode?.kind === 'bool' && indentedCode.value)) converted.markdown = withoutIndentedCode(converted.markdown);
  const leading = leadingTitle(converted.markdown);
  return {
    path,
    url: routeFor(path, { ignore: config.ignore, keepPath: config.keep_path }).url,
    meta,
    markdown: leading ? leading.rest : converted.markdown,
    heading: leading ? restoreText(leading.title, converted.raw) : null,
    vars: source.vars,
    sourceLine: (n) => lines.place(expanded.sourceOffset(converted.lineStarts[n - 1] ?? converted.lineStarts.at(-1) ?? 0)).line,
    raw: converted.raw,
    macros: katexMacros(baseMacros, defs),
    diagnostics,
    messages: diagnostics.map((d) => formatDiagnostic(path, d)),
  };
}
