// remark plugin: a ```ts run fence is a live cell. It runs at build time, in Node, on the
// engine, and its output is written into the page under the code:
//
//   ```ts run                 run it; its output follows the code
//   ```ts run timeout=5000    its time limit in ms (default 3000), at build time and in the browser
//   ```ts run error           it must throw: the error is its output (a build failure if it does not)
//   ```ts run hide            show only its output (the code still runs, and the reader can show it)
//
// Cells of a page share a scope in page order (src/cells/runtime.ts). A cell that throws
// fails the build at the fence's file:line, naming the line:column inside the cell.
// Runs are cached on disk by content (the page's cell sources up to the cell, and the
// engine's and runtime's source), so a rebuild re-runs only cells whose inputs changed.
//
// Output:
//   <figure class="cell" data-cell="1" data-timeout="3000" [data-expect-error] [data-hide]>
//     <div class="cell__code"><pre …Shiki…><code>…</code></pre></div>
//     <div class="cell__output" role="status" aria-live="polite"><pre class="cell__log">…</pre>…</div>
//   </figure>
// The code stays an mdast `code` node, so Astro's Shiki step highlights it like any other
// fence. The count of cells is recorded as `liveCells` in the page's frontmatter: the layout
// loads the cells' script and CSS only on pages with cells.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Element, ElementContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import type { Code, Root, RootContent } from 'mdast';
import type { Plugin } from 'unified';
import type { VFile } from 'vfile';
import type { CellError, Output, Scope } from '../cells/runtime.ts';
import { displayPath, failAt, sourcePoint } from './source-position.ts';

export interface RemarkLiveCellsOptions {
  /** Where runs are cached; `false` turns the cache off (tests). Default node_modules/.astro/cells. */
  cacheDir?: string | false;
}

export interface CellOptions {
  timeout: number;
  error: boolean;
  hide: boolean;
}

/** A cell's time limit without `timeout=`: DEFAULT_TIMEOUT of src/cells/runtime.ts (a test keeps them equal). */
export const DEFAULT_CELL_TIMEOUT = 3000;

/**
 * The cell runtime and its Node evaluator, imported when the first post with live cells
 * renders: with the engine, the transpiler and the plotting code they cost a build about
 * 0.25 s, and most posts (and every post Astro has cached) have no cell to run.
 */
let cellRuntime: Promise<typeof import('../cells/runtime.ts') & typeof import('../cells/run-node.ts')> | undefined;
const loadCellRuntime = () =>
  (cellRuntime ??= Promise.all([import('../cells/runtime.ts'), import('../cells/run-node.ts')]).then(([runtime, node]) => ({
    ...runtime,
    ...node,
  })));

/** `run timeout=5000 hide` → options; a message for anything else. */
export function parseCellOptions(meta: string): CellOptions | string {
  const options: CellOptions = { timeout: DEFAULT_CELL_TIMEOUT, error: false, hide: false };
  for (const word of meta.trim().split(/\s+/).slice(1)) {
    const timeout = /^timeout=(\d+)$/.exec(word);
    if (timeout) {
      options.timeout = Number(timeout[1]);
      if (options.timeout < 1 || options.timeout > 60000) return `timeout must be between 1 and 60000 ms; got ${timeout[1]}.`;
    } else if (word === 'error') options.error = true;
    else if (word === 'hide') options.hide = true;
    else return `unknown cell option "${word}". A live cell takes: timeout=<ms>, error, hide (e.g. \`\`\`ts run timeout=5000).`;
  }
  return options;
}

/** Is this fence a live cell? `ts run …` (also `typescript run`). */
export function isLiveCell(node: Code): boolean {
  return (node.lang === 'ts' || node.lang === 'typescript') && /^run(\s|$)/.test(node.meta ?? '');
}

const here = dirname(fileURLToPath(import.meta.url));
let versionHash: string | undefined;
/** A hash of the code a cell's output depends on: the engine and the cell runtime. */
function runtimeVersion(): string {
  if (versionHash) return versionHash;
  const hash = createHash('sha256');
  for (const dir of [join(here, '../autodiff'), join(here, '../cells')]) {
    for (const name of readdirSync(dir).sort()) if (name.endsWith('.ts')) hash.update(name).update(readFileSync(join(dir, name)));
  }
  versionHash = hash.digest('hex').slice(0, 16);
  return versionHash;
}

interface CachedRun {
  outputs: Output[];
  error?: CellError;
}

