// The graph's SVG in the browser. A large graph keeps in the DOM only the nodes and edges
// near the part of it its box shows (viewport.ts), in square cells of the layout drawn whole:
// elements are added a cell at a time as the reader pans or a step pans to its node, so most
// steps add none; a step updates just the nodes it changed, in place. Every read of
// the box (scroll position, size) comes before the first write, so a step never forces a
// layout: the pan is worked out from the layout, not measured off the drawn nodes.
import type { Layout } from './layout.ts';
import type { Graph } from './model.ts';
import { activeSet, edgeClass, nodeClass, nodeLines, renderEdge, renderNode, renderSvg } from './render.ts';
import type { Frame } from './stepper.ts';
import {
  type BoxMetrics,
  DRAW_WHOLE_MAX,
  type EdgeIndex,
  type Rect,
  edgesIn,
  grow,
  indexEdges,
  nodesIn,
  placement,
  scrollToShow,
  visibleRect,
} from './viewport.ts';

/**
 * The side of a cell (layout units): about three ranks across, six rows down. Each cell is
 * drawn whole, so a window that drifts a rank adds a strip of cells once in several steps
 * rather than a few elements on every step; each addition restyled, re-laid out and
 * re-layerized the SVG, more than the elements themselves cost to draw.
 */
const CELL = 400;
/** Every cell within this distance of the box (layout units) is drawn: half a rank, two rows. */
const MARGIN = 100;
/**
 * Cells kept after they leave the window, the least recently wanted dropped first, while
 * more nodes than this are drawn. A step often jumps between a few far-apart places (a
 * term's ops on the left, the running sum on the right) and back; kept, those places cost
 * nothing on the way back.
 */
const KEEP_NODES = 360;
/**
 * Nodes a step that draws nothing new may draw ahead of the walk, in the places its next
 * steps go to. A place seen for the first time drew 150–800 elements in one step (the
 * slowest steps of bench/graph.bench.ts); drawn a few nodes at a time over the steps before,
 * no step draws more than a cell or two.
 */
const AHEAD_NODES = 6;

export interface GraphView {
  /**
   * Draw `frame` of a new graph, or any frame not next to the last one, from scratch; with
   * the places the next steps go to (`ahead`, their nodes in order) drawn too.
   */
  draw(graph: Graph, layout: Layout, frame: Frame, ahead?: readonly number[]): void;
  /**
   * Move to a neighbouring frame: pan to its node, then update only the nodes `ids` and the
   * edges into them. A step that draws nothing new draws a little of where `ahead` goes.
   */
  step(frame: Frame, ids: Iterable<number>, ahead?: readonly number[]): void;
  /** Stop following the reader's panning. */
  destroy(): void;
}

