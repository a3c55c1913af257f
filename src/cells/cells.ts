// The one script a page with live cells loads up front (kept to a few KB): it adds Edit, Run
// and Reset to each cell and imports the rest only when asked — the editor (CodeMirror) on the
// first Edit, the runner and its worker (engine + transpiler) on the first Run.
import type { CellEditor } from './editor.ts';
import type { CellRun } from './runner.ts';
import type { Output } from './runtime.ts';

interface Cell {
  figure: HTMLElement;
  index: number;
  timeout: number;
  expectError: boolean;
  hidden: boolean;
  original: string;
  originalOutput: string;
  code: HTMLElement;
  output: HTMLElement;
  status: HTMLElement;
  edit: HTMLButtonElement;
  run: HTMLButtonElement;
  reset: HTMLButtonElement;
  editor?: CellEditor | undefined;
}

const cells: Cell[] = [];

function button(label: string, className: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = `tool-button cell__button ${className}`;
  b.textContent = label;
  return b;
}

function enhance(figure: HTMLElement): Cell | undefined {
  const code = figure.querySelector<HTMLElement>('.cell__code');
  const output = figure.querySelector<HTMLElement>('.cell__output');
  if (!code || !output) return undefined;
  const index = Number(figure.dataset.cell);
  const bar = document.createElement('div');
  bar.className = 'cell__bar';
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', `Live cell ${index}`);
  const hidden = figure.hasAttribute('data-hide');
  const cell: Cell = {
    figure,
    index,
    timeout: Number(figure.dataset.timeout) || 3000,
    expectError: figure.hasAttribute('data-expect-error'),
    hidden,
    original: code.querySelector('pre')?.textContent ?? '',
    originalOutput: output.innerHTML,
    code,
    output,
    status: document.createElement('span'),
    edit: button(hidden ? 'Show code' : 'Edit', 'cell__edit'),
    run: button('Run', 'cell__run'),
    reset: button('Reset', 'cell__reset'),
  };
  cell.status.className = 'cell__status';
  cell.status.setAttribute('aria-live', 'polite');
  cell.reset.hidden = true;
  cell.edit.addEventListener('click', () => void edit(cell));
  cell.run.addEventListener('click', () => void run(cell));
  cell.reset.addEventListener('click', () => reset(cell));
  bar.append(cell.edit, cell.run, cell.reset, cell.status);
  figure.insertBefore(bar, output);
  figure.dataset.cellState = 'ready';
  return cell;
}

const source = (cell: Cell) => cell.editor?.value() ?? cell.original;

async function edit(cell: Cell): Promise<void> {
  if (cell.editor) return cell.editor.focus();
  cell.edit.disabled = true;
  cell.code.hidden = false;
  const host = document.createElement('div');
  host.className = 'cell__editor';
  try {
    const { createEditor } = await import('./editor.ts');
    cell.code.append(host);
    cell.editor = createEditor(host, cell.original, {
      label: `Code of live cell ${cell.index}; Ctrl+Enter runs it, Escape leaves the editor`,
      onRun: () => void run(cell),
      onEscape: () => cell.run.focus(),
      onChange: () => changed(cell),
    });
  } catch (error) {
    // Offline, or a failed chunk: say so, and leave the static code and Run working.
    host.remove();
    cell.edit.disabled = false;
    cell.status.textContent = `Could not load the editor (${(error as Error).message}).`;
    return;
  }
  const pre = cell.code.querySelector('pre');
  if (pre) pre.hidden = true;
  cell.edit.hidden = true;
  cell.reset.hidden = false;
  cell.figure.dataset.cellState = 'editing';
  cell.editor.focus();
}

/** The code of a cell changed: the outputs below it were computed from the old code. */
function changed(cell: Cell): void {
  cell.figure.dataset.edited = '';
  for (const below of cells) if (below.index > cell.index) markStale(below);
}

function markStale(cell: Cell): void {
  cell.figure.dataset.stale = '';
  cell.status.textContent = 'A cell above changed; Run updates this output.';
}

async function run(cell: Cell): Promise<void> {
  const started = performance.now();
  cell.figure.dataset.cellState = 'running';
  cell.run.disabled = true;
  cell.status.textContent = 'Running…';
  const upTo = cells.filter((c) => c.index <= cell.index);
  let got = false;
  try {
    const runner = await import('./runner.ts');
    await runner.run(
      upTo.map((c) => ({ index: c.index, source: source(c), timeout: c.timeout, expectError: c.expectError })),
      (result: CellRun) => {
        const target = cells.find((c) => c.index === result.index);
        if (!target) return;
        if (target === cell) got = true;
        show(target, result.outputs);
        if (target !== cell)
          target.status.textContent =
            result.error && !target.expectError ? 'Failed: fix this cell first.' : 'Re-run (its code or a cell above it changed).';
      },
    );
    if (!got) {
      show(cell, [{ kind: 'error', text: 'Not run: a cell above failed. Fix it and run again.' }]);
    }
    const ms = Math.round(performance.now() - started);
    cell.figure.dataset.runMs = String(ms);
    cell.status.textContent = `Ran in ${ms} ms.`;
  } catch (error) {
    show(cell, [{ kind: 'error', text: `Error: could not load the cell runner (${(error as Error).message}).` }]);
    cell.status.textContent = '';
  } finally {
    cell.run.disabled = false;
    cell.reset.hidden = false;
    cell.figure.dataset.cellState = cell.editor ? 'editing' : 'ready';
  }
}

function show(cell: Cell, outputs: Output[]): void {
  delete cell.figure.dataset.stale;
  cell.figure.dataset.ran = '';
  const nodes: Node[] = [];
  for (const output of outputs) {
    if (output.kind === 'plot') {
      const box = document.createElement('div');
      box.className = 'cell__plot';
      // The SVG comes from plot.ts, which escapes every label it writes.
      box.innerHTML = output.svg;
      nodes.push(box);
      continue;
    }
    const last = nodes.at(-1);
    if (output.kind === 'log' && last instanceof HTMLPreElement && last.className === 'cell__log') {
      last.textContent += `\n${output.text}`;
      continue;
    }
    const pre = document.createElement('pre');
    pre.className = `cell__${output.kind}`;
    pre.textContent = output.text;
    nodes.push(pre);
  }
  cell.output.replaceChildren(...nodes);
}

function reset(cell: Cell): void {
  cell.editor?.destroy();
  cell.editor = undefined;
  cell.code.querySelector('.cell__editor')?.remove();
  const pre = cell.code.querySelector('pre');
  if (pre) pre.hidden = false;
  cell.code.hidden = cell.hidden;
  cell.output.innerHTML = cell.originalOutput;
  delete cell.figure.dataset.edited;
  delete cell.figure.dataset.stale;
  delete cell.figure.dataset.runMs;
  delete cell.figure.dataset.ran;
  cell.status.textContent = '';
  // Outputs below that were re-run on the edited code no longer match the author's.
  for (const below of cells) if (below.index > cell.index && 'ran' in below.figure.dataset) markStale(below);
  cell.edit.hidden = false;
  cell.edit.disabled = false;
  cell.reset.hidden = true;
  cell.figure.dataset.cellState = 'ready';
  cell.edit.focus();
}

for (const figure of document.querySelectorAll<HTMLElement>('figure.cell')) {
  const cell = enhance(figure);
  if (cell) cells.push(cell);
}
