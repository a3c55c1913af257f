import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { expandCommands, katexMacros, mergeDefinitions, readDefinitions, substituteArguments } from '../../src/franklin/commands.build.ts';
import { macros as adjointMacros } from '../../src/markdown/katex-options.ts';

const CONFIG = String.raw`+++
author = "A. Author"
+++
\newcommand{\R}{\mathbb R}
\newcommand{\scal}[1]{\left\langle #1 \right\rangle}
\newcommand{\note}[1]{@@note !#1 @@}
\newcommand{\pair}[2]{(#1, #2)}
\newcommand{\warn}[1]{\note{Careful: #1}}
\newenvironment{remark}{@@remark}{@@}
`;

describe('reading \\newcommand and \\newenvironment', () => {
  it('reads names, argument counts and stripped bodies, with their positions', () => {
    const { definitions, diagnostics, ranges } = readDefinitions(CONFIG);
    expect(diagnostics).toEqual([]);
    expect(definitions.commands.get('\\R')).toEqual({ name: '\\R', nargs: 0, body: '\\mathbb R', line: 4, column: 1 });
    expect(definitions.commands.get('\\scal')).toMatchObject({ nargs: 1, body: '\\left\\langle #1 \\right\\rangle', line: 5 });
    expect(definitions.environments.get('remark')).toMatchObject({ nargs: 0, before: '@@remark', after: '@@', line: 9 });
    expect(ranges).toHaveLength(6);
    const [start, end] = ranges[1];
    expect(CONFIG.slice(start, end)).toBe('\\newcommand{\\scal}[1]{\\left\\langle #1 \\right\\rangle}');
  });

  it('reads a multi-line body with nested braces, and a later definition replaces an earlier one', () => {
    const text = '\\newcommand{\\box}[2]{\n  ~~~<div class="#1">~~~\n  {#2}\n  ~~~</div>~~~\n}\n\\newcommand{\\box}{gone}';
    const { definitions } = readDefinitions(text);
    expect(definitions.commands.get('\\box')).toMatchObject({ nargs: 0, body: 'gone', line: 6 });
    const first = readDefinitions(text.split('\n\\newcommand{\\box}{gone}')[0]).definitions.commands.get('\\box');
    expect(first?.body).toBe('~~~<div class="#1">~~~\n  {#2}\n  ~~~</div>~~~');
  });

  it('reports malformed definitions at line:column and keeps going', () => {
    const text =
      'ok\n  \\newcommand{\\bad}[1]{#2}\n\\newcommand{nobackslash}{x}\n\\newcommand{\\open}{never closed\n\\newcommand{\\fine}{y}';
    const { definitions, diagnostics } = readDefinitions(text);
    expect(diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`)).toEqual([
      '2:3: \\newcommand: \\bad uses #2 but declares 1 argument; write [2] after the name',
      '3:1: \\newcommand: `nobackslash` is not a valid name (a backslash and letters, like {\\scal})',
      '4:1: \\newcommand: \\open needs a body in braces (a `{` may be unclosed)',
    ]);
    expect(definitions.commands.get('\\fine')?.body).toBe('y');
  });
});

describe('code spans delimited by several backticks', () => {
  // A page that teaches Franklin: ``a ` b`` is one code span (a run of backticks closes at the next
  // run of as many), so the single backtick inside must not shift which later spans are code.
  const page = [
    'Show a tick with ``x ` y``, and define commands with `\\newcommand` or `\\scal`.',
    '\\newcommand{\\E}[1]{\\mathbb E[#1]}',
    'Then \\E{X}.',
  ].join('\n');

  it('reads no definition from code, and the real one after it', () => {
    const { definitions, diagnostics } = readDefinitions(page);
    expect(diagnostics).toEqual([]);
    expect([...definitions.commands.keys()]).toEqual(['\\E']);
  });

  it('expands nothing inside the spans', () => {
    const defs = mergeDefinitions(readDefinitions(CONFIG).definitions, readDefinitions(page).definitions);
    const { text, diagnostics } = expandCommands(page.split('\n')[0]!, defs);
    expect(diagnostics).toEqual([]);
    expect(text).toBe(page.split('\n')[0]);
  });

  it('treats a run of backticks that never closes as text', () => {
    const defs = readDefinitions(CONFIG).definitions;
    expect(expandCommands('a `` b ` and \\R', defs).text).toBe('a `` b ` and \\mathbb R');
  });
});

describe('expanding commands in prose', () => {
  const defs = readDefinitions(CONFIG).definitions;

  it("substitutes #k with a leading space and !#k as written (Franklin's resolve_args)", () => {
    expect(substituteArguments('a#1b !#2c', ['X', 'Y'])).toBe('a Xb Yc');
  });

  it('expands nested commands, brace-matched arguments and environments', () => {
    expect(expandCommands('See \\pair{a}{ {b} }.', defs).text).toBe('See ( a,  {b}).');
    expect(expandCommands('\\warn{hot}', defs).text).toBe('@@note Careful:  hot @@');
    expect(expandCommands('\\begin{remark}\nText\n\\end{remark}', defs).text).toBe('@@remark\nText\n@@');
  });

  it('leaves math, code, raw HTML and unknown commands alone', () => {
    const text =
      'Let $\\scal{x}$ and $$\\scal{y}$$ and \\[\\R\\] and `\\R` and ~~~\\R~~~ and \\unknown{z} and \\\\R.\n```julia\n\\R\n```\n';
    const { text: out, diagnostics } = expandCommands(text, defs);
    expect(out).toBe(text);
    expect(diagnostics).toEqual([]);
  });

  it('reports a wrong argument count at line:column and marks the command visibly', () => {
    const { text, diagnostics } = expandCommands('first line\nthen \\pair{only one} here', defs, { origin: { line: 20, column: 1 } });
    expect(diagnostics).toEqual([{ line: 21, column: 6, message: '\\pair expects 2 arguments in braces, found 1' }]);
    expect(text).toContain('<span class="franklin-unexpanded" title="\\pair expects 2 arguments">\\pair</span>{only one} here');
  });

  it('stops a command that uses itself and says so, at the place it was written', () => {
    const loop = readDefinitions('\\newcommand{\\again}{x\\again}').definitions;
    const { text, diagnostics } = expandCommands('go: \\again', loop, { maxDepth: 5 });
    expect(diagnostics).toEqual([
      { line: 1, column: 5, message: '\\again still expands after 5 levels: a command that uses itself? Expansion stopped' },
    ]);
    expect(text).toBe(`go: xxxxx<span class="franklin-unexpanded" title="expansion stopped">\\again</span>`);
  });

  it('maps each offset of the expanded text back to the input: copied text 1:1, an expansion to its command', () => {
    const text = 'a \\pair{x}{y} b';
    const { text: out, sourceOffset } = expandCommands(text, defs);
    expect(out).toBe('a ( x,  y) b');
    expect(sourceOffset(0)).toBe(0);
    expect(sourceOffset(out.indexOf('x'))).toBe(2); // inside the expansion: the command's place
    expect(sourceOffset(out.indexOf(' b') + 1)).toBe(text.indexOf(' b') + 1);
  });

  it('reports an unclosed environment', () => {
    const { diagnostics } = expandCommands('\\begin{remark}\nno end', defs);
    expect(diagnostics[0]).toMatchObject({ line: 1, column: 1, message: '\\begin{remark} is not closed by \\end{remark}' });
  });
});

describe('KaTeX macros per page', () => {
  it("merges Adjoint's macros, the site's and the page's; a page may redefine an existing name", () => {
    const site = readDefinitions(CONFIG).definitions;
    const page = readDefinitions('\\newcommand{\\norm}[1]{\\|!#1\\|}').definitions;
    const macros = katexMacros(adjointMacros, mergeDefinitions(site, page));
    expect(macros['\\norm']).toBe('\\|#1\\|');
    expect(adjointMacros['\\norm']).toBe('\\left\\lVert #1 \\right\\rVert'); // the site-wide table is untouched
    const render = (tex: string, m: Record<string, string>) => katex.renderToString(tex, { macros: m, throwOnError: true, output: 'html' });
    expect(render('\\norm{v}', macros)).toBe(render('\\|v\\|', {}));
    expect(render('\\norm{v}', { ...adjointMacros })).not.toBe(render('\\|v\\|', {}));
    const html = render('\\scal{x} \\in \\R', macros);
    expect(html).toContain('⟨');
    expect(html).toContain('mathbb');
  });
});
