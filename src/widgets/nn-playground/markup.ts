// The playground's markup, shared by the build (static.build.ts writes the first frame with
// it) and the browser (element.ts redraws parts with the same functions): strings only, no
// DOM, no Node.
import { escapeHtml } from '../html.ts';
import { DOMAIN, type Data } from './datasets.ts';
import { PASS_ORDER, type PassName, passFormulas } from './formulas.ts';
import { type Activation, FIELDS, LEARNING_RATES, type State } from './state.ts';

/**
 * Training steps per animation frame the reader can pick. Not part of the URL: the speed
 * changes how fast a run unfolds, never which run it is. 10 is the default (and the
 * benchmark's target); 1 lets you watch the first steps, or the sign mistake, unfold.
 */
export const SPEEDS = [1, 3, 10, 30] as const;
export const DEFAULT_SPEED = 10;

export const DATASET_NAMES: Record<string, string> = {
  flower: 'planar flower',
  circles: 'two circles',
  xor: 'XOR quadrants',
  spirals: 'two spirals',
  moons: 'two moons',
  blobs: 'gaussian blobs',
};

const TABS = [
  ['network', 'Network'],
  ['loss', 'Loss'],
  ['pass', 'Backprop'],
  ['check', 'Grad check'],
] as const;
export type TabName = (typeof TABS)[number][0];
export const TAB_NAMES: readonly TabName[] = TABS.map(([name]) => name);

/** The network in one line: the settings' summary (its <summary>), updated with the run. */
export function caption(state: State): string {
  return `A 2–${state.hidden}–1 network, ${state.activation === 'min' ? 'min(x, 0)' : state.activation}, ${DATASET_NAMES[state.dataset]}`;
}

export function plotLabel(state: State): string {
  return `Decision boundary of the network on the ${DATASET_NAMES[state.dataset]} data set, with the data points`;
}

/** All points as SVG circles in data coordinates (y up); test points are rings. */
export function pointsSvg(data: Data): string {
  const out: string[] = [];
  const add = (x: Float64Array, y: Float64Array, test: boolean) => {
    for (let i = 0; i < y.length; i++) {
      out.push(`<circle class="c${y[i]}${test ? ' test' : ''}" cx="${x[2 * i].toFixed(2)}" cy="${(-x[2 * i + 1]).toFixed(2)}" r=".09"/>`);
    }
  };
  add(data.train.x, data.train.y, false);
  add(data.test.x, data.test.y, true);
  const d = DOMAIN;
  return `<svg class="nnp-points" data-part="points" viewBox="${-d} ${-d} ${2 * d} ${2 * d}" aria-hidden="true"><path class="nnp-axis" d="M${-d} 0H${d}M0 ${-d}V${d}"/>${out.join('')}</svg>`;
}

export function formatLoss(v: number): string {
  return Number.isFinite(v) ? v.toFixed(4) : String(v).replace('Infinity', '∞');
}
export function formatPercent(v: number): string {
  return Number.isFinite(v) ? `${(v * 100).toFixed(1)} %` : '–';
}

export function statsHtml(step: number, trainLoss: number, testLoss: number, trainAcc: number, testAcc: number): string {
  const row = (label: string, part: string, value: string) => `<div><dt>${label}</dt><dd data-part="${part}">${value}</dd></div>`;
  return `<dl class="nnp-stats">${[
    row('Step', 'step', String(step)),
    row('Epochs', 'epochs', '0'),
    row('Train loss', 'train-loss', formatLoss(trainLoss)),
    row('Test loss', 'test-loss', formatLoss(testLoss)),
    row('Train accuracy', 'train-acc', formatPercent(trainAcc)),
    row('Test accuracy', 'test-acc', formatPercent(testAcc)),
  ].join('')}</dl>`;
}

