// Browser side of ::autodiff-graph: enables the static controls, and on every change
// re-renders the graph, the announcement, the pass counter and the table from one frame
// (so the graph and the table cannot disagree). State lives in one object mirrored in the URL.
import type { Mount } from '../types.ts';
import type { ExpressionError } from '../expression.ts';
import { type Graph, GraphInputError, buildGraph } from './model.ts';
import {
  type Progress,
  activeSet,
  describeStep,
  layoutOf,
  progressAfter,
  renderEdge,
  renderKinks,
  renderNode,
  renderPasses,
  renderRow,
  renderSvg,
  renderTable,
  tableRows,
} from './render.ts';
import { type GraphState, fitSeed, fromParams, parseSeed, toParams, unitSeed } from './state.ts';
import { type Frame, type Mode, frameAt, stepCount } from './stepper.ts';
import type { spec } from './spec.ts';
import { stateFrom } from './view.ts';
import { escapeHtml } from '../html.ts';

const PLAY_MS = 900;
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
    seed: q<HTMLInputElement>('input[name="seed"]'),
  };
  const seedLabel = q<HTMLElement>('.adg__seed');
  const playButton = q<HTMLButtonElement>('[data-action="play"]');
  const body = q<HTMLElement>('.adg');

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

  for (const [name, input] of Object.entries(inputs)) {
    const error = q<HTMLElement>(`[data-part="${name}-error"]`);
    error.id = `${uid}-${name}-error`;
    input.setAttribute('aria-describedby', error.id);
  }
  inputs.f.value = state.f;
  inputs.at.value = state.at;
  inputs.seed.value = state.seed.join(', ');
  for (const radio of root.querySelectorAll<HTMLInputElement>('input[name="mode"]')) {
    radio.name = `${uid}-mode`;
    radio.checked = radio.value === state.mode;
  }
  for (const control of root.querySelectorAll<HTMLInputElement | HTMLButtonElement>('input, button')) control.disabled = false;

  function render(announce: boolean) {
    const frame = frameAt(graph, state.mode, state.step, state.seed);
    state.step = frame.step;
    const key = `${graph.source}|${state.at}|${state.mode}|${state.seed}`;
    if (frame.step === frame.steps && state.mode !== 'primal' && lastFinished !== key) {
      progress = progressAfter(graph, frame, state.seed, progress);
      lastFinished = key;
    } else if (frame.step < frame.steps && lastFinished === key) {
      lastFinished = '';
    }
    body.dataset.mode = state.mode;
    seedLabel.hidden = state.mode !== 'tangent';
    const box = part('graph');
    box.style.setProperty('--adg-w', `${Math.ceil(layout.width)}px`);
    patch(frame);
    part('counter').textContent = `Step ${frame.step} of ${frame.steps}`;
    const status = part('status');
    // Only announce what the reader asked for (a step), not every keystroke in the formula.
    status.setAttribute('aria-live', announce ? 'polite' : 'off');
    status.textContent = describeStep(graph, frame, state.seed);
    part('passes').innerHTML = renderPasses(graph, state.mode, progress.known, progress.passes);
    const current = frame.current === null ? null : box.querySelector<SVGGElement>(`.adg-node[data-id="${frame.current}"]`);
    if (current) scrollIntoViewIfNeeded(box, current);
    writeUrl();
  }

  // A step changes only the current node, its operands and their edges (and the
  // previous step's), so a step between neighbouring frames redraws just those pieces — a
  // 1 000-node graph then steps as fast as a small one. Anything else (a new graph, a jump,
  // another mode or seed) redraws the whole SVG.
  let drawn: { graph: Graph; frame: Frame; seed: string } | null = null;
  let edgesInto: number[][] = [];
  function touched(frame: Frame): number[] {
    if (frame.current === null) return [graph.output];
    return [frame.current, ...graph.nodes[frame.current]!.inputs, graph.output];
  }
  function patch(frame: Frame) {
    const box = part('graph');
    const table = part('table');
    const seed = state.seed.join(',');
    const last = drawn;
    const near =
      last !== null &&
      last.graph === graph &&
      last.frame.mode === frame.mode &&
      last.seed === seed &&
      Math.abs(last.frame.step - frame.step) <= 1;
    if (!near) {
      box.innerHTML = renderSvg(graph, layout, frame);
      part('kinks').innerHTML = renderKinks(graph);
      edgesInto = graph.nodes.map(() => []);
      graph.edges.forEach((e, i) => {
        edgesInto[e.to]!.push(i);
      });
      const old = table.querySelector('table');
      if (old) old.outerHTML = renderTable(graph, frame);
      else table.innerHTML = renderTable(graph, frame);
    } else {
      const ids = new Set([...touched(last.frame), ...touched(frame)]);
      const active = activeSet(frame);
      const nodeEls = box.querySelectorAll('.adg-node');
      const edgeEls = box.querySelectorAll('.adg-edge');
      for (const id of ids) {
        nodeEls[id]!.outerHTML = renderNode(graph, layout, frame, graph.nodes[id]!);
        for (const e of edgesInto[id]!) edgeEls[e]!.outerHTML = renderEdge(graph, layout, graph.edges[e]!, active);
      }
      const { rows, total } = tableRows(graph, frame);
      if (rows.length < total) {
        // A long trace shows a window of rows that moves with the step: redraw those few rows.
        table.querySelector('table')!.outerHTML = renderTable(graph, frame);
      } else {
        for (const id of ids) {
          const row = table.querySelector(`tr[data-id="${id}"]`);
          if (row) row.outerHTML = renderRow(graph, frame, graph.nodes[id]!);
        }
      }
    }
    drawn = { graph, frame, seed };
  }

  function writeUrl() {
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

  function showError(name: 'f' | 'at' | 'seed', source: string, error: ExpressionError | string | null) {
    const box = part(`${name}-error`);
    const input = inputs[name];
    if (error === null) {
      box.hidden = true;
      box.textContent = '';
      input.removeAttribute('aria-invalid');
      return;
    }
    input.setAttribute('aria-invalid', 'true');
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
          inputs.seed.value = state.seed.join(', ');
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

  function onSeed() {
    const seed = parseSeed(inputs.seed.value);
    const n = graph.variables.length;
    if (!seed || seed.length !== n) {
      showError(
        'seed',
        inputs.seed.value,
        `The seed needs ${n} number${n > 1 ? 's' : ''}, one per variable (${graph.variables.join(', ')}), e.g. ${Array.from({ length: n }, (_, i) => (i === 0 ? 1 : 0)).join(', ')}.`,
      );
      return;
    }
    showError('seed', '', null);
    state.seed = seed;
    state.step = 0;
    render(false);
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
    if (target instanceof HTMLInputElement && target.type === 'text') return;
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
  inputs.seed.addEventListener('input', onSeed);
  render(false);

  return () => {
    stop();
    clearTimeout(editTimer);
    root.removeEventListener('click', onClick);
    root.removeEventListener('change', onMode);
    root.removeEventListener('keydown', onKey);
    inputs.f.removeEventListener('input', onEdit);
    inputs.at.removeEventListener('input', onEdit);
    inputs.seed.removeEventListener('input', onSeed);
  };
};

/** Pan the graph's scroll box (not the page) so the current node is visible. */
function scrollIntoViewIfNeeded(box: HTMLElement, node: SVGGElement) {
  const b = box.getBoundingClientRect();
  const n = node.getBoundingClientRect();
  if (n.left < b.left || n.right > b.right) box.scrollLeft += n.left - b.left - (b.width - n.width) / 2;
}
