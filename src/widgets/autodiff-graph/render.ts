// HTML and SVG strings for one frame of the graph stepper: the graph, the evaluation-trace
// table (the survey's primal / tangent / adjoint columns), the step announcement and the
// pass counter. Pure: the same functions render the build-time first frame and every
// browser frame. Colours are CSS variables (autodiff-graph.css), so both themes work.
import { escapeHtml } from '../html.ts';
import { type Layout, edgePath, edgePoint, layoutGraph } from './layout.ts';
import type { Edge, Graph, GraphNode } from './model.ts';
import { unitIndex } from './state.ts';
import { type Frame, type Mode, type Term, adjointOf, dual, fmt } from './stepper.ts';
import { MIN_SCALE } from './viewport.ts';

/** Edge labels (the local partials) are drawn up to this many nodes; beyond, the graph is an overview. */
const LABEL_LIMIT = 80;
/** An edge label's font size in viewBox units (autodiff-graph.css), and a monospace glyph's width. */
const EDGE_LABEL_PX = 13;
const EDGE_LABEL_EM = EDGE_LABEL_PX * 0.6;

export function layoutOf(graph: Graph): Layout {
  return layoutGraph(graph.nodes.map((n) => ({ id: n.id, inputs: n.inputs, floating: n.kind === 'const' })));
}

/** v₃ → v̄₃ (the adjoint's name). */
export const bar = (name: string): string => name.replace(/^v/, 'v\u0304');
/** v₃ → v̇₃ (the tangent's name). */
export const dot = (name: string): string => name.replace(/^v/, 'v\u0307');
const paren = (x: number) => (x < 0 ? `(${fmt(x)})` : fmt(x));
const ref = (node: GraphNode) => (node.kind === 'const' ? node.symbol : node.name);

/** An edge's class list: `active` is the set of "from>to" keys the current step uses. */
export const edgeClass = (e: Edge, active: ReadonlySet<string>): string =>
  active.has(`${e.from}>${e.to}`) ? 'adg-edge is-active' : 'adg-edge';

/** One edge as SVG; `active` is the set of "from>to" keys the current step uses. */
export function renderEdge(graph: Graph, layout: Layout, e: Edge, active: ReadonlySet<string>): string {
  const to = graph.nodes[e.to]!;
  const d = edgePath(layout, e.from, e.to, e.slot, to.inputs.length);
  const cls = edgeClass(e, active);
  // The label sits three quarters of the way along, where edges into one node are already
  // apart (each has its own port) and edges out of one node have spread.
  // A long edge passes other ranks' boxes, so its label goes nearer its end.
  const long = layout.rank[e.to]! - layout.rank[e.from]! > 1;
  const [lx, ly] = edgePoint(layout, e.from, e.to, e.slot, to.inputs.length, long ? 0.93 : 0.75);
  const text = fmt(e.partial, 3);
  // Kept inside the drawing: a label over an edge near the top or an end would otherwise be
  // cut by the SVG's edge (on a phone the first edges' labels lost their top).
  // …and clear of the node the edge enters, which is drawn over it (nodes come after edges).
  const half = (text.length * EDGE_LABEL_EM) / 2;
  const x = Math.min(Math.max(lx, half), layout.width - half, layout.x[e.to]! - 2 - half);
  const y = Math.max(ly - 3, EDGE_LABEL_PX);
  const label =
    graph.nodes.length <= LABEL_LIMIT
      ? `<text class="adg-edge__label" x="${x.toFixed(1)}" y="${y.toFixed(1)}" text-anchor="middle">${escapeHtml(text)}</text>`
      : '';
  return `<g class="${cls}" data-from="${e.from}" data-to="${e.to}"><path d="${d}"/>${label}</g>`;
}

/** A node's class list: its kind, and the state the frame gives it. */
export function nodeClass(graph: Graph, frame: Frame, node: GraphNode): string {
  const cls = ['adg-node', `adg-node--${node.kind}`];
  if (frame.current === node.id) cls.push('is-current');
  if (frame.values[node.id] === null) cls.push('is-pending');
  if (frame.mode === 'adjoint' && frame.done[node.id]) cls.push('is-done');
  if (node.kink) cls.push('is-kink');
  if (node.id === graph.output) cls.push('is-output');
  return cls.join(' ');
}

