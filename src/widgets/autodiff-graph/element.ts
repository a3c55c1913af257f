// Browser side of ::autodiff-graph: enables the static controls, and on every change
// re-renders the graph, the announcement, the pass counter and the table from one frame
// (so the graph and the table cannot disagree). State lives in one object mirrored in the URL.
import type { Mount } from '../types.ts';
import type { ExpressionError } from '../expression.ts';
import { type Graph, GraphInputError, buildGraph } from './model.ts';
import { graphView } from './graph-view.ts';
import {
  type Progress,
  describeStep,
  layoutOf,
  progressAfter,
  renderKinks,
  renderPasses,
  renderRow,
  renderSeed,
  renderTable,
  rowState,
  tableCaption,
  tableIndex,
  tableRows,
} from './render.ts';
import { type GraphState, fitSeed, fromParams, toParams, unitIndex, unitSeed } from './state.ts';
import { type Frame, type Mode, type Walk, stepCount, walk } from './stepper.ts';
import type { spec } from './spec.ts';
import { stateFrom } from './view.ts';
import { escapeHtml } from '../html.ts';

const PLAY_MS = 900;
/** Quiet time before the URL catches up with the state (see writeUrl). */
const URL_DELAY_MS = 250;
/** An off-screen table is written once the steps pause this long (see flushTable)… */
const TABLE_QUIET_MS = 200;
/** …or, while they keep coming, at most this long after the first step it has not shown. */
const TABLE_LAG_MS = 1000;
let widgetCount = 0;

