// Build-time side of the playground: the static HTML a reader sees before, or without,
// JavaScript — the real initial weights' decision boundary as a PNG mask (encoded here, in
// Node), the points, the statistics at step 0 and every control, disabled until element.ts
// enables them. Build-only: never imported by browser code.
import type { RenderStatic } from '../types.ts';
import { escapeHtml } from '../html.ts';
import { GRID, decisionGrid, probabilityMask } from './grid.ts';
import { DEFAULT_SPEED, SPEEDS, plotLabel, pointsSvg, settingsHtml, statsHtml, tabsHtml, type TabName } from './markup.ts';
import { accuracy, loss } from './model.ts';
import { encodePng, pngDataUri } from './png.build.ts';
import { initialRun } from './seeds.ts';
import type { spec } from './spec.ts';
import type { State } from './state.ts';

export const renderStatic: RenderStatic<typeof spec> = ({ tab, ...state }) => renderStaticHtml(state, tab);

/** Training steps per frame: a view setting (not in the URL), kept with the other settings. */
const speedHtml = `<label>Speed<select name="speed" disabled>${SPEEDS.map((v) => `<option value="${v}"${v === DEFAULT_SPEED ? ' selected' : ''}>${v} step${v === 1 ? '' : 's'}/frame</option>`).join('')}</select></label>`;

export function renderStaticHtml(state: State, tab: TabName = 'network'): string {
  const { data, params } = initialRun(state);
  const mask = pngDataUri(encodePng(GRID, GRID, probabilityMask(decisionGrid(params, state.activation)), 2));
  const { x: xr, y: yr } = data.train;
  const { x: xt, y: yt } = data.test;
  return `<div class="nnp" data-nnp>
<div class="nnp-main">
  <div class="nnp-plot" data-part="plot">
    <div class="nnp-picture" data-part="picture" role="img" aria-label="${escapeHtml(plotLabel(state))}">
      <div class="nnp-heat nnp-heat-static" data-part="heat"><div style="mask-image:url(${mask})"></div></div>
      ${pointsSvg(data)}
    </div>
    <p class="nnp-probe" data-part="probe" hidden></p>
  </div>
  <div class="nnp-side">
    <div class="nnp-transport">
      <button type="button" class="nnp-primary" data-act="play" aria-keyshortcuts="p" disabled>▶ Play</button>
      <button type="button" data-act="step" aria-keyshortcuts="s" disabled>Step</button>
      <button type="button" data-act="reset" aria-keyshortcuts="r" disabled>Reset</button>
    </div>
    ${statsHtml(0, loss(params, state.activation, xr, yr), loss(params, state.activation, xt, yt), accuracy(params, state.activation, xr, yr), accuracy(params, state.activation, xt, yt))}
  </div>
</div>
<div class="nnp-overlay" data-part="overlay" role="alert" hidden><p data-part="overlay-text"></p><button type="button" data-act="reset-overlay">Reset weights</button></div>
<p class="nnp-key"><span class="nnp-key-c1">blue</span> <span class="nnp-key-c0">orange</span> <span class="nnp-key-test">test point</span> shade: P(blue)</p>
<p class="nnp-notice" data-part="notice" role="status" hidden></p>
<noscript><p class="nnp-notice">JavaScript is off, so this is the network as it starts, drawn when the page was built: its random first weights, their loss and accuracy, and below, the quantities one backprop pass computes with their shapes. Training, the network diagram, the loss curves and the gradient check need JavaScript.</p></noscript>
${tabsHtml(state, data, tab)}
${settingsHtml(state, speedHtml)}
</div>`;
}