/** What a node is, in words: its hover title. */
export const nodeTitle = (node: GraphNode): string =>
  node.kind === 'const' ? `constant ${node.symbol}` : `${node.name} = ${node.definition} (${node.expr})`;

/** One node as SVG: name and symbol, then its value (a dual number in forward mode) and adjoint. */
export function renderNode(graph: Graph, layout: Layout, frame: Frame, node: GraphNode): string {
  const { nodeWidth: w, nodeHeight: h } = layout;
  const x = layout.x[node.id]!;
  const y = layout.y[node.id]!;
  const title = nodeTitle(node);
  const head = node.kind === 'const' ? '' : `<tspan class="adg-node__name">${escapeHtml(node.name)}</tspan> `;
  const lines = nodeLines(graph, node, frame);
  // Coordinates go on each shape rather than a translate() on the group: a transform per node
  // is a paint-property node and a paint chunk per node in Chromium, which made every step
  // re-layerize a 1 000-node graph (bench/graph.bench.ts).
  const px = (dx: number) => (x + dx).toFixed(1);
  const py = (dy: number) => (y + dy).toFixed(1);
  return (
    `<g class="${nodeClass(graph, frame, node)}" data-id="${node.id}">` +
    `<title>${escapeHtml(title)}</title>` +
    `<rect x="${px(0)}" y="${py(0)}" width="${w}" height="${h}" rx="7"/>` +
    `<text x="${px(w / 2)}" y="${py(18)}" text-anchor="middle">${head}<tspan class="adg-node__symbol">${escapeHtml(node.symbol)}</tspan></text>` +
    lines
      .map(
        (line, i) =>
          `<text class="adg-node__value" x="${px(w / 2)}" y="${py(36 + 15 * i)}" text-anchor="middle">${escapeHtml(line)}</text>`,
      )
      .join('') +
    (node.kink ? `<text class="adg-node__kink" x="${px(w - 6)}" y="${py(14)}" text-anchor="end" aria-hidden="true">◆</text>` : '') +
    `</g>`
  );
}

export const activeSet = (frame: Frame): Set<string> => new Set(frame.active.map(([a, b]) => `${a}>${b}`));

/**
 * The graph as SVG, sized to its layout; the container scales or pans it. `only` draws just
 * those nodes and edges (ascending indices), the part of a large graph near the visible one.
 */
export function renderSvg(
  graph: Graph,
  layout: Layout,
  frame: Frame,
  only?: { nodes: readonly number[]; edges: readonly number[] },
): string {
  const active = activeSet(frame);
  const edgeList = only ? only.edges.map((i) => graph.edges[i]!) : graph.edges;
  const nodeList = only ? only.nodes.map((id) => graph.nodes[id]!) : graph.nodes;
  const edges = edgeList.map((e) => renderEdge(graph, layout, e, active)).join('');
  const nodes = nodeList.map((node) => renderNode(graph, layout, frame, node)).join('');
  return (
    `<svg class="adg-svg" viewBox="0 0 ${Math.ceil(layout.width)} ${Math.ceil(layout.height)}" width="${Math.ceil(layout.width)}" height="${Math.ceil(layout.height)}" role="img" aria-label="${svgLabel(graph)}">` +
    `<g class="adg-edges">${edges}</g><g class="adg-nodes">${nodes}</g></svg>`
  );
}

/** The graph picture's accessible name (escaped for an attribute): what it shows, and where every node is listed. */
export function svgLabel(graph: Graph): string {
  const ops = graph.order.length;
  const inputs = graph.variables.length;
  return escapeHtml(
    `Computational graph of f = ${graph.source}: ${inputs} input${inputs > 1 ? 's' : ''} and ${ops} operation${ops === 1 ? '' : 's'}; the table below lists every node.`,
  );
}