export function tabsHtml(state: State, data: Data, tab: TabName): string {
  const buttons = TABS.map(
    ([name, label]) =>
      `<button type="button" role="tab" data-tab="${name}" aria-selected="${name === tab}" tabindex="${name === tab ? 0 : -1}" disabled>${label}</button>`,
  ).join('');
  const hidden = (name: TabName) => (name === tab ? '' : ' hidden');
  return `<div class="nnp-tabs" role="tablist" aria-label="Views">${buttons}</div>
<section class="nnp-panel" role="tabpanel" data-panel="network"${hidden('network')}>
  <div class="nnp-net" data-part="net"><p class="nnp-net-wait">The diagram of the network (inputs, ${state.hidden} hidden unit${state.hidden === 1 ? '' : 's'}, output) is drawn when the figure starts.</p></div>
  <p class="nnp-net-readout" data-part="net-readout" aria-live="polite"></p>
</section>
<section class="nnp-panel" role="tabpanel" data-panel="loss"${hidden('loss')}>
  <div class="nnp-chart-box"><canvas class="nnp-chart" data-part="chart" role="img" aria-label="Training and test loss by step"></canvas><p class="nnp-chart-note" data-part="chart-note">Press Play or Step: the train and test loss curves are drawn here as the network learns.</p></div>
  <div class="nnp-legend"><span class="train">train loss</span><span class="test">test loss</span>${axisSelect(state)}</div>
</section>
<section class="nnp-panel" role="tabpanel" data-panel="pass"${hidden('pass')}>
  ${passTableHtml(data.train.m, state)}
</section>
<section class="nnp-panel" role="tabpanel" data-panel="check"${hidden('check')}>
  <label class="nnp-field nnp-field-inline">${FIELDS.formula.label}
    <select name="formula" disabled>
      <option value="correct"${state.formula === 'correct' ? ' selected' : ''}>σ(z)(1 − σ(z)) — correct</option>
      <option value="flipped"${state.formula === 'flipped' ? ' selected' : ''}>σ(z)(σ(z) − 1) — the classic mistake</option>
    </select>
  </label>
  <table class="nnp-table" data-part="check">
    <caption class="nnp-sr">Largest relative error between each pair of gradients</caption>
    <thead><tr><th scope="col">pair</th><th scope="col" class="nnp-num">max rel. error</th><th scope="col">verdict</th></tr></thead>
    <tbody>
      <tr><th scope="row">formulas vs engine</th><td class="nnp-num" data-part="e-he">–</td><td class="nnp-verdict" data-part="v-he">–</td></tr>
      <tr><th scope="row">formulas vs finite diff.</th><td class="nnp-num" data-part="e-hn">–</td><td class="nnp-verdict" data-part="v-hn">–</td></tr>
      <tr><th scope="row">engine vs finite diff.</th><td class="nnp-num" data-part="e-en">–</td><td class="nnp-verdict" data-part="v-en">–</td></tr>
    </tbody>
  </table>
  <p class="nnp-readout" data-part="check-note">Whole training set, current weights; central differences with ε = 10⁻⁵; “agree”: error below 10⁻⁵.</p>
</section>`;
}

/** A bracketed group this short stays on one line: "(1 − A2)" is never split after "(1". */
const SHORT_GROUP = 14;

/**
 * `text` with the spaces inside its short (…) and […] groups made no-break spaces, so a narrow
 * column breaks a formula only between its terms.
 * @example keepGroups('dA2 ⊙ (1 − A2)') // 'dA2 ⊙ (1\u00a0−\u00a0A2)'
 */
export function keepGroups(text: string): string {
  const chars = [...text];
  const open: number[] = [];
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] === '(' || chars[i] === '[') open.push(i);
    else if ((chars[i] === ')' || chars[i] === ']') && open.length > 0) {
      const start = open.pop()!;
      if (i - start + 1 > SHORT_GROUP) continue;
      for (let j = start; j < i; j++) if (chars[j] === ' ') chars[j] = '\u00a0';
    }
  }
  return chars.join('');
}

/**
 * The pass's formulas as the pass view sets them: the model's (passFormulas), each with its
 * short bracketed groups kept whole, in the static table and in every live update alike.
 * @example passFormulaText('sigmoid').dZ1 // 'dA1 ⊙ A1 ⊙ (1\u00a0−\u00a0A1)'
 */
export function passFormulaText(activation: Activation, mistake = false): Record<PassName, string> {
  const written = passFormulas(activation, mistake);
  for (const name of PASS_ORDER) written[name] = keepGroups(written[name]);
  return written;
}

/** How many entries of each quantity the pass view prints. */
export const PASS_VALUES = 4;

