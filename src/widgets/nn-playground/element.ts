// Browser shell of the playground: enables the static controls, runs the animation loop
// and draws the views. All the maths is in the pure core (run.ts, formulas.ts,
// gradcheck.ts, grid.ts) and the transport's status in controller.ts; this file only wires
// events to them and their results to pixels.
import { nextTask } from '../next-task.ts';
import type { Mount } from '../types.ts';
import { bindControls, setupTabs } from './controls.ts';
import { type ControlEvent, canStep, initialControl, replayGoal, transition, transportView } from './controller.ts';
import { backprop } from './formulas.ts';
import { createLoop, timeBoxed } from './loop.ts';
import { lossChart } from './loss-chart.ts';
import { drawChart } from './render/chart.ts';
import { readPalette, type Palette } from './render/colours.ts';
import { watchTheme } from '../theme.ts';
import { showCheck } from './render/check.ts';
import { createHeatmap } from './render/heatmap.ts';
import { updatePass } from './render/pass.ts';
import { createNetworkView, type NetworkView } from './render/network.ts';
import { createRun, gradientCheck, retune, step, testAccuracy, testLoss, trainAccuracy, trainLoss, type Run } from './run.ts';
import { caption, DEFAULT_SPEED, formatLoss, formatPercent, passFormulaText, passTableHtml, plotLabel, pointsSvg } from './markup.ts';
import type { spec } from './spec.ts';
import { needsReset, type State } from './state.ts';
import { DOMAIN } from './datasets.ts';
import { ACTIVATION_FNS, predict } from './model.ts';
import { engineGradients } from './train.ts';
import { prefixFor, readUrl, writeUrl } from './url.ts';

const FRAME_BUDGET_MS = 12;
const REPLAY_BUDGET_MS = 14;

/** What the loss chart shows, for a screen reader: the axis, the last losses, where it blew up. */
function chartLabel(run: Run, axis: State['lossAxis']): string {
  const last = run.history[run.history.length - 1];
  const blowUp = lossChart(run.history, axis).blowUp;
  return (
    `Training and test loss by step, ${axis} axis: at step ${last.step}, train ${formatLoss(last.train)}, test ${formatLoss(last.test)}` +
    (blowUp ? `; the loss became ${blowUp.value} at step ${blowUp.step}.` : '.')
  );
}

const formatEpochs = (e: number) => (Number.isInteger(e) ? String(e) : e.toFixed(e < 10 ? 2 : 1));