/** The value lines under a node's name: its value (or dual number), and in reverse mode its adjoint so far. */
export function nodeLines(graph: Graph, node: GraphNode, frame: Frame): string[] {
  const value = frame.values[node.id];
  if (node.kind === 'const') return [];
  if (value === null || value === undefined) return ['?'];
  if (frame.mode === 'tangent') {
    const t = frame.tangents[node.id];
    return [t === null || t === undefined ? fmt(value) : dual(value, t, 3)];
  }
  if (frame.mode === 'adjoint') {
    const terms = frame.terms[node.id]!;
    const seeded = node.id === graph.output && frame.step > 0;
    if (!seeded && terms.length === 0) return [fmt(value), 'v̄ ?'];
    const sum = adjointOf(graph, node, terms);
    return [fmt(value), `v̄ ${frame.done[node.id] ? '' : '∑ '}${fmt(sum)}`];
  }
  return [fmt(value)];
}

/** The adjoint cell: the terms received so far, their sum, and "+ …" while more are due. */
export function adjointText(graph: Graph, node: GraphNode, frame: Frame): string {
  if (frame.mode !== 'adjoint') return '—';
  const terms = frame.terms[node.id]!;
  if (node.id === graph.output) return frame.step > 0 ? `${bar(node.name)} = 1 (seed ȳ = 1)` : '?';
  if (terms.length === 0) return '?';
  const parts = terms.map((t: Term) => `${bar(graph.nodes[t.child]!.name)}·${paren(t.partial)}`);
  const sum = adjointOf(graph, node, terms);
  return `${bar(node.name)} = ${parts.join(' + ')}${frame.done[node.id] ? '' : ' + …'} = ${fmt(sum)}`;
}

/** What a frame writes in a node's row: whether it is the current step, and the three cells that follow the steps. */
export interface RowState {
  current: boolean;
  value: string;
  tangent: string;
  adjoint: string;
}

export function rowState(graph: Graph, frame: Frame, node: GraphNode): RowState {
  const value = frame.values[node.id];
  const t = frame.tangents[node.id];
  return {
    current: frame.current === node.id,
    value: value === null || value === undefined ? '?' : fmt(value),
    tangent:
      frame.mode !== 'tangent' ? '—' : t === null || t === undefined ? '?' : `${dot(node.name)} = ${fmt(t)} → ${dual(value ?? 0, t)}`,
    adjoint: adjointText(graph, node, frame),
  };
}

/** One row of the trace table. */
export function renderRow(graph: Graph, frame: Frame, node: GraphNode): string {
  const row = rowState(graph, frame, node);
  const cls = row.current ? ' class="is-current" aria-current="step"' : '';
  const def = node.kind === 'input' ? node.symbol : node.definition;
  const kink = node.kink ? ` <span class="adg-kink-mark" title="${escapeHtml(`${node.kink.where}: ${node.kink.used}`)}">◆ kink</span>` : '';
  return (
    `<tr data-id="${node.id}"${cls}><th scope="row">${escapeHtml(node.name)}</th>` +
    `<td>${escapeHtml(def)}${kink}</td>` +
    `<td>${escapeHtml(row.value)}</td>` +
    `<td>${escapeHtml(row.tangent)}</td>` +
    `<td>${escapeHtml(row.adjoint)}</td></tr>`
  );
}

/** Up to this many rows the table lists every node; a longer trace shows a window around the current step. */
export const TABLE_WINDOW = 80;

/** The nodes the table lists (inputs and ops, in tape order) and each node's place among them (-1 for a constant). */
function tableNodes(graph: Graph): { all: GraphNode[]; index: Int32Array } {
  let cached = tableNodesCache.get(graph);
  if (!cached) {
    const all = graph.nodes.filter((node) => node.kind !== 'const');
    const index = new Int32Array(graph.nodes.length).fill(-1);
    all.forEach((node, i) => {
      index[node.id] = i;
    });
    cached = { all, index };
    tableNodesCache.set(graph, cached);
  }
  return cached;
}
// Read three times a step (the window before and after, the caption); a graph never changes.
const tableNodesCache = new WeakMap<Graph, { all: GraphNode[]; index: Int32Array }>();

/** Node `id`'s row among all the table's rows (before windowing), or -1 for a constant, which has none. */
export const tableIndex = (graph: Graph, id: number): number => tableNodes(graph).index[id]!;

/** The table's window moves by this many rows at a time. */
export const TABLE_CHUNK = TABLE_WINDOW / 2;