const remarkLiveCells: Plugin<[RemarkLiveCellsOptions?], Root> = (options = {}) => {
  const cacheDir = options.cacheDir === false ? undefined : (options.cacheDir ?? join(process.cwd(), 'node_modules/.astro/cells'));
  return async (tree: Root, file: VFile) => {
    const cells: { node: Code; parent: { children: RootContent[] }; options: CellOptions }[] = [];
    const stack: { children: RootContent[] }[] = [tree];
    while (stack.length > 0) {
      const parent = stack.pop()!;
      for (const node of parent.children) {
        if (node.type === 'code' && isLiveCell(node)) {
          const parsed = parseCellOptions(node.meta ?? '');
          if (typeof parsed === 'string') failAt(file, node.position, parsed, 'live-cell');
          cells.push({ node, parent, options: parsed });
        } else if ('children' in node) stack.push(node as { children: RootContent[] });
      }
    }
    // The walk above is depth-first from the end; put cells back in page order.
    cells.sort((a, b) => (a.node.position?.start.offset ?? 0) - (b.node.position?.start.offset ?? 0));
    const data = file.data as { astro?: { frontmatter?: Record<string, unknown> } };
    data.astro ??= {};
    data.astro.frontmatter ??= {};
    data.astro.frontmatter.liveCells = cells.length;
    if (cells.length === 0) return;
    const { evaluateInNode, rootScope, runCell } = await loadCellRuntime();

    const version = runtimeVersion();
    const keys: string[] = [];
    const running = createHash('sha256').update(version);
    for (const { node, options: o } of cells) keys.push(running.update(`\0${o.timeout}\0${node.value}`).copy().digest('hex'));

    // The scope after cell i, computed only when a later cell has to run (a cache miss).
    let scope: Scope = rootScope();
    let scopeAfter = -1;
    let ran = 0;
    cells.forEach(({ node, parent, options: o }, i) => {
      const filename = `cell-${i + 1}.js`;
      let run = cacheDir ? readCache(cacheDir, keys[i]) : undefined;
      if (!run) {
        // A cache miss: rebuild the scope from the cells above not yet run in this build.
        ran += i - scopeAfter;
        for (let j = scopeAfter + 1; j < i; j++)
          scope = runCell(cells[j].node.value, `cell-${j + 1}.js`, scope, evaluateInNode, cells[j].options.timeout).scope;
        const result = runCell(node.value, filename, scope, evaluateInNode, o.timeout);
        scope = result.scope;
        scopeAfter = i;
        run = { outputs: result.outputs, ...(result.error ? { error: result.error } : {}) };
        if (cacheDir && (!run.error || o.error)) writeCache(cacheDir, keys[i], run);
      }
      if (run.error && !o.error) {
        const fence = sourcePoint(file, node.position);
        const point = run.error.point;
        const at = point
          ? ` at line ${point.line}, column ${point.column} of the cell${fence ? ` (${displayPath(file)}:${fence.line + point.line})` : ''}`
          : '';
        failAt(
          file,
          node.position,
          `live cell ${i + 1} threw${at}: ${run.error.message}\nFix the code, or mark the fence \`ts run error\` if the error is the point.`,
          'live-cell',
        );
      }
      if (!run.error && o.error) {
        failAt(
          file,
          node.position,
          `live cell ${i + 1} is marked \`run error\` but ran without an error. Remove "error" from the fence, or make the cell throw.`,
          'live-cell',
        );
      }
      parent.children[parent.children.indexOf(node)] = cellFigure(node, i, o, run.outputs);
    });
    // How many cells actually ran (the rest came from the cache), for tests and the bench.
    data.astro.frontmatter.liveCellsRan = ran;
  };
};
export default remarkLiveCells;

function readCache(dir: string, key: string): CachedRun | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, `${key}.json`), 'utf8')) as CachedRun;
  } catch {
    return undefined;
  }
}

function writeCache(dir: string, key: string, run: CachedRun): void {
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${key}.json`), JSON.stringify(run));
  } catch {
    // A read-only cache only costs time.
  }
}

function cellFigure(node: Code, index: number, options: CellOptions, outputs: Output[]): RootContent {
  const code: Code = { type: 'code', lang: 'ts', meta: null, value: node.value, position: node.position };
  const properties: Record<string, unknown> = {
    className: ['cell'],
    dataCell: String(index + 1),
    dataTimeout: String(options.timeout),
  };
  if (options.error) properties.dataExpectError = '';
  if (options.hide) properties.dataHide = '';
  const codeBox = {
    type: 'liveCell',
    data: { hName: 'div', hProperties: { className: ['cell__code'], hidden: options.hide } },
    children: [code],
  };
  const output = {
    type: 'liveCell',
    data: {
      hName: 'div',
      hProperties: {
        // scroll-x: a wide result scrolls behind the column's shared edge shadows (prose.css).
        className: ['cell__output', 'scroll-x'],
        role: 'status',
        ariaLive: 'polite',
        ariaLabel: `Output of cell ${index + 1}`,
        tabIndex: 0,
      },
      hChildren: renderOutputs(outputs),
    },
  };
  return {
    type: 'liveCell',
    data: { hName: 'figure', hProperties: properties },
    children: [codeBox, output],
    position: node.position,
  } as unknown as RootContent;
}

/** Outputs as hast: text in <pre> blocks (one per kind run), charts as inline SVG. */
export function renderOutputs(outputs: Output[]): ElementContent[] {
  const out: ElementContent[] = [];
  for (const output of outputs) {
    if (output.kind === 'plot') {
      out.push({
        type: 'element',
        tagName: 'div',
        properties: { className: ['cell__plot'] },
        children: fromHtml(output.svg, { fragment: true, space: 'svg' }).children as ElementContent[],
      });
      continue;
    }
    const className = `cell__${output.kind}`;
    const last = out.at(-1) as Element | undefined;
    if (output.kind === 'log' && last?.tagName === 'pre' && (last.properties.className as string[])[0] === className) {
      last.children.push({ type: 'text', value: `\n${output.text}` });
    } else {
      out.push({
        type: 'element',
        tagName: 'pre',
        properties: { className: [className] },
        children: [{ type: 'text', value: output.text }],
      });
    }
  }
  return out;
}
