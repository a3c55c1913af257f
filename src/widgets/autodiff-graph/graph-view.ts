// The graph in the browser. Up to DRAW_WHOLE_MAX nodes it is the SVG the build drew (render.ts),
// whole, and a step updates just the nodes it changed, in place; a larger graph (one a reader
// typed) goes on a canvas the size of the box's view (canvas-view.ts). Every read of the box
// (scroll position, size) comes before the first write, so a step never forces a layout: the
// pan is worked out from the layout, not measured off the drawn nodes.
import { canvasView } from './canvas-view.ts';
import type { Layout } from './layout.ts';
import type { Graph } from './model.ts';
import { activeSet, edgeClass, nodeClass, nodeLines, renderNode, renderSvg } from './render.ts';
import type { Frame } from './stepper.ts';
import { DRAW_WHOLE_MAX, panToShow, readBox } from './viewport.ts';

export interface GraphView {
  /** Draw `frame` of a new graph, or any frame not next to the last one, from scratch. */
  draw(graph: Graph, layout: Layout, frame: Frame): void;
  /** Move to a neighbouring frame: pan to its node, then update the nodes `ids` and the edges into them. */
  step(frame: Frame, ids: Iterable<number>): void;
  /** Stop following the reader's panning and the theme. */
  destroy(): void;
}

export function graphView(box: HTMLElement): GraphView {
  const large = canvasView(box);
  let onCanvas = false;
  let graph: Graph | null = null;
  let layout: Layout | null = null;
  let frame: Frame | null = null;
  let edgesInto: number[][] = [];
  /** Drawn elements by node id and edge index. */
  let nodeEls: Element[] = [];
  let edgeEls: Element[] = [];

  function draw(g: Graph, l: Layout, f: Frame) {
    onCanvas = g.nodes.length > DRAW_WHOLE_MAX;
    graph = g;
    layout = l;
    frame = f;
    if (onCanvas) return printing ? undefined : large.draw(g, l, f);
    large.release();
    const m = readBox(box);
    edgesInto = g.nodes.map(() => []);
    g.edges.forEach((e, i) => {
      edgesInto[e.to]!.push(i);
    });
    // Only a new graph changes the width, which every element inside inherits.
    const width = `${Math.ceil(l.width)}px`;
    if (box.style.getPropertyValue('--adg-w') !== width) box.style.setProperty('--adg-w', width);
    box.innerHTML = renderSvg(g, l, f);
    nodeEls = [...box.querySelectorAll('.adg-node')];
    edgeEls = [...box.querySelectorAll('.adg-edge')];
    // The new SVG has to be laid out before the box can scroll over it: one forced layout.
    panToShow(box, m, l, f.current);
  }

  function step(f: Frame, ids: Iterable<number>) {
    frame = f;
    if (onCanvas) return printing ? undefined : large.step(f);
    // Scrolling first, while the layout is still the last frame's, costs no layout.
    panToShow(box, readBox(box), layout!, f.current);
    const active = activeSet(f);
    for (const id of ids) {
      nodeEls[id] = update(nodeEls[id]!, id);
      for (const e of edgesInto[id]!) setClass(edgeEls[e]!, edgeClass(graph!.edges[e]!, active));
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

  // The canvas holds only the box's view, so printed it showed a window onto a large graph.
  // For print the graph is the whole SVG (autodiff-graph.css lets the box grow to it and fit
  // the page's width), and back on a canvas after.
  let printing = false;
  const beforePrint = () => {
    if (!onCanvas || !graph) return;
    printing = true;
    large.release();
    box.innerHTML = renderSvg(graph, layout!, frame!);
  };
  const afterPrint = () => {
    if (!printing) return;
    printing = false;
    if (onCanvas) large.draw(graph!, layout!, frame!);
  };
  addEventListener('beforeprint', beforePrint);
  addEventListener('afterprint', afterPrint);

  return {
    draw,
    step,
    destroy() {
      removeEventListener('beforeprint', beforePrint);
      removeEventListener('afterprint', afterPrint);
      large.destroy();
    },
  };
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
