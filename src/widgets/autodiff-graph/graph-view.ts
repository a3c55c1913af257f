// The graph's SVG in the browser. A large graph keeps in the DOM only the nodes and edges
// near the part of it its box shows (viewport.ts), adding and dropping elements as the reader
// pans or a step pans to its node; a step updates just the nodes it changed, in place. Every read of
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
  inside,
  nodesIn,
  placement,
  scrollToShow,
  visibleRect,
} from './viewport.ts';

/** Drawn beyond the box on every side (layout units): about a rank across, four rows down. */
const MARGIN = 240;
/**
 * Elements kept after they leave the window, the least recently seen dropped first. A step
 * often jumps between a few far-apart places (a term's ops on the left, the running sum on
 * the right) and back; kept, those places cost nothing on the way back.
 */
const KEEP = { nodes: 360, edges: 720 };

export interface GraphView {
  /** Draw `frame` of a new graph, or any frame not next to the last one, from scratch. */
  draw(graph: Graph, layout: Layout, frame: Frame): void;
  /** Move to a neighbouring frame: pan to its node, then update only the nodes `ids` and the edges into them. */
  step(frame: Frame, ids: Iterable<number>): void;
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
  /** When each node and edge was last in the window (a count of windows). */
  let seenNodes = new Uint32Array(0);
  let seenEdges = new Uint32Array(0);
  let windows = 0;
  /** The region drawn, or null when the whole graph is. */
  let drawn: Rect | null = null;

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

  function windowFor(m: BoxMetrics): Rect | null {
    if (graph!.nodes.length <= DRAW_WHOLE_MAX) return null;
    return grow(visibleRect(m, placement(layout!, m.clientWidth)), MARGIN);
  }

  function draw(g: Graph, l: Layout, f: Frame) {
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
    drawn = windowFor(next);
    shownNodes = drawn ? nodesIn(l, drawn) : g.nodes.map((n) => n.id);
    shownEdges = drawn ? edgesIn(edgeIndex!, drawn) : g.edges.map((_, i) => i);
    // Only a new graph changes the width, which every element inside inherits.
    const width = `${Math.ceil(l.width)}px`;
    if (box.style.getPropertyValue('--adg-w') !== width) box.style.setProperty('--adg-w', width);
    box.innerHTML = renderSvg(g, l, f, { nodes: shownNodes, edges: shownEdges });
    nodeEls = [];
    edgeEls = [];
    seenNodes = new Uint32Array(g.nodes.length);
    seenEdges = new Uint32Array(g.edges.length);
    windows = 0;
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
  }

  function step(f: Frame, ids: Iterable<number>) {
    const m = metrics();
    frame = f;
    const next = target(m);
    // Scrolling first, while the layout is still the last frame's, costs no layout.
    if (next.scrollLeft !== m.scrollLeft) box.scrollLeft = next.scrollLeft;
    if (next.scrollTop !== m.scrollTop) box.scrollTop = next.scrollTop;
    follow(next);
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

  /** Bring the drawn region along once the visible part comes within half a margin of its edge. */
  function follow(m: BoxMetrics) {
    if (drawn === null || graph === null) return;
    const seen = visibleRect(m, placement(layout!, m.clientWidth));
    if (inside(seen, grow(drawn, -MARGIN / 2))) return;
    drawn = grow(seen, MARGIN);
    const g = graph;
    const l = layout!;
    const f = frame!;
    const active = activeSet(f);
    const svg = box.querySelector('svg')!;
    windows++;
    shownNodes = sync(
      { group: svg.querySelector('.adg-nodes')!, els: nodeEls, seen: seenNodes, keep: KEEP.nodes, now: windows },
      shownNodes,
      nodesIn(l, drawn),
      (id) => renderNode(g, l, f, g.nodes[id]!),
    );
    shownEdges = sync(
      { group: svg.querySelector('.adg-edges')!, els: edgeEls, seen: seenEdges, keep: KEEP.edges, now: windows },
      shownEdges,
      edgesIn(edgeIndex!, drawn),
      (e) => renderEdge(g, l, g.edges[e]!, active),
    );
  }

  // The reader pans. Scroll events come once a frame, before its animation callbacks, so the
  // box is read while the layout is still clean (in a requestAnimationFrame callback it may
  // not be: another callback may have changed the page first).
  const onScroll = () => {
    if (drawn !== null) follow(metrics());
  };
  box.addEventListener('scroll', onScroll, { passive: true });
  // A new window size or a phone turned changes what the box shows (and the SVG's scale).
  const resized = new ResizeObserver(() => {
    if (drawn !== null) follow(metrics());
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

interface Drawn {
  group: Element;
  /** Element by index; a gap is one not drawn. */
  els: (Element | undefined)[];
  /** Window count at which each index was last wanted. */
  seen: Uint32Array;
  keep: number;
  now: number;
}

/**
 * Make the group hold the elements for `want` (ascending) and, up to `keep` in all, those
 * seen most recently; document order is kept (edges drawn later paint over earlier ones, as in
 * a whole render). New elements are parsed in one go. Returns the indices now drawn, ascending.
 */
function sync(d: Drawn, shown: readonly number[], want: readonly number[], render: (i: number) => string): number[] {
  for (const i of want) d.seen[i] = d.now;
  const missing = want.filter((i) => d.els[i] === undefined);
  const old = shown.filter((i) => d.seen[i] !== d.now);
  const drop = old.length + want.length - d.keep;
  if (drop > 0) {
    for (const i of old.sort((a, b) => d.seen[a]! - d.seen[b]!).slice(0, drop)) {
      d.els[i]!.remove();
      d.els[i] = undefined;
    }
  }
  if (missing.length > 0) {
    svgParser.innerHTML = missing.map(render).join('');
    const made = [...svgParser.children];
    missing.forEach((i, k) => {
      d.els[i] = made[k];
    });
  }
  const now = [...shown.filter((i) => d.els[i] !== undefined && d.seen[i] !== d.now), ...want].sort((a, b) => a - b);
  // Each element goes before the next one drawn, which is already in place.
  let before: Element | null = null;
  for (let k = now.length - 1; k >= 0; k--) {
    const el = d.els[now[k]!]!;
    if (el.parentNode !== d.group) d.group.insertBefore(el, before);
    before = el;
  }
  return now;
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