/**
 * The rows shown: every input and op, or for a long trace TABLE_WINDOW of them around the
 * current node. The window starts at a multiple of TABLE_CHUNK, so the current row always has
 * at least TABLE_CHUNK / 2 rows on either side (short of the table's ends) and a walk moves the
 * window once every TABLE_CHUNK steps: a window that moved a row per step re-laid out every
 * row on every step. A function of the frame alone, so a fresh render (a URL opened at this
 * step) shows the same rows as a walk to it.
 * @example tableRows(graphOf1000Nodes, frameWithCurrentRow(125)).from // 80: rows 80–159, the current one 46th
 */
export function tableRows(graph: Graph, frame: Frame): { rows: GraphNode[]; from: number; total: number } {
  const { all, index } = tableNodes(graph);
  if (all.length <= TABLE_WINDOW) return { rows: all, from: 0, total: all.length };
  const at = frame.current === null ? (frame.mode === 'adjoint' ? all.length - 1 : 0) : index[frame.current]!;
  const chunked = TABLE_CHUNK * Math.round((at - TABLE_WINDOW / 2) / TABLE_CHUNK);
  const from = Math.max(0, Math.min(all.length - TABLE_WINDOW, chunked));
  return { rows: all.slice(from, from + TABLE_WINDOW), from, total: all.length };
}

/** The table's caption: what it shows and, for a long trace, which window of rows. */
export function tableCaption(graph: Graph, frame: Frame): string {
  const { rows, from, total } = tableRows(graph, frame);
  const window = rows.length < total ? ` (rows ${from + 1}–${from + rows.length} of ${total}, following the current step)` : '';
  return `Evaluation trace of f = ${graph.source} at ${pointText(graph)}${window}`;
}

/** The evaluation trace as a table, one row per input and op (constants appear in definitions). */
export function renderTable(graph: Graph, frame: Frame): string {
  const { rows } = tableRows(graph, frame);
  return (
    `<table class="adg-table"><caption>${escapeHtml(tableCaption(graph, frame))}</caption>` +
    `<thead><tr><th scope="col">Node</th><th scope="col">Definition</th><th scope="col">Primal value</th>` +
    `<th scope="col">Tangent (dual number)</th><th scope="col">Adjoint</th></tr></thead><tbody>${rows.map((node) => renderRow(graph, frame, node)).join('')}</tbody></table>`
  );
}

export const pointText = (graph: Graph): string => graph.point.map((p) => `${p.name} = ${fmt(p.value)}`).join(', ');

/** One sentence for the current step: shown under the graph and announced to screen readers. */
export function describeStep(graph: Graph, frame: Frame, seed: readonly number[]): string {
  const { mode, step, steps } = frame;
  const head = `Step ${step} of ${steps}`;
  if (step === 0) {
    if (mode === 'adjoint') return `${head}. Reverse mode starts from the output with ȳ = 1; step to push adjoints backwards.`;
    if (mode === 'tangent') return `${head}. Seed ẋ = (${seed.map((s) => fmt(s)).join(', ')}): each input starts as xᵢ + ẋᵢε.`;
    return `${head}. The inputs are set: ${pointText(graph)}.`;
  }
  const id = frame.current!;
  const node = graph.nodes[id]!;
  if (mode === 'primal') return `${head}: ${node.name} = ${node.definition} = ${fmt(node.value)}.`;
  if (mode === 'tangent') {
    const sum = node.inputs.map((from, k) => `${paren(node.partials[k]!)}·${tangentRef(graph.nodes[from]!)}`).join(' + ');
    const t = frame.tangents[id]!;
    return `${head}: ${dot(node.name)} = ${sum} = ${fmt(t)}, so ${node.name} = ${dual(node.value, t)}.`;
  }
  if (step === 1) return `${head}: seed the output, ${bar(node.name)} = ȳ = 1.`;
  const a = adjointOf(graph, node, frame.terms[id]!);
  const pushes = node.inputs.map(
    (from, k) => `${ref(graph.nodes[from]!)} gets ${fmt(a)}·${paren(node.partials[k]!)} = ${fmt(a * node.partials[k]!)}`,
  );
  const finished = node.inputs
    .filter((from, k, all) => all.indexOf(from) === k && graph.nodes[from]!.kind !== 'const' && frame.done[from])
    .map((from) => `${bar(graph.nodes[from]!.name)} = ${fmt(adjointOf(graph, graph.nodes[from]!, frame.terms[from]!))}`);
  return `${head}: ${node.name} pushes ${bar(node.name)} = ${fmt(a)} back: ${pushes.join('; ')}.${finished.length > 0 ? ` Final: ${finished.join(', ')}.` : ''}`;
}