export function graphView(box: HTMLElement): GraphView {
  let graph: Graph | null = null;
  let layout: Layout | null = null;
  let frame: Frame | null = null;
  let edgeIndex: EdgeIndex | null = null;
  let edgesInto: number[][] = [];
  /** Drawn elements by node id and edge index; a gap is one outside the window. */
  let nodeEls: (Element | undefined)[] = [];
  let edgeEls: (Element | undefined)[] = [];
  let shownNodes: number[] = [];
  let shownEdges: number[] = [];
  /** The cells drawn, by key, with the count of `follow` calls when each was last wanted; null when the whole graph is drawn. */
  let cells: Map<number, number> | null = null;
  let follows = 0;
  /** What each cell holds, worked out the first time it is drawn. */
  let cellContents = new Map<number, { nodes: number[]; edges: number[] }>();

  const metrics = (): BoxMetrics => ({
    scrollLeft: box.scrollLeft,
    scrollTop: box.scrollTop,
    clientWidth: box.clientWidth,
    clientHeight: box.clientHeight,
  });

  /** The scroll position that shows the frame's node, from numbers read before any write. */
  function target(m: BoxMetrics): BoxMetrics {
    if (frame!.current === null) return m;
    const { left, top } = scrollToShow(m, placement(layout!, m.clientWidth), layout!, frame!.current);
    return { ...m, scrollLeft: left, scrollTop: top };
  }

  /** The keys of the cells that meet the box's view grown by MARGIN. */
  function cellsNear(m: BoxMetrics): number[] {
    const r = grow(visibleRect(m, placement(layout!, m.clientWidth)), MARGIN);
    const columns = Math.ceil(layout!.width / CELL) + 1;
    const keys: number[] = [];
    const x1 = Math.min(columns - 1, Math.floor(r.x1 / CELL));
    const y1 = Math.min(Math.ceil(layout!.height / CELL), Math.floor(r.y1 / CELL));
    for (let cy = Math.max(0, Math.floor(r.y0 / CELL)); cy <= y1; cy++) {
      for (let cx = Math.max(0, Math.floor(r.x0 / CELL)); cx <= x1; cx++) keys.push(cy * columns + cx);
    }
    return keys;
  }

  function contents(key: number): { nodes: number[]; edges: number[] } {
    let c = cellContents.get(key);
    if (!c) {
      const columns = Math.ceil(layout!.width / CELL) + 1;
      const x0 = (key % columns) * CELL;
      const y0 = Math.floor(key / columns) * CELL;
      const r: Rect = { x0, y0, x1: x0 + CELL, y1: y0 + CELL };
      c = { nodes: nodesIn(layout!, r), edges: edgesIn(edgeIndex!, r) };
      cellContents.set(key, c);
    }
    return c;
  }

  /**
   * Mark the cells `keys` as wanted now (`fresh`: at a new moment, else with the cells the
   * view last wanted); when one of them is not drawn yet, return what to draw: the wanted
   * cells and the most recently wanted others, up to KEEP_NODES nodes. Null when nothing
   * changes (most steps) or the whole graph is drawn.
   */
  function wantedCells(keys: readonly number[], fresh = true): { nodes: number[]; edges: number[] } | null {
    if (cells === null) return null;
    const now = fresh ? ++follows : follows;
    let missing = false;
    for (const key of keys) {
      if (!cells.has(key)) missing = true;
      cells.set(key, now);
    }
    if (!missing) return null;
    const nodeMark = new Uint8Array(graph!.nodes.length);
    const edgeMark = new Uint8Array(graph!.edges.length);
    let count = 0;
    for (const [key, used] of [...cells].sort((a, b) => b[1] - a[1])) {
      const c = contents(key);
      const fresh = c.nodes.filter((id) => nodeMark[id] === 0);
      // An empty cell counts as one node, so that it too leaves once it is old enough.
      const cost = Math.max(1, fresh.length);
      if (used !== now && count + cost > KEEP_NODES) {
        cells.delete(key);
        continue;
      }
      for (const id of fresh) nodeMark[id] = 1;
      for (const e of c.edges) edgeMark[e] = 1;
      count += cost;
    }
    const marked = (mark: Uint8Array) => {
      const out: number[] = [];
      for (let i = 0; i < mark.length; i++) if (mark[i] === 1) out.push(i);
      return out;
    };
    return { nodes: marked(nodeMark), edges: marked(edgeMark) };
  }

  function draw(g: Graph, l: Layout, f: Frame, ahead: readonly number[] = []) {
    const m = metrics();
    graph = g;
    layout = l;
    frame = f;
    edgesInto = g.nodes.map(() => []);
    g.edges.forEach((e, i) => {
      edgesInto[e.to]!.push(i);
    });
    edgeIndex = g.nodes.length > DRAW_WHOLE_MAX ? indexEdges(l, g.edges, (to) => g.nodes[to]!.inputs.length) : null;
    const next = target(m);
    cells = g.nodes.length > DRAW_WHOLE_MAX ? new Map() : null;
    cellContents = new Map();
    const near = cells === null ? null : wantedCells(cellsNear(next));
    shownNodes = near ? near.nodes : g.nodes.map((n) => n.id);
    shownEdges = near ? near.edges : g.edges.map((_, i) => i);
    // Only a new graph changes the width, which every element inside inherits.
    const width = `${Math.ceil(l.width)}px`;
    if (box.style.getPropertyValue('--adg-w') !== width) box.style.setProperty('--adg-w', width);
    box.innerHTML = renderSvg(g, l, f, { nodes: shownNodes, edges: shownEdges });
    nodeEls = [];
    edgeEls = [];
    const nodes = box.querySelectorAll('.adg-node');
    shownNodes.forEach((id, k) => {
      nodeEls[id] = nodes[k];
    });
    const edges = box.querySelectorAll('.adg-edge');
    shownEdges.forEach((e, k) => {
      edgeEls[e] = edges[k];
    });
    // The new SVG has to be laid out before the box can scroll over it: one forced layout,
    // only when a whole graph is drawn.
    if (next.scrollLeft !== m.scrollLeft) box.scrollLeft = next.scrollLeft;
    if (next.scrollTop !== m.scrollTop) box.scrollTop = next.scrollTop;
    // Already a long frame: draw every place the next steps go to now.
    drawAhead(next, ahead, Number.POSITIVE_INFINITY);
  }

  function step(f: Frame, ids: Iterable<number>, ahead: readonly number[] = []) {
    const m = metrics();
    frame = f;
    const next = target(m);
    // Scrolling first, while the layout is still the last frame's, costs no layout.
    if (next.scrollLeft !== m.scrollLeft) box.scrollLeft = next.scrollLeft;
    if (next.scrollTop !== m.scrollTop) box.scrollTop = next.scrollTop;
    if (!follow(next)) drawAhead(next, ahead, AHEAD_NODES);
    const active = activeSet(f);
    for (const id of ids) {
      const node = nodeEls[id];
      if (node) nodeEls[id] = update(node, id);
      for (const e of edgesInto[id]!) {
        const edge = edgeEls[e];
        if (edge) setClass(edge, edgeClass(graph!.edges[e]!, active));
      }
    }
  }

  /**
   * Bring a drawn node up to the frame by rewriting only what differs (its class, the text of
   * a value line): a node parsed anew and swapped in was laid out and styled whole, and the
   * swap itself was a third of a step's script.
   */
  function update(el: Element, id: number): Element {
    const node = graph!.nodes[id]!;
    const lines = nodeLines(graph!, node, frame!);
    const texts = el.getElementsByClassName('adg-node__value');
    // A value line added or dropped (only at a mode's first or last steps): draw it afresh.
    if (texts.length !== lines.length) return replaceSvg(el, renderNode(graph!, layout!, frame!, node));
    setClass(el, nodeClass(graph!, frame!, node));
    lines.forEach((line, i) => {
      const text = texts[i]!;
      if (text.textContent !== line) text.textContent = line;
    });
    return el;
  }

  /**
   * Draw the cells near the view that are not drawn yet, and drop the least recently wanted
   * beyond the budget. Whether anything was drawn.
   */
  function follow(m: BoxMetrics): boolean {
    return drawCells(wantedCells(cellsNear(m)));
  }

  /**
   * Draw, from the view `from`, the cells the views of the `ahead` nodes (in step order) need
   * and are not drawn, until they hold `budget` nodes (empty cells are free).
   */
  function drawAhead(from: BoxMetrics, ahead: readonly number[], budget: number) {
    if (cells === null || ahead.length === 0) return;
    const at = placement(layout!, from.clientWidth);
    let m = from;
    const missing: number[] = [];
    let nodes = 0;
    for (const id of ahead) {
      const { left, top } = scrollToShow(m, at, layout!, id);
      m = { ...m, scrollLeft: left, scrollTop: top };
      for (const key of cellsNear(m)) {
        if (cells.has(key) || missing.includes(key)) continue;
        missing.push(key);
        nodes += contents(key).nodes.length;
        if (nodes >= budget) return void drawCells(wantedCells(missing, false));
      }
    }
    if (missing.length > 0) drawCells(wantedCells(missing, false));
  }

  function drawCells(near: { nodes: number[]; edges: number[] } | null): boolean {
    if (near === null) return false;
    const g = graph!;
    const l = layout!;
    const active = activeSet(frame!);
    const svg = box.querySelector('svg')!;
    shownNodes = sync(svg.querySelector('.adg-nodes')!, nodeEls, shownNodes, near.nodes, (id) => renderNode(g, l, frame!, g.nodes[id]!));
    shownEdges = sync(svg.querySelector('.adg-edges')!, edgeEls, shownEdges, near.edges, (e) => renderEdge(g, l, g.edges[e]!, active));
    return true;
  }

  // The reader pans. Scroll events come once a frame, before its animation callbacks, so the
  // box is read while the layout is still clean (in a requestAnimationFrame callback it may
  // not be: another callback may have changed the page first).
  const onScroll = () => {
    if (cells !== null) follow(metrics());
  };
  box.addEventListener('scroll', onScroll, { passive: true });
  // A new window size or a phone turned changes what the box shows (and the SVG's scale).
  const resized = new ResizeObserver(() => {
    if (cells !== null) follow(metrics());
  });
  resized.observe(box);

  return {
    draw,
    step,
    destroy() {
      resized.disconnect();
      box.removeEventListener('scroll', onScroll);
    },
  };
}

