// Left-to-right layered layout of a computational graph, written for this widget after
// measuring the two libraries the issue named (bench/graph.bench.ts has the numbers):
// dagre lays out a 50-step unrolled recurrence (202 nodes) in ~4 s and 400 nodes in ~25 s,
// because every long edge (a weight used at every step) becomes a chain of dummy nodes;
// elkjs's bundle is 450 KB gzipped, eleven times the page's whole JavaScript budget.
// A tape is already a topological order, so a Sugiyama-style layout without dummy nodes is
// a few linear passes: rank = longest path from the inputs; order within a rank by the
// barycentre of neighbours (alternating sweeps, to cut crossings); y by the mean of the
// neighbours' y, pushed apart to keep a minimum gap. Pure, no DOM: runs at build time too.

export interface LayoutInput {
  id: number;
  /** Ids of the nodes this one reads (earlier on the tape). */
  inputs: readonly number[];
  /** Leaves that are not variables sit just before their first reader. */
  floating?: boolean;
}

export interface Layout {
  x: Float64Array;
  y: Float64Array;
  rank: Int32Array;
  width: number;
  height: number;
  nodeWidth: number;
  nodeHeight: number;
}

export interface LayoutOptions {
  nodeWidth?: number;
  nodeHeight?: number;
  /** Horizontal gap between ranks. */
  rankGap?: number;
  /** Vertical gap between nodes of a rank. */
  nodeGap?: number;
  padding?: number;
}

/**
 * Lay out nodes given in tape order (`nodes[i].id === i`, inputs point backwards).
 * @example layoutGraph([{ id: 0, inputs: [] }, { id: 1, inputs: [0] }]).rank // Int32Array [0, 1]
 */
export function layoutGraph(nodes: readonly LayoutInput[], options: LayoutOptions = {}): Layout {
  // Room for three lines of 13-unit text (autodiff-graph.css), the longest a dual number
  // such as "−0.9589 + −0.284ε"; render.ts places the lines.
  const { nodeWidth = 128, nodeHeight = 58, rankGap = 44, nodeGap = 16, padding = 8 } = options;
  const n = nodes.length;
  const rank = new Int32Array(n);
  const readers: number[][] = nodes.map(() => []);
  for (const node of nodes) for (const from of node.inputs) readers[from]!.push(node.id);
  // Longest path from the inputs, ignoring floating leaves (they move next to their reader).
  for (const node of nodes) {
    let r = 0;
    for (const from of node.inputs) if (!nodes[from]!.floating) r = Math.max(r, rank[from]! + 1);
    if (node.inputs.length > 0) r = Math.max(r, 1);
    rank[node.id] = r;
  }
  for (const node of nodes) {
    if (!node.floating || readers[node.id]!.length === 0) continue;
    let r = Infinity;
    for (const to of readers[node.id]!) r = Math.min(r, rank[to]! - 1);
    rank[node.id] = Math.max(0, r);
  }
  let ranks = 0;
  for (let i = 0; i < n; i++) ranks = Math.max(ranks, rank[i]! + 1);
  const layers: number[][] = Array.from({ length: ranks }, () => []);
  for (let i = 0; i < n; i++) layers[rank[i]!]!.push(i);

  // Order within ranks: barycentre sweeps, left to right then right to left.
  const pos = new Float64Array(n);
  const setPositions = () => {
    for (const layer of layers) {
      layer.forEach((id, k) => {
        pos[id] = k / Math.max(1, layer.length - 1);
      });
    }
  };
  setPositions();
  const barycentre = (id: number, neighbours: readonly number[]) => {
    if (neighbours.length === 0) return pos[id]!;
    let s = 0;
    for (const m of neighbours) s += pos[m]!;
    return s / neighbours.length;
  };
  for (let sweep = 0; sweep < 4; sweep++) {
    const down = sweep % 2 === 0;
    for (let k = 0; k < ranks; k++) {
      const layer = layers[down ? k : ranks - 1 - k]!;
      const key = new Map(layer.map((id) => [id, barycentre(id, down ? nodes[id]!.inputs : readers[id]!)]));
      layer.sort((a, b) => key.get(a)! - key.get(b)! || a - b);
      layer.forEach((id, i) => {
        pos[id] = i / Math.max(1, layer.length - 1);
      });
    }
  }

  // y: stack each rank, then pull every node towards its neighbours' mean and push apart again.
  const step = nodeHeight + nodeGap;
  const y = new Float64Array(n);
  let tallest = 0;
  for (const layer of layers) tallest = Math.max(tallest, layer.length);
  for (const layer of layers) {
    const offset = ((tallest - layer.length) * step) / 2;
    layer.forEach((id, i) => {
      y[id] = offset + i * step;
    });
  }
  for (let iter = 0; iter < 4; iter++) {
    const down = iter % 2 === 0;
    for (let k = 0; k < ranks; k++) {
      const layer = layers[down ? k : ranks - 1 - k]!;
      const want = layer.map((id) => {
        const nb = down ? nodes[id]!.inputs : readers[id]!;
        if (nb.length === 0) return y[id]!;
        let s = 0;
        for (const m of nb) s += y[m]!;
        return s / nb.length;
      });
      packLayer(layer, want, y, step);
    }
  }
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minY = Math.min(minY, y[i]!);
    maxY = Math.max(maxY, y[i]!);
  }
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = padding + rank[i]! * (nodeWidth + rankGap);
    y[i] = padding + y[i]! - (n > 0 ? minY : 0);
  }
  return {
    x,
    y,
    rank,
    width: 2 * padding + ranks * nodeWidth + Math.max(0, ranks - 1) * rankGap,
    height: 2 * padding + (n > 0 ? maxY - minY : 0) + nodeHeight,
    nodeWidth,
    nodeHeight,
  };
}