// Start-up runs in steps with a task boundary between them (the data and first weights; the
// theme and the controls; the plot; the open panel): in one piece it was a 200 ms task on
// a throttled phone. The static first frame stays until each part replaces it.
export const mount: Mount<typeof spec> = async (body, { tab: _tab, ...authored }) => {
  const root = body.querySelector<HTMLElement>('[data-nnp]') ?? body;
  const part = <T extends HTMLElement = HTMLElement>(name: string) => root.querySelector<T>(`[data-part="${name}"]`)!;
  const prefix = prefixFor(root);
  const fromUrl = readUrl(authored, prefix);
  let run: Run = createRun(fromUrl.state, fromUrl.segments);
  await nextTask();
  let palette: Palette = readPalette(root);
  let control = initialControl;
  const replay = replayGoal(fromUrl.state.step);
  let lastUrlWrite = 0;
  let lastCheck = 0;
  let frames = 0;
  let network: NetworkView | null = null;
  const loop = createLoop();
  const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)');

  // Swap the static first frame for a live canvas.
  const heat = createHeatmap();
  part('heat').replaceWith(heat.canvas);

  const notice = part('notice');
  const linkNotice = fromUrl.ignored.length ? `Ignored in the link: ${fromUrl.ignored.join('; ')}.` : '';
  const say = (text: string) => {
    notice.textContent = text;
    notice.hidden = !text;
  };
  say(linkNotice);

  const speed = root.querySelector<HTMLSelectElement>('select[name="speed"]')!;
  const playButton = root.querySelector<HTMLButtonElement>('[data-act="play"]')!;
  const stepButton = root.querySelector<HTMLButtonElement>('[data-act="step"]')!;
  const controls = bindControls(root, run.state, (next) => changeState(next));
  const tabs = setupTabs(root, () => render(true));

  /** Send the transport an event; start or stop the loop and redraw the buttons when its status changes. */
  function dispatch(event: ControlEvent) {
    const before = control.status;
    control = transition(control, event);
    const { status } = control;
    if (status === before) return;
    if (before === 'playing' || before === 'replaying') loop.stop();
    if (status === 'playing') loop.start(trainFrame);
    if (status === 'replaying') loop.start(replayFrame);
    showStatus();
  }

  function showStatus() {
    const view = transportView(control.status);
    root.dataset.status = control.status;
    playButton.textContent = view.playLabel;
    playButton.setAttribute('aria-pressed', String(view.playPressed));
    playButton.disabled = view.playDisabled;
    stepButton.disabled = view.stepDisabled;
  }

  /** Show the run's data, caption and pass table, when they differ from `old`'s. */
  function showRun(old: State) {
    const { state } = run;
    if (
      old.dataset !== state.dataset ||
      old.points !== state.points ||
      old.noise !== state.noise ||
      old.split !== state.split ||
      old.seed !== state.seed
    ) {
      part('points').outerHTML = pointsSvg(run.data);
    }
    part('picture').setAttribute('aria-label', plotLabel(state));
    part('caption').textContent = caption(state);
    network?.destroy();
    network = null;
    root.querySelector('[data-panel="pass"]')!.innerHTML = passTableHtml(run.data.train.m, state);
  }

  function newRun(state: State) {
    const old = run.state;
    run = createRun(state);
    showRun(old);
    part('overlay').hidden = true;
    dispatch('new-run');
    render(true);
    syncUrl(true);
  }

  function changeState(next: State) {
    if (control.status === 'replaying') say(linkNotice);
    if (needsReset(run.state, next)) newRun({ ...next, step: 0 });
    else {
      dispatch('retune');
      retune(run, next);
      render(true);
      syncUrl(true);
    }
  }

  function syncUrl(now: boolean) {
    const t = performance.now();
    if (!now && t - lastUrlWrite < 1000) return;
    lastUrlWrite = t;
    writeUrl(run.state, run.segments, prefix);
  }

  function diverged() {
    dispatch('diverged');
    part('overlay-text').textContent = run.diverged ?? '';
    part('overlay').hidden = false;
    render(true);
    syncUrl(true);
  }

  function trainFrame(): boolean {
    // Steps per frame: the reader's speed (fewer if the frame's time budget runs out first).
    timeBoxed(() => step(run), Number(speed.value) || DEFAULT_SPEED, FRAME_BUDGET_MS);
    render(false);
    syncUrl(false);
    if (run.diverged) {
      diverged();
      return false;
    }
    return control.status === 'playing';
  }

  function toggle() {
    if (run.diverged) return;
    dispatch('toggle');
    if (control.status === 'paused') syncUrl(true);
  }
  function singleStep() {
    dispatch('pause');
    if (!step(run)) diverged();
    render(true);
    syncUrl(true);
  }
  function reset() {
    dispatch('pause');
    say(linkNotice);
    newRun({ ...run.state, step: 0 });
  }

  /** Replay a linked run: train to the URL's step count (capped) in time-boxed frames, then pause. */
  function replayFrame(): boolean {
    const { goal, note } = replay;
    timeBoxed(() => run.step < goal && step(run), Infinity, REPLAY_BUDGET_MS);
    // A replay starts without the reader pressing anything: with reduced motion, show
    // only where it ends (the notice counts the steps meanwhile).
    if (!reducedMotion.matches) render(false);
    if (run.diverged) {
      say(linkNotice);
      diverged();
      return false;
    }
    if (run.step >= goal) {
      say([linkNotice, note].filter(Boolean).join(' '));
      dispatch('replayed');
      render(true);
      return false;
    }
    say(`Replaying the linked run: step ${run.step} of ${goal}…`);
    return control.status === 'replaying';
  }

  function render(full: boolean) {
    frames++;
    renderPlot();
    renderPanel(full);
  }

  /** The decision boundary and the figures under it. */
  function renderPlot() {
    heat.draw(run.params, run.state.activation, palette);
    root.dataset.step = String(run.step);
    part('step').textContent = String(run.step);
    part('epochs').textContent = formatEpochs(run.seen / run.data.train.m);
    part('train-loss').textContent = formatLoss(trainLoss(run));
    part('test-loss').textContent = formatLoss(testLoss(run));
    part('train-acc').textContent = formatPercent(trainAccuracy(run));
    part('test-acc').textContent = formatPercent(testAccuracy(run));
  }

  /** The open tab's view: the loss chart, the network, the pass or the gradient check. */
  function renderPanel(full: boolean) {
    const { state } = run;
    const tab = tabs.current();
    const finite = !run.diverged;
    const { x, y } = run.data.train;
    if (tab === 'loss') {
      part('chart-note').hidden = run.history.length > 1;
      const chart = part<HTMLCanvasElement>('chart');
      drawChart(chart, run.history, state.lossAxis, palette);
      chart.setAttribute('aria-label', chartLabel(run, state.lossAxis));
    }
    if (tab === 'network' && (full || frames % 3 === 0)) {
      network ??= createNetworkView(part('net'), part('net-readout'), state.hidden);
      network.update(run.params, finite ? engineGradients(run.params, state.activation, x, y).grads : null, state.activation, palette);
    }
    if (tab === 'pass' && (full || frames % 3 === 0)) {
      const mistake = state.formula === 'flipped';
      updatePass(
        root.querySelector<HTMLElement>('[data-panel="pass"]')!,
        backprop(run.params, state.activation, x, y, mistake),
        passFormulaText(state.activation, mistake),
        palette,
      );
    }
    const now = performance.now();
    if (tab === 'check' && (full || now - lastCheck > 250)) {
      lastCheck = now;
      showCheck(part, finite ? gradientCheck(run) : null);
    }
  }

  // Events.
  const onClick = (event: Event) => {
    const act = (event.target as HTMLElement).closest<HTMLElement>('[data-act]')?.dataset.act;
    if (act === 'play') toggle();
    else if (act === 'step') singleStep();
    else if (act === 'reset' || act === 'reset-overlay') {
      reset();
      if (act === 'reset-overlay') playButton.focus();
    }
  };
  // Shortcuts while focus is inside the widget: p play/pause, s step, r reset.
  const onKey = (event: KeyboardEvent) => {
    const el = event.target as HTMLElement;
    if (event.ctrlKey || event.metaKey || event.altKey || el.matches('input[type=number], select')) return;
    const key = event.key.toLowerCase();
    if (key === 'p' && canStep(control)) toggle();
    else if (key === 's' && canStep(control)) singleStep();
    else if (key === 'r') reset();
    else return;
    event.preventDefault();
  };
  // The probability under the pointer, read from the same network the heatmap draws.
  const plot = part('plot');
  const probe = part('probe');
  const onPointer = (event: PointerEvent) => {
    const box = plot.getBoundingClientRect();
    const x1 = ((event.clientX - box.left) / box.width) * 2 * DOMAIN - DOMAIN;
    const x2 = DOMAIN - ((event.clientY - box.top) / box.height) * 2 * DOMAIN;
    const p = predict(run.params, ACTIVATION_FNS[run.state.activation].f, x1, x2);
    probe.textContent = `(${x1.toFixed(1)}, ${x2.toFixed(1)}): P(blue) = ${Number.isFinite(p) ? p.toFixed(2) : '–'}`;
    probe.hidden = false;
  };
  const onLeave = () => (probe.hidden = true);
  plot.addEventListener('pointermove', onPointer);
  plot.addEventListener('pointerleave', onLeave);
  root.addEventListener('click', onClick);
  root.addEventListener('keydown', onKey);

  // Leaving the viewport pauses the loop (playing or replaying); coming back resumes it.
  const observer = new IntersectionObserver(([entry]) => {
    dispatch(entry.isIntersecting ? 'visible' : 'hidden');
    if (!entry.isIntersecting) syncUrl(true);
  });
  observer.observe(root);
  const stopWatching = watchTheme(() => {
    palette = readPalette(root);
    render(true);
  });

  // The static HTML shows the author's settings; a link may ask for others (another data set,
  // seed, size…): show those before anything else.
  showRun(authored);
  showStatus();
  frames++;
  renderPlot();
  await nextTask();
  renderPanel(true);
  for (const button of root.querySelectorAll<HTMLButtonElement>('button')) button.disabled = false;
  controls.enable();
  tabs.enable();
  if (replay.goal > 0) dispatch('replay');

  return () => {
    loop.stop();
    observer.disconnect();
    stopWatching();
    plot.removeEventListener('pointermove', onPointer);
    plot.removeEventListener('pointerleave', onLeave);
    root.removeEventListener('click', onClick);
    root.removeEventListener('keydown', onKey);
    controls.destroy();
    network?.destroy();
  };
};