/**
 * Make `group` hold the elements for `want` (ascending), in that order (edges drawn later
 * paint over earlier ones, as in a whole render): those no longer wanted are removed, the new
 * ones parsed in one go and put in place a run at a time from one fragment each. Returns `want`.
 */
function sync(
  group: Element,
  els: (Element | undefined)[],
  shown: readonly number[],
  want: number[],
  render: (i: number) => string,
): number[] {
  const wanted = new Set(want);
  for (const i of shown) {
    if (wanted.has(i)) continue;
    els[i]!.remove();
    els[i] = undefined;
  }
  const missing = want.filter((i) => els[i] === undefined);
  if (missing.length === 0) return want;
  svgParser.innerHTML = missing.map(render).join('');
  const made = [...svgParser.children];
  missing.forEach((i, k) => {
    els[i] = made[k];
  });
  // Walk the wanted in order: a run of new elements goes in before the next one already drawn.
  let run: DocumentFragment | null = null;
  for (const i of want) {
    const el = els[i]!;
    if (el.parentNode === group) {
      if (run) group.insertBefore(run, el);
      run = null;
    } else {
      run ??= document.createDocumentFragment();
      run.append(el);
    }
  }
  if (run) group.append(run);
  return want;
}

/** Set the class only when it differs: most edges into a changed node keep theirs. */
function setClass(el: Element, cls: string) {
  if (el.getAttribute('class') !== cls) el.setAttribute('class', cls);
}

const svgParser = document.createElementNS('http://www.w3.org/2000/svg', 'g');
/** Put the SVG markup in place of `old` and return the new element. */
function replaceSvg(old: Element, html: string): Element {
  svgParser.innerHTML = html;
  const next = svgParser.firstElementChild!;
  old.replaceWith(next);
  return next;
}