const tangentRef = (node: GraphNode) => (node.kind === 'const' ? '0' : dot(node.name));

/** Which partial derivatives a finished pass gives: forward mode one per unit seed, reverse mode all. */
export function renderPasses(graph: Graph, mode: Mode, known: readonly (number | null)[], passes: number): string {
  const n = graph.variables.length;
  const cost =
    mode === 'adjoint'
      ? `Reverse mode: one pass gives the whole gradient (${n} partial${n > 1 ? 's' : ''}).`
      : mode === 'tangent'
        ? `Forward mode: one pass per input, ${n} for this f; each pass with seed eᵢ gives ∂f/∂xᵢ.`
        : 'Primal pass: values only, no derivatives.';
  const items = graph.variables.map((v, i) => `∂f/∂${v} = ${known[i] === null || known[i] === undefined ? '?' : fmt(known[i]!)}`);
  return `${escapeHtml(cost)} Passes finished: ${passes}. Gradient so far: ${escapeHtml(items.join(', '))}.`;
}

/** Kinks in the graph and the convention the engine followed there. */
export function renderKinks(graph: Graph): string {
  const kinks = graph.nodes.filter((n) => n.kink);
  if (kinks.length === 0) return '';
  return (
    `<ul class="adg-kinks">` +
    kinks.map((n) => `<li>◆ ${escapeHtml(`${n.name}: ${n.kink!.where}, ${n.kink!.sides}; ${n.kink!.used}.`)}</li>`).join('') +
    `</ul>`
  );
}

/** What a frame needs besides the graph: the gradient found so far and the passes that found it. */
export interface Progress {
  known: (number | null)[];
  passes: number;
}

/** The gradient entries a finished pass gives: reverse mode all of them, forward mode ∂f/∂xᵢ for seed eᵢ. */
export function progressAfter(graph: Graph, frame: Frame, seed: readonly number[], before: Progress): Progress {
  if (frame.step < frame.steps || frame.mode === 'primal') return before;
  const known = before.known.slice();
  if (frame.mode === 'adjoint') {
    graph.variables.forEach((_, i) => {
      const node = graph.nodes.find((n) => n.kind === 'input' && n.arg === i)!;
      known[i] = adjointOf(graph, node, frame.terms[node.id]!);
    });
  } else {
    const unit = seed.filter((s) => s !== 0);
    const i = seed.indexOf(1);
    if (unit.length === 1 && i >= 0) known[i] = frame.tangents[graph.output] ?? null;
  }
  return { known, passes: before.passes + 1 };
}

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';
/** 12 → ₁₂ */
const subscript = (n: number): string => [...String(n)].map((d) => SUBSCRIPTS[Number(d)]).join('');

/**
 * The forward-mode seed ẋ: one button per unit vector eᵢ (the seed of the pass that gives
 * ∂f/∂xᵢ; pressed when the seed is that vector) and a number field per variable for any other
 * direction. The fields are named seed-0, seed-1, … by variable index; `describedBy` is the id
 * of the message that explains a bad entry.
 */
export function renderSeed(graph: Graph, seed: readonly number[], disabled: boolean, describedBy?: string): string {
  const off = disabled ? ' disabled' : '';
  const described = describedBy ? ` aria-describedby="${describedBy}"` : '';
  const unit = unitIndex(seed);
  const buttons = graph.variables
    .map(
      (v, i) =>
        `<button type="button" data-seed="${i}" aria-pressed="${unit === i}"${off}>e${subscript(i + 1)} <span class="adg__seed-gives">(∂f/∂${escapeHtml(v)})</span></button>`,
    )
    .join('');
  const fields = graph.variables
    .map(
      (v, i) =>
        `<label class="adg__seed-field"><span>${escapeHtml(v)}</span><input type="number" name="seed-${i}" step="any" value="${seed[i] ?? 0}" inputmode="decimal" autocomplete="off"${described}${off}></label>`,
    )
    .join('');
  return (
    `<legend>Seed ẋ, the direction of the forward pass</legend>` +
    `<div class="adg__seed-units" role="group" aria-label="Unit seeds: one pass each">${buttons}</div>` +
    `<div class="adg__seed-fields" role="group" aria-label="Any seed: ẋ per variable">${fields}</div>`
  );
}