/**
 * Place a rank's nodes (in their order) as close to `want` as the minimum spacing allows:
 * push down from the top, then shift the whole rank so it is off by nothing on average.
 */
function packLayer(layer: readonly number[], want: readonly number[], y: Float64Array, step: number): void {
  let prev = -Infinity;
  let drift = 0;
  layer.forEach((id, i) => {
    const v = Math.max(want[i]!, prev + step);
    y[id] = v;
    drift += v - want[i]!;
    prev = v;
  });
  const shift = layer.length > 0 ? drift / layer.length : 0;
  for (const id of layer) y[id] = y[id]! - shift;
}

/**
 * The cubic Bézier of an edge: from the right side of one box to a port on the left of another;
 * the control points are (x1 + dx, y1) and (x2 − dx, y2).
 */
export function edgeCurve(layout: Layout, from: number, to: number, slot: number, slots: number) {
  const x1 = layout.x[from]! + layout.nodeWidth;
  const y1 = layout.y[from]! + layout.nodeHeight / 2;
  const x2 = layout.x[to]!;
  const y2 = layout.y[to]! + (layout.nodeHeight * (slot + 1)) / (slots + 1);
  const dx = Math.max(16, (x2 - x1) / 2);
  return { x1, y1, x2, y2, dx };
}

/** A smooth left-to-right edge as an SVG path. */
export function edgePath(layout: Layout, from: number, to: number, slot: number, slots: number): string {
  const { x1, y1, x2, y2, dx } = edgeCurve(layout, from, to, slot, slots);
  return `M${r(x1)} ${r(y1)}C${r(x1 + dx)} ${r(y1)} ${r(x2 - dx)} ${r(y2)} ${r(x2)} ${r(y2)}`;
}

/** The point a fraction `t` along an edge's curve, e.g. for its label. */
export function edgePoint(layout: Layout, from: number, to: number, slot: number, slots: number, t: number): [number, number] {
  const { x1, y1, x2, y2, dx } = edgeCurve(layout, from, to, slot, slots);
  const u = 1 - t;
  const x = u ** 3 * x1 + 3 * u * u * t * (x1 + dx) + 3 * u * t * t * (x2 - dx) + t ** 3 * x2;
  const y = u ** 3 * y1 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t ** 3 * y2;
  return [x, y];
}

const r = (v: number) => Math.round(v * 10) / 10;
