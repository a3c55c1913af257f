// Shared by the content tests: read a post's formulas, tables and code listings, and the
// two references every formula is checked against — the engine (by the caller) and central
// finite differences (here).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { transformSync } from 'esbuild';

export interface Post {
  /** The whole file. */
  source: string;
  /** The labels of numbered equations, in order: `eq:loss`, … */
  labels: string[];
  /** Every display-math block ($$ … $$), without the dollars, trimmed. */
  displays: string[];
  /** Every inline formula ($ … $) of the prose, whitespace collapsed, each once. */
  inline: string[];
  /** Every fenced code block, with its language. */
  code: { lang: string; text: string }[];
  /** Every Markdown table, as rows of trimmed cells (header row first, separator dropped). */
  tables: string[][][];
}

export function readPost(path: string): Post {
  const source = readFileSync(path, 'utf8');
  const code = [...source.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], text: m[2] }));
  // Math and tables are read from the prose only, so a listing that mentions $$ cannot confuse them.
  const prose = source.replace(/^```\w*\n[\s\S]*?^```$/gm, '');
  const displays = [...prose.matchAll(/\$\$([\s\S]*?)\$\$/g)].map((m) => m[1].trim());
  const text = prose.replace(/`[^`\n]*`/g, '').replace(/\$\$[\s\S]*?\$\$/g, '');
  const inline = [...new Set([...text.matchAll(/\$([^$]+?)\$/g)].map((m) => m[1].replace(/\s+/g, ' ').trim()))];
  const labels = [...prose.matchAll(/\\label\{([^}]+)\}/g)].map((m) => m[1]);
  const tables: string[][][] = [];
  let rows: string[] | undefined;
  for (const line of [...prose.split('\n'), '']) {
    if (line.startsWith('|')) {
      rows ??= [];
      rows.push(line.trim());
    } else if (rows) {
      tables.push(rows.filter((row) => !/^\|[\s:|-]+\|$/.test(row)).map(splitRow));
      rows = undefined;
    }
  }
  return { source, labels, displays, inline, code, tables };
}

/** Cells of a table row; `\|` inside a cell is a literal bar, as in GFM. */
function splitRow(row: string): string[] {
  return row
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

/** Central difference (f(x + h) − f(x − h)) / 2h. */
export function central(f: (x: number) => number, x: number, h = 1e-5): number {
  return (f(x + h) - f(x - h)) / (2 * h);
}

/** Central differences of f: Rⁿ → R, one coordinate at a time. */
export function centralGradient(f: (x: number[]) => number, x: number[], h = 1e-6): number[] {
  return x.map((_, i) => {
    const up = x.slice(),
      down = x.slice();
    up[i] += h;
    down[i] -= h;
    return (f(up) - f(down)) / (2 * h);
  });
}

/** |a − b| / max(|a|, |b|, floor): relative far from 0, absolute (to `floor`) near it. */
export function relErr(a: number, b: number, floor = 1e-300): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), floor);
}

/** Run a TypeScript or JavaScript listing as the reader sees it; `tail` is appended (e.g. `return f;`). */
export function runListing(text: string, tail: string, loader: 'ts' | 'js' = 'ts'): unknown {
  const js = transformSync(text, { loader, format: 'esm' }).code;
  return new Function(`${js}\n${tail}`)();
}

/** python3 on the PATH, if any: the Python listings are run with it when it is there. */
export const python = (() => {
  try {
    execFileSync('python3', ['-c', 'pass'], { stdio: 'ignore' });
    return 'python3';
  } catch {
    return undefined;
  }
})();

/**
 * For a test that runs a Python listing: without python3 it is reported as skipped, with
 * the reason and the fix, never passed silently; under CI (CI set) it fails instead, so
 * a CI image without Python cannot drop these checks unnoticed.
 */
export function needsPython(ctx: { skip: (note: string) => never }): void {
  if (python) return;
  const why = 'python3 is not on the PATH, so the Python listing was not run (install it: apt-get install -y python3)';
  if (process.env.CI) throw new Error(why);
  ctx.skip(why);
}

/** Run a Python listing followed by `tail` and return what it printed. */
export function runPython(text: string, tail: string): string {
  if (!python) throw new Error('python3 is not available');
  return execFileSync(python, ['-c', `${text}\n${tail}`], { encoding: 'utf8' }).trim();
}
