// The graph's SVG in the browser. A large graph keeps in the DOM only the nodes and edges
// near the part of it its box shows (viewport.ts), adding and dropping elements as the reader
// pans or a step pans to its node; a step redraws just the nodes it touched. Every read of
// the box (scroll position, size) comes before the first write, so a step never forces a
// layout: the pan is worked out from the layout, not measured off the drawn nodes.
import type { Layout } from './layout.ts';
import type { Graph } from './model.ts';
import { activeSet, renderEdge, renderNode, renderSvg } from './render.ts';
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

export interface GraphView {
  /** Draw `frame` of a new graph, or any frame not next to the last one, from scratch. */
  draw(graph: Graph, layout: Layout, frame: Frame): void;
  /** Move to a neighbouring frame: pan to its node, then redraw only the nodes `ids` and the edges into them. */
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
      if (node) nodeEls[id] = replaceSvg(node, renderNode(graph!, layout!, f, graph!.nodes[id]!));
      for (const e of edgesInto[id]!) {
        const edge = edgeEls[e];
        if (edge) edgeEls[e] = replaceSvg(edge, renderEdge(graph!, layout!, graph!.edges[e]!, active));
      }
    }
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
    shownNodes = sync(svg.querySelector('.adg-nodes')!, shownNodes, nodesIn(l, drawn), nodeEls, (id) => renderNode(g, l, f, g.nodes[id]!));
    shownEdges = sync(svg.querySelector('.adg-edges')!, shownEdges, edgesIn(edgeIndex!, drawn), edgeEls, (e) =>
      renderEdge(g, l, g.edges[e]!, active),
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

/**
 * Make `group` hold the elements for `want` (ascending), keeping those already drawn and
 * document order (edges drawn later paint over earlier ones, as in a whole render). New
 * elements are parsed in one go; returns `want`.
 */
function sync(
  group: Element,
  shown: readonly number[],
  want: number[],
  els: (Element | undefined)[],
  render: (i: number) => string,
): number[] {
  const keep = new Set(want);
  for (const i of shown) {
    if (keep.has(i)) continue;
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
  // Each element goes before the next one wanted, which is already in place.
  let before: Element | null = null;
  for (let k = want.length - 1; k >= 0; k--) {
    const el = els[want[k]!]!;
    if (el.parentNode !== group) group.insertBefore(el, before);
    before = el;
  }
  return want;
}

const svgParser = document.createElementNS('http://www.w3.org/2000/svg', 'g');
/** Put the SVG markup in place of `old` and return the new element. */
function replaceSvg(old: Element, html: string): Element {
  svgParser.innerHTML = html;
  const next = svgParser.firstElementChild!;
  old.replaceWith(next);
  return next;
}
