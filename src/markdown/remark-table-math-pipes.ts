// `|` inside inline math in a GFM table cell. GFM splits a table row at every unescaped
// `|` before inline syntax is parsed, so `| $|x|$ | 1 |` would end the cell inside the
// formula and shift or drop the rest of the row. This plugin wraps the parser: before
// parsing, each `|` inside `$…$` (found by the same dollar rule as remark-math-dollars.ts,
// outside code spans and fenced code) is swapped for a private-use character of the same
// length, so GFM does not see it and every source position stays exact; right after
// parsing, the character is swapped back in every string of the tree. Authors write
// `$|x|$` in a table as anywhere else (`\vert` and `\lvert … \rvert` work too).
import type { Root } from 'mdast';
import type { Processor } from 'unified';

/** U+E000 (private use): one UTF-16 unit, like `|`, so columns do not move. */
const STAND_IN = '\uE000';

const isSpace = (char: string | undefined) => char === undefined || /\s/.test(char);

/** The line with `|` inside its inline math replaced by the stand-in. */
export function shieldLine(line: string): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    const char = line[i]!;
    if (char === '\\') {
      out += line.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (char === '`') {
      const run = /^`+/.exec(line.slice(i))![0];
      const close = line.indexOf(run, i + run.length);
      // A code span is skipped as written (GFM itself wants `\|` there).
      const end = close === -1 || line[close + run.length] === '`' ? i + run.length : close + run.length;
      out += line.slice(i, end);
      i = end;
      continue;
    }
    if (char === '$') {
      const run = /^\$+/.exec(line.slice(i))![0];
      const from = i + run.length;
      let to = -1;
      if (run.length === 1) {
        if (!isSpace(line[from])) {
          let j = from;
          while (j < line.length && !(line[j] === '$' && line[j - 1] !== '\\')) j++;
          const closes = j < line.length && !isSpace(line[j - 1]) && line[j + 1] !== '$' && !/[0-9]/.test(line[j + 1] ?? '');
          if (closes) to = j;
        }
      } else {
        to = line.indexOf(run, from);
      }
      if (to === -1) {
        out += run;
        i = from;
        continue;
      }
      out += run + line.slice(from, to).replaceAll('|', STAND_IN) + run;
      i = to + run.length;
      continue;
    }
    out += char;
    i++;
  }
  return out;
}

/** The document with `|` inside inline math shielded, outside fenced code and display math. */
export function shieldPipes(markdown: string): string {
  if (!markdown.includes('|') || !markdown.includes('$') || markdown.includes(STAND_IN)) return markdown;
  let fence: string | undefined;
  let displayMath = false;
  return markdown
    .split('\n')
    .map((line) => {
      const opener = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
      if (fence !== undefined) {
        if (opener && opener[0] === fence[0] && opener.length >= fence.length && line.trim() === opener) fence = undefined;
        return line;
      }
      if (opener) {
        fence = opener;
        return line;
      }
      const trimmed = line.trim();
      if (displayMath) {
        if (trimmed.endsWith('$$')) displayMath = false;
        return line;
      }
      if (trimmed.startsWith('$$') && !trimmed.slice(2).includes('$$')) {
        displayMath = true;
        return line;
      }
      return line.includes('|') && line.includes('$') ? shieldLine(line) : line;
    })
    .join('\n');
}

/** Swap the stand-in back in every string of the tree (values, URLs, math's hChildren). */
function restore(node: unknown): void {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      if (typeof node[i] === 'string') node[i] = (node[i] as string).replaceAll(STAND_IN, '|');
      else restore(node[i]);
    }
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key === 'position') continue;
    const value = record[key];
    if (typeof value === 'string') record[key] = value.replaceAll(STAND_IN, '|');
    else restore(value);
  }
}

export default function remarkTableMathPipes(this: Processor) {
  const parse = this.parser;
  if (!parse) throw new Error('remark-table-math-pipes must come after remark-parse');
  this.parser = (document, file) => {
    const shielded = shieldPipes(document);
    const tree = parse(shielded, file) as Root;
    if (shielded !== document) restore(tree);
    return tree;
  };
}