export const mount: Mount<typeof spec> = (root, attrs) => {
  const uid = `adg${++widgetCount}`;
  const all = [...document.querySelectorAll('figure[data-widget="autodiff-graph"]')];
  const index = all.findIndex((figure) => figure.contains(root));
  const prefix = index > 0 ? `g${index + 1}.` : 'g.';
  const q = <T extends Element>(selector: string) => root.querySelector<T>(selector)!;
  const part = (name: string) => q<HTMLElement>(`[data-part="${name}"]`);
  const inputs = {
    f: q<HTMLInputElement>('input[name="f"]'),
    at: q<HTMLInputElement>('input[name="at"]'),
  };
  const seedBox = part('seed');
  const playButton = q<HTMLButtonElement>('[data-action="play"]');
  const body = q<HTMLElement>('.adg');
  const view = graphView(part('graph'));
  // Looked up once: a step writes to four of them.
  const parts = { counter: part('counter'), status: part('status'), passes: part('passes'), kinks: part('kinks'), table: part('table') };

  let state: GraphState = stateFrom(attrs);
  state = fromParams(new URLSearchParams(location.search), prefix, state);
  let graph: Graph;
  try {
    graph = buildGraph(state.f, state.at);
  } catch {
    // A hand-edited URL with a bad formula: fall back to the author's.
    state = stateFrom(attrs);
    graph = buildGraph(state.f, state.at);
  }
  state.seed = fitSeed(state.seed, graph);
  let layout = layoutOf(graph);
  let progress: Progress = { known: graph.variables.map(() => null), passes: 0 };
  let lastFinished = '';
  let playing = 0; // generation token: a new play or a stop invalidates the old loop
  let isPlaying = false;
  const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)');

  for (const name of ['f', 'at', 'seed']) q<HTMLElement>(`[data-part="${name}-error"]`).id = `${uid}-${name}-error`;
  for (const input of Object.values(inputs)) input.setAttribute('aria-describedby', `${uid}-${input.name}-error`);
  inputs.f.value = state.f;
  inputs.at.value = state.at;
  seedBox.innerHTML = renderSeed(graph, state.seed, false, `${uid}-seed-error`);
  // Rename every radio before checking one: a radio that joins the group still checked (the
  // static frame's mode) would otherwise uncheck the one just chosen from the URL.
  const radios = [...root.querySelectorAll<HTMLInputElement>('input[name="mode"]')];
  for (const radio of radios) radio.name = `${uid}-mode`;
  for (const radio of radios) radio.checked = radio.value === state.mode;
  for (const control of root.querySelectorAll<HTMLInputElement | HTMLButtonElement>('input, button')) control.disabled = false;

  function render(announce: boolean) {
    const { frame, changed } = move();
    state.step = frame.step;
    const key = `${graph.source}|${state.at}|${state.mode}|${state.seed}`;
    if (frame.step === frame.steps && state.mode !== 'primal' && lastFinished !== key) {
      progress = progressAfter(graph, frame, state.seed, progress);
      lastFinished = key;
    } else if (frame.step < frame.steps && lastFinished === key) {
      lastFinished = '';
    }
    // The graph first: it reads its box before writing, which is free only while nothing on
    // the page has changed since the last frame.
    patch(frame, changed);
    // Written only when they change: a rule keyed on the mode would otherwise restyle the
    // whole widget on every step.
    if (body.dataset.mode !== state.mode) body.dataset.mode = state.mode;
    if (seedBox.hidden !== (state.mode !== 'tangent')) seedBox.hidden = state.mode !== 'tangent';
    const unit = unitIndex(state.seed);
    for (const button of seedBox.querySelectorAll<HTMLButtonElement>('button[data-seed]')) {
      const pressed = String(Number(button.dataset.seed) === unit);
      if (button.getAttribute('aria-pressed') !== pressed) button.setAttribute('aria-pressed', pressed);
    }
    parts.counter.textContent = `Step ${frame.step} of ${frame.steps}`;
    const status = parts.status;
    // Only announce what the reader asked for (a step), not every keystroke in the formula.
    const live = announce ? 'polite' : 'off';
    if (status.getAttribute('aria-live') !== live) status.setAttribute('aria-live', live);
    status.textContent = describeStep(graph, frame, state.seed);
    // Changes only when a pass finishes; rewriting it on every step relaid out the widget.
    const passes = renderPasses(graph, state.mode, progress.known, progress.passes);
    if (passes !== passesHtml) parts.passes.innerHTML = passesHtml = passes;
    writeUrl();
  }
  let passesHtml = '';

  // A step between neighbouring frames changes a handful of nodes (the walk says which), so
  // only those nodes, the edges into them and their rows are updated — a 1 000-node graph
  // then steps as fast as a small one. Anything else (a new graph, a jump, another mode or
  // seed) starts a new walk and redraws the whole SVG (for a large graph, the part near the view).
  let walked: { walk: Walk; graph: Graph; mode: Mode; seed: string } | null = null;
  /** The frame at state.step, and the nodes changed since the last one drawn (null: draw afresh). */
  function move(): { frame: Frame; changed: number[] | null } {
    const seed = state.seed.join(',');
    if (walked === null || walked.graph !== graph || walked.mode !== state.mode || walked.seed !== seed) {
      walked = { walk: walk(graph, state.mode, state.step, state.seed), graph, mode: state.mode, seed };
      return { frame: walked.walk.frame, changed: null };
    }
    const changed = walked.walk.to(state.step);
    return { frame: walked.walk.frame, changed };
  }
  /** The first row of the table's window as drawn. */
  let tableFrom = 0;
  function patch(frame: Frame, changed: number[] | null) {
    if (changed === null) {
      view.draw(graph, layout, frame);
      parts.kinks.innerHTML = renderKinks(graph);
    } else {
      view.step(frame, changed);
    }
    if (changed === null || tablePending === 'all') tablePending = 'all';
    else {
      tablePending ??= new Set();
      for (const id of changed) tablePending.add(id);
    }
    if (tableInView) flushTable();
    else {
      const now = performance.now();
      tableDue ||= now + TABLE_LAG_MS;
      clearTimeout(tableTimer);
      tableTimer = window.setTimeout(flushTable, Math.max(0, Math.min(TABLE_QUIET_MS, tableDue - now)));
    }
  }

  // The table follows the steps at once only while it is in view. Changing one cell's text
  // lays its whole 80-row auto-layout table out again (1.7–3.5 ms of layout in the frame
  // after, in the bench's traces), and below the graph, where it is on most screens, nobody
  // sees it: there the rows the steps changed are gathered and written when the table comes
  // into view, or the steps pause for TABLE_QUIET_MS, or (a key held) once every
  // TABLE_LAG_MS. (Written in the next idle period instead, it was written after every step:
  // a step takes less than its frame, and the rest of the frame is idle.) Scrolling down, the
  // reader meets it up to date; screen readers, which read it from the DOM, find it current
  // once the stepping pauses.
  /** The nodes whose rows are not yet written, or 'all' for a table to render afresh. */
  let tablePending: Set<number> | 'all' | null = null;
  let tableTimer = 0;
  /** When the off-screen table must be written at the latest (performance.now()), 0 when it is up to date. */
  let tableDue = 0;
  let tableInView = true; // until the observer first reports
  const tableWatch = new IntersectionObserver((entries) => {
    tableInView = entries[entries.length - 1]!.isIntersecting;
    if (tableInView) flushTable();
  });
  tableWatch.observe(parts.table);
  function flushTable() {
    clearTimeout(tableTimer);
    tableDue = 0;
    const frame = walked?.walk.frame;
    if (tablePending === null || frame === undefined) return;
    if (tablePending === 'all') parts.table.innerHTML = renderTable(graph, frame);
    else patchTable(frame, [...tablePending]);
    tablePending = null;
    tableFrom = tableRows(graph, frame).from;
  }

  // The table of a long trace is a window of TABLE_WINDOW rows that follows the step in chunks
  // (tableRows). Moving it drops the rows that leave at one end in one go and parses the ones
  // that come in at the other in one go, and in the rows of the nodes the step changed only the
  // cells whose text differs are rewritten: re-rendering all 80 rows on every step was a third
  // of a step's time, and replacing a whole row relaid out every cell in it.
  function patchTable(frame: Frame, ids: readonly number[]) {
    const table = parts.table;
    const body = table.querySelector('tbody')!;
    const next = tableRows(graph, frame);
    const shift = next.from - tableFrom;
    if (Math.abs(shift) >= next.rows.length) {
      body.innerHTML = next.rows.map((node) => renderRow(graph, frame, node)).join('');
      table.querySelector('caption')!.textContent = tableCaption(graph, frame);
      return;
    }
    if (shift !== 0) {
      const gone = document.createRange();
      if (shift > 0) {
        gone.setStartBefore(body.rows[0]!);
        gone.setEndAfter(body.rows[shift - 1]!);
      } else {
        gone.setStartBefore(body.rows[body.rows.length + shift]!);
        gone.setEndAfter(body.rows[body.rows.length - 1]!);
      }
      gone.deleteContents();
    }
    if (shift > 0) {
      body.insertAdjacentHTML(
        'beforeend',
        next.rows
          .slice(-shift)
          .map((node) => renderRow(graph, frame, node))
          .join(''),
      );
    } else if (shift < 0) {
      body.insertAdjacentHTML(
        'afterbegin',
        next.rows
          .slice(0, -shift)
          .map((node) => renderRow(graph, frame, node))
          .join(''),
      );
    }
    if (shift !== 0) table.querySelector('caption')!.textContent = tableCaption(graph, frame);
    for (const id of ids) {
      const at = tableIndex(graph, id) - next.from;
      if (at < 0 || at >= next.rows.length) continue; // a constant, or a row outside the window
      const row = body.rows[at]!;
      const want = rowState(graph, frame, graph.nodes[id]!);
      if (want.current !== (row.getAttribute('aria-current') === 'step')) {
        if (want.current) {
          row.className = 'is-current';
          row.setAttribute('aria-current', 'step');
        } else {
          row.removeAttribute('class');
          row.removeAttribute('aria-current');
        }
      }
      const cells = row.cells;
      for (const [k, text] of [
        [2, want.value],
        [3, want.tangent],
        [4, want.adjoint],
      ] as const) {
        if (cells[k]!.textContent !== text) cells[k]!.textContent = text;
      }
    }
  }

  // The URL follows the state, but not on every step: Chromium re-requests the page's favicon
  // on each history.replaceState, which cost ~10 ms a step while a reader held an arrow key.
  let urlTimer = 0;
  function writeUrl() {
    clearTimeout(urlTimer);
    urlTimer = window.setTimeout(flushUrl, URL_DELAY_MS);
  }
  function flushUrl() {
    clearTimeout(urlTimer);
    const url = new URL(location.href);
    toParams(state, url.searchParams, prefix);
    const next = `${url.pathname}?${url.searchParams}${url.hash}`;
    if (next !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(history.state, '', next);
  }

  function go(step: number) {
    state.step = Math.max(0, Math.min(stepCount(graph, state.mode), step));
    render(true);
  }

  function stop() {
    playing++;
    // Every step from the keyboard stops play; writing the button when it is already stopped
    // would change the page before the graph reads its box (see render).
    if (!isPlaying) return;
    isPlaying = false;
    playButton.textContent = 'Play';
    playButton.setAttribute('aria-pressed', 'false');
  }

  function play() {
    const token = ++playing;
    isPlaying = true;
    if (state.step >= stepCount(graph, state.mode)) go(0);
    playButton.textContent = 'Pause';
    playButton.setAttribute('aria-pressed', 'true');
    const tick = () => {
      if (token !== playing) return;
      if (state.step >= stepCount(graph, state.mode)) return stop();
      go(state.step + 1);
      setTimeout(tick, reducedMotion.matches ? PLAY_MS * 1.5 : PLAY_MS);
    };
    setTimeout(tick, 250);
  }

  /** Show or clear the message under a field; `input` is the seed field at fault for the seed. */
  function showError(name: 'f' | 'at' | 'seed', source: string, error: ExpressionError | string | null, input?: HTMLInputElement) {
    const box = part(`${name}-error`);
    const fields = name === 'seed' ? seedFields() : [inputs[name]];
    for (const field of fields) field.removeAttribute('aria-invalid');
    if (error === null) {
      box.hidden = true;
      box.textContent = '';
      return;
    }
    (input ?? fields[0]!).setAttribute('aria-invalid', 'true');
    box.hidden = false;
    if (typeof error === 'string') {
      box.textContent = error;
      return;
    }
    const start = error.column - 1;
    const before = source.slice(0, start);
    const marked = source.slice(start, start + error.length) || ' ';
    const after = source.slice(start + error.length);
    box.innerHTML =
      `<code class="adg__source">${escapeHtml(before)}<mark>${escapeHtml(marked)}</mark>${escapeHtml(after)}</code> ` +
      `<span>${escapeHtml(error.message)}</span>`;
  }

  let editTimer = 0;
  function onEdit() {
    clearTimeout(editTimer);
    editTimer = window.setTimeout(() => {
      const f = inputs.f.value;
      const at = inputs.at.value;
      try {
        const next = buildGraph(f, at);
        showError('f', f, null);
        showError('at', at, null);
        const changed = next.source !== graph.source || at !== state.at;
        graph = next;
        if (changed) {
          layout = layoutOf(graph);
          progress = { known: graph.variables.map(() => null), passes: 0 };
          lastFinished = '';
          state.seed = fitSeed(state.seed, graph);
          if (!state.seed.some((s) => s !== 0)) state.seed = unitSeed(graph.variables.length);
          seedBox.innerHTML = renderSeed(graph, state.seed, false, `${uid}-seed-error`);
          showError('seed', '', null);
        }
        state = { ...state, f, at, step: stepCount(graph, state.mode) };
        render(false);
      } catch (error) {
        if (!(error instanceof GraphInputError)) throw error;
        showError(error.which, error.which === 'f' ? f : at, error.error);
        showError(error.which === 'f' ? 'at' : 'f', '', null);
      }
    }, 120);
  }

  function seedFields(): HTMLInputElement[] {
    return [...seedBox.querySelectorAll<HTMLInputElement>('input[type="number"]')];
  }

  function onSeed(event: Event) {
    if ((event.target as HTMLInputElement).type !== 'number') return;
    const fields = seedFields();
    const seed = fields.map((field) => (field.value.trim() === '' ? Number.NaN : Number(field.value)));
    const bad = seed.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) {
      // An empty or half-typed field (a lone "-"): say which, keep the last good seed.
      showError('seed', '', `ẋ for ${graph.variables[bad]} needs a number, e.g. 0 or 1.`, fields[bad]);
      return;
    }
    showError('seed', '', null);
    setSeed(seed, false);
  }

  function setSeed(seed: number[], announce: boolean) {
    stop();
    state.seed = seed;
    state.step = 0;
    render(announce);
  }

  function onUnitSeed(event: Event) {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-seed]');
    if (!button) return;
    const seed = unitSeed(graph.variables.length, Number(button.dataset.seed));
    seedFields().forEach((field, i) => {
      field.value = String(seed[i]);
    });
    showError('seed', '', null);
    setSeed(seed, true);
  }

  function onClick(event: Event) {
    const action = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]')?.dataset.action;
    if (!action) return;
    if (action === 'play') return isPlaying ? stop() : play();
    stop();
    if (action === 'reset') go(0);
    if (action === 'back') go(state.step - 1);
    if (action === 'step') go(state.step + 1);
  }

  function onMode(event: Event) {
    const target = event.target as HTMLInputElement;
    if (target.type !== 'radio') return;
    stop();
    state.mode = target.value as Mode;
    state.step = 0;
    render(true);
  }

  function onKey(event: KeyboardEvent) {
    const target = event.target as HTMLElement;
    if (target instanceof HTMLInputElement && (target.type === 'text' || target.type === 'number')) return;
    if (target instanceof HTMLInputElement && target.type === 'radio') return; // arrows choose the mode
    const keys: Record<string, () => void> = {
      ArrowRight: () => go(state.step + 1),
      ArrowLeft: () => go(state.step - 1),
      Home: () => go(0),
      End: () => go(stepCount(graph, state.mode)),
    };
    const run = keys[event.key];
    if (!run) return;
    event.preventDefault();
    stop();
    run();
  }

  root.addEventListener('click', onClick);
  root.addEventListener('change', onMode);
  root.addEventListener('keydown', onKey);
  inputs.f.addEventListener('input', onEdit);
  inputs.at.addEventListener('input', onEdit);
  seedBox.addEventListener('input', onSeed);
  seedBox.addEventListener('click', onUnitSeed);
  render(false);

  addEventListener('pagehide', flushUrl);
  return () => {
    stop();
    clearTimeout(editTimer);
    view.destroy();
    clearTimeout(tableTimer);
    tableWatch.disconnect();
    flushUrl();
    removeEventListener('pagehide', flushUrl);
    root.removeEventListener('click', onClick);
    root.removeEventListener('change', onMode);
    root.removeEventListener('keydown', onKey);
    inputs.f.removeEventListener('input', onEdit);
    inputs.at.removeEventListener('input', onEdit);
    seedBox.removeEventListener('input', onSeed);
    seedBox.removeEventListener('click', onUnitSeed);
  };
};
