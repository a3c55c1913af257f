// The network diagram: x₁ and x₂ on the left, each hidden unit as a small map of what it
// outputs over the plane, the output's decision map on the right; lines coloured by the
// sign of their weight and as wide as its size, a ring round each unit coloured by its bias.
// Every line and unit is one stop in a roving tab order (arrow keys move); hovering or
// focusing one reads out its value and gradient in a live region. Layout and numbers come
// from the pure ../network.ts.
import type { Gradients } from '../gradcheck.ts';
import { decisionGrid, paint } from '../grid.ts';
import type { Params } from '../model.ts';
import {
  type Box,
  describeItem,
  edgeEnds,
  edgeWidth,
  type Item,
  moveFocus,
  networkItems,
  networkLayout,
  paintSigned,
  UNIT_GRID,
  RING_PAD,
  RING_WIDTH,
  unitFrame,
  unitMap,
  weightScale,
} from '../network.ts';
import type { Activation } from '../state.ts';
import { diverging, type Palette } from './colours.ts';

export interface NetworkView {
  update(params: Params, grads: Gradients | null, activation: Activation, palette: Palette): void;
  destroy(): void;
}

const SVG = 'http://www.w3.org/2000/svg';
const svg = <K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>) => {
  const el = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
};
const fmtScale = (v: number) => (v >= 100 ? v.toExponential(1) : v.toPrecision(2));