/** The backprop-pass table: name, formula, shape (m = training rows, h = hidden). */
export function passTableHtml(m: number, state: Pick<State, 'hidden' | 'activation' | 'formula'>): string {
  const h = state.hidden;
  const formulas = passFormulaText(state.activation, state.formula === 'flipped');
  const shapes: Record<string, string> = {
    Z1: `${m} × ${h}`,
    A1: `${m} × ${h}`,
    Z2: `${m} × 1`,
    A2: `${m} × 1`,
    dA2: `${m} × 1`,
    dZ2: `${m} × 1`,
    dW2: `${h} × 1`,
    db2: '1 × 1',
    dA1: `${m} × ${h}`,
    dZ1: `${m} × ${h}`,
    dW1: `2 × ${h}`,
    db1: `1 × ${h}`,
  };
  const rows = PASS_ORDER.map(
    (name, i) =>
      `<tr class="${name.startsWith('d') ? 'back' : 'fwd'}"><th scope="row"><code class="nnp-q">${i + 1}. ${name}</code> <code class="nnp-formula" data-formula="${name}">${escapeHtml(formulas[name])}</code></th><td class="nnp-num" data-shape="${name}">${shapes[name]}</td><td class="nnp-vals" data-vals="${name}"></td></tr>`,
  ).join('');
  return `<table class="nnp-table nnp-pass" data-part="pass">
<caption class="nnp-sr">One forward and backward pass in the order it is computed</caption>
<thead><tr><th scope="col">quantity</th><th scope="col" class="nnp-num">shape</th><th scope="col">first entries</th></tr></thead>
<tbody>${rows}</tbody></table>
<p class="nnp-readout">On the whole training set, with the current weights. dV is ∂L/∂V; [·] is 1 where true, 0 elsewhere. First entries: the first ${PASS_VALUES}, row by row (orange negative, blue positive).</p>`;
}

function axisSelect(state: State): string {
  const options = FIELDS.lossAxis.values
    .map((v) => `<option value="${v}"${v === state.lossAxis ? ' selected' : ''}>${v}</option>`)
    .join('');
  return `<label class="nnp-axis-pick">${FIELDS.lossAxis.label} <select name="lossAxis" disabled>${options}</select></label>`;
}

export function settingsHtml(state: State, speedHtml = ''): string {
  const range = (name: 'points' | 'noise' | 'split' | 'hidden', step: number, show = String(state[name])) => {
    const f = FIELDS[name];
    return `<label>${f.label} <output data-out="${name}">${show}</output><input type="range" name="${name}" min="${f.min}" max="${f.max}" step="${step}" value="${state[name]}" disabled></label>`;
  };
  const select = (name: 'dataset' | 'activation' | 'batch', names?: Record<string, string>) => {
    const f = FIELDS[name];
    const options = f.values.map((v) => `<option value="${v}"${v === state[name] ? ' selected' : ''}>${names?.[v] ?? v}</option>`).join('');
    return `<label>${f.label}<select name="${name}" disabled>${options}</select></label>`;
  };
  const rates = LEARNING_RATES.includes(state.lr) ? LEARNING_RATES : [...LEARNING_RATES, state.lr].sort((a, b) => a - b);
  const lr = `<label>${FIELDS.lr.label}<select name="lr" disabled>${rates.map((v) => `<option value="${v}"${v === state.lr ? ' selected' : ''}>${v}</option>`).join('')}</select></label>`;
  const seed = `<label>${FIELDS.seed.label}<span class="nnp-seed"><input type="number" name="seed" min="${FIELDS.seed.min}" max="${FIELDS.seed.max}" step="1" value="${state.seed}" inputmode="numeric" disabled><button type="button" data-act="reseed" aria-label="New seed" title="New seed" disabled>⟳</button></span></label>`;
  // Folded by default, so the figure's essential view fits beside the text; the summary
  // says what is set, so a closed panel hides nothing the reader needs to read.
  return `<details class="nnp-more"><summary><span class="nnp-more-label">Settings</span> <span class="nnp-summary" data-part="caption">${caption(state)}</span></summary>
<fieldset class="nnp-settings" data-part="settings">
<legend class="nnp-sr">Settings</legend>
${speedHtml}
${select('dataset', DATASET_NAMES)}
${select('activation', { min: 'min(x, 0)' })}
${range('hidden', 1)}
${lr}
${select('batch')}
${range('points', 50)}
${range('noise', 0.05)}
${range('split', 0.05, `${Math.round(state.split * 100)} %`)}
${seed}
</fieldset></details>`;
}