const MODE_LABELS: Record<Mode, string> = {
  primal: 'Primal',
  tangent: 'Forward (dual numbers)',
  adjoint: 'Reverse (adjoints)',
};

/** The whole widget body: controls (disabled until the script runs), graph, status, pass counter, kinks, table. */
export function renderBody(graph: Graph, frame: Frame, seed: readonly number[], progress: Progress, disabled: boolean): string {
  const off = disabled ? ' disabled' : '';
  const layout = layoutOf(graph);
  const modes = (Object.keys(MODE_LABELS) as Mode[])
    .map(
      (m) =>
        `<label><input type="radio" name="mode" value="${m}"${m === frame.mode ? ' checked' : ''}${off}> ${escapeHtml(MODE_LABELS[m])}</label>`,
    )
    .join('');
  const field = (name: string, label: string, value: string, hint: string) =>
    `<label class="adg__field adg__field--${name}"><span>${label}</span>` +
    `<input type="text" name="${name}" value="${escapeHtml(value)}" spellcheck="false" autocomplete="off" autocapitalize="off"${off}>` +
    `<small>${escapeHtml(hint)}</small></label><p class="adg__error" data-part="${name}-error" hidden></p>`;
  return (
    `<div class="adg" data-mode="${frame.mode}">` +
    `<div class="adg__inputs">` +
    field('f', 'f =', graph.source, 'Operators + − * / ^, functions ln exp sin cos tanh sigmoid relu abs sqrt max min.') +
    field('at', 'at', graph.point.map((p) => `${p.name}=${p.value}`).join(', '), 'A value for each variable, e.g. x1=2, x2=5.') +
    `</div>` +
    `<fieldset class="adg__modes"><legend>Mode</legend>${modes}</fieldset>` +
    `<fieldset class="adg__seed" data-part="seed"${frame.mode === 'tangent' ? '' : ' hidden'}>${renderSeed(graph, seed, disabled)}</fieldset>` +
    `<p class="adg__error" data-part="seed-error" hidden></p>` +
    `<div class="adg__buttons" role="group" aria-label="Step through the graph">` +
    `<button type="button" data-action="reset"${off}>Reset</button>` +
    `<button type="button" data-action="back"${off} aria-keyshortcuts="ArrowLeft">◀ Back</button>` +
    `<button type="button" data-action="step"${off} aria-keyshortcuts="ArrowRight">Step ▶</button>` +
    `<button type="button" data-action="play"${off} aria-pressed="false">Play</button>` +
    `<output class="adg__counter" data-part="counter">Step ${frame.step} of ${frame.steps}</output></div>` +
    `<div class="adg__graph scroll-xy" data-part="graph" tabindex="0" aria-label="The graph; arrow keys step, Home and End jump" style="--adg-w:${Math.ceil(layout.width)}px;--adg-min-scale:${MIN_SCALE}">${renderSvg(graph, layout, frame)}</div>` +
    `<p class="adg__status" data-part="status" aria-live="polite">${escapeHtml(describeStep(graph, frame, seed))}</p>` +
    `<p class="adg__passes" data-part="passes">${renderPasses(graph, frame.mode, progress.known, progress.passes)}</p>` +
    `<div data-part="kinks">${renderKinks(graph)}</div>` +
    // The table's own scroll box, the same before and after the script re-renders the table:
    // focusable so the keyboard can scroll it, a group (not a landmark) so two graphs on a
    // page do not make two identical landmarks.
    `<div class="adg__table scroll-x" data-part="table" tabindex="0" role="group" aria-label="Evaluation trace table">${renderTable(graph, frame)}</div>` +
    `</div>`
  );
}