export function createNetworkView(container: HTMLElement, readout: HTMLElement, h: number): NetworkView {
  container.textContent = ''; // (the read-out may be in there from a previous view: it is put back below)
  readout.textContent = '';
  const layout = networkLayout(h);
  const items = networkItems(layout);
  const { width: W, height: H } = layout;

  const figure = document.createElement('div');
  figure.className = 'nnp-net-fig';
  figure.style.aspectRatio = `${W} / ${H}`;
  // tabindex -1: Chromium would otherwise make the scrollable-looking <svg> itself a tab stop
  // in front of its items.
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'nnp-net-svg', role: 'group', tabindex: -1 });
  root.setAttribute(
    'aria-label',
    `The network: inputs x₁ and x₂, ${h} hidden unit${h === 1 ? '' : 's'}, one output. Each line and unit is a parameter; arrow keys move between them.`,
  );
  const percent = (b: Box, s = b.s) => ({
    left: `${((b.x - s / 2) / W) * 100}%`,
    top: `${((b.y - s / 2) / H) * 100}%`,
    width: `${(s / W) * 100}%`,
    height: `${(s / H) * 100}%`,
  });

  // Lines first (under the units), then the focusable parts on top of them.
  const lines = new Map<Item, SVGLineElement>();
  const rings = new Map<Item, SVGRectElement>();
  const hits: (SVGElement & HTMLOrSVGElement)[] = [];
  const edgeLayer = svg('g', { 'aria-hidden': 'true' });
  root.append(edgeLayer);
  for (const item of items) {
    if (item.kind === 'edge') {
      const line = svg('line', { ...edgeEnds(item), class: 'nnp-net-edge' });
      edgeLayer.append(line);
      lines.set(item, line);
    } else {
      const ring = svg('rect', { ...unitFrame(item.at!, RING_PAD), rx: 3, 'stroke-width': RING_WIDTH, class: 'nnp-net-ring' });
      edgeLayer.append(ring);
      rings.set(item, ring);
    }
  }
  for (const [i, item] of items.entries()) {
    const hit: SVGElement =
      item.kind === 'edge'
        ? svg('line', { ...edgeEnds(item), class: 'nnp-net-hit nnp-net-hit-edge' })
        : svg('rect', { ...unitFrame(item.at!, 5), rx: 4, class: 'nnp-net-hit nnp-net-hit-unit' });
    hit.setAttribute('tabindex', i === 0 ? '0' : '-1');
    hit.setAttribute('role', 'img');
    hit.setAttribute('aria-label', `${item.name}, ${item.role}`);
    hit.dataset.item = String(i);
    hits.push(hit as SVGElement & HTMLOrSVGElement);
    root.append(hit);
  }
  for (const [i, b] of layout.inputs.entries()) {
    const label = svg('text', {
      x: b.x - b.s / 2 - 4,
      y: b.y,
      class: 'nnp-net-label',
      'text-anchor': 'end',
      'dominant-baseline': 'middle',
    });
    label.textContent = `x${'₁₂'[i]}`;
    root.append(label);
  }
  figure.append(root);

  // The maps, as small canvases over their nodes (CSS smooths the coarse grid).
  const mapCanvas = (b: Box) => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = UNIT_GRID;
    canvas.className = 'nnp-net-map';
    canvas.setAttribute('aria-hidden', 'true');
    Object.assign(canvas.style, percent(b));
    figure.append(canvas);
    return canvas.getContext('2d')!;
  };
  const inputMaps = layout.inputs.map(mapCanvas);
  const hiddenMaps = layout.hidden.map(mapCanvas);
  const outputMap = mapCanvas(layout.output);
  const image = inputMaps[0].createImageData(UNIT_GRID, UNIT_GRID);
  const values = new Float64Array(UNIT_GRID * UNIT_GRID);

  const legend = document.createElement('p');
  legend.className = 'nnp-net-legend';
  legend.innerHTML =
    '<span class="nnp-net-scale"><span data-part="w-lo"></span><span class="nnp-net-bar" aria-hidden="true"></span><span data-part="w-hi"></span></span>' +
    '<span>weights · width ∝ |w| · ring: bias · point at one for its gradient</span>';
  // The read-out floats over the diagram next to what it describes, so it takes no height.
  figure.append(readout);
  container.append(figure, legend);
  const lo = legend.querySelector<HTMLElement>('[data-part="w-lo"]')!;
  const hi = legend.querySelector<HTMLElement>('[data-part="w-hi"]')!;

  let params: Params | null = null;
  let grads: Gradients | null = null;
  let shown: Item | null = null;
  const show = (item: Item) => {
    shown = item;
    if (!params) return;
    readout.textContent = describeItem(item, params, grads);
    const y = (item.at ?? item.to!).y;
    const below = y < H / 2;
    readout.style.top = below ? `calc(${(y / H) * 100}% + 16px)` : '';
    readout.style.bottom = below ? '' : `calc(${((H - y) / H) * 100}% + 16px)`;
  };
  const hide = () => {
    if (root.contains(document.activeElement)) return;
    shown = null;
    readout.textContent = '';
  };
  const itemOf = (e: Event) => {
    const el = (e.target as Element).closest?.('[data-item]') as SVGElement | null;
    return el ? { el, item: items[Number(el.dataset.item)] } : null;
  };
  const onOver = (e: Event) => {
    const hit = itemOf(e);
    if (hit) show(hit.item);
  };
  const onFocus = (e: Event) => {
    const hit = itemOf(e);
    if (!hit) return;
    for (const other of hits) other.setAttribute('tabindex', other === hit.el ? '0' : '-1');
    show(hit.item);
  };
  const onKey = (e: KeyboardEvent) => {
    const hit = itemOf(e);
    if (!hit) return;
    const next = moveFocus(items, hit.item, e.key);
    if (!next) return;
    e.preventDefault();
    hits[items.indexOf(next)].focus();
  };
  root.addEventListener('pointerover', onOver);
  root.addEventListener('pointerleave', hide);
  root.addEventListener('focusout', hide);
  root.addEventListener('focusin', onFocus);
  root.addEventListener('keydown', onKey);

  return {
    update(p, g, activation, palette) {
      params = p;
      grads = g;
      const scale = weightScale(p);
      lo.textContent = `−${fmtScale(scale)}`;
      hi.textContent = `+${fmtScale(scale)}`;
      for (const [item, line] of lines) {
        const w = p[item.param][item.index];
        line.setAttribute('stroke', diverging(palette, w, scale));
        line.setAttribute('stroke-width', edgeWidth(w, scale).toFixed(2));
      }
      let biasScale = 0;
      for (const v of [...p.b1, p.b2[0]]) if (Number.isFinite(v)) biasScale = Math.max(biasScale, Math.abs(v));
      for (const [item, ring] of rings) ring.setAttribute('stroke', diverging(palette, p[item.param][item.index], biasScale));
      // Inputs: x₁ and x₂ themselves over the plane.
      for (const [i, ctx] of inputMaps.entries()) {
        for (let r = 0; r < UNIT_GRID; r++)
          for (let k = 0; k < UNIT_GRID; k++) values[r * UNIT_GRID + k] = i === 0 ? k - (UNIT_GRID - 1) / 2 : (UNIT_GRID - 1) / 2 - r;
        paintSigned(values, (UNIT_GRID - 1) / 2, palette.c0, palette.c1, palette.bg, palette.fg, image.data);
        ctx.putImageData(image, 0, 0);
      }
      for (const [j, ctx] of hiddenMaps.entries()) {
        const { scale: s } = unitMap(p, activation, j, UNIT_GRID, values);
        paintSigned(values, s, palette.c0, palette.c1, palette.bg, palette.fg, image.data);
        ctx.putImageData(image, 0, 0);
      }
      decisionGrid(p, activation, UNIT_GRID, values);
      paint(values, palette.c0, palette.c1, palette.bg, image.data);
      outputMap.putImageData(image, 0, 0);
      if (shown) show(shown);
    },
    destroy() {
      root.removeEventListener('pointerover', onOver);
      root.removeEventListener('pointerleave', hide);
      root.removeEventListener('focusout', hide);
      root.removeEventListener('focusin', onFocus);
      root.removeEventListener('keydown', onKey);
    },
  };
}
