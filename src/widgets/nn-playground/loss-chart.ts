// The loss chart as numbers, for render/chart.ts to draw: the vertical axis (linear from 0,
// or log by decades), its ticks, and where the loss stopped being a number. Pure, so the
// axis and the ∞/NaN marker are unit-tested.
import type { HistoryPoint } from './run.ts';
import type { LossAxis } from './state.ts';

export interface Tick {
  value: number;
  label: string;
}

export interface ChartModel {
  lastStep: number;
  /** Where a value sits on the axis: 0 at the bottom, 1 at the top (clamped). */
  at: (value: number) => number;
  ticks: Tick[];
  /** The points where both losses are finite numbers. */
  finite: HistoryPoint[];
  /** The first recorded step whose loss is not a number, and what it became. */
  blowUp: { step: number; value: '∞' | 'NaN' } | null;
}

/**
 * The chart of a run's loss history on a linear or a log axis.
 * @example lossChart([{ step: 0, train: 0.7, test: 0.7 }, { step: 9, train: 0.02, test: 0.03 }], 'log').ticks.map((t) => t.label) // ['0.01', '0.1', '1']
 */
export function lossChart(history: readonly HistoryPoint[], axis: LossAxis): ChartModel {
  const finite = history.filter((p) => Number.isFinite(p.train) && Number.isFinite(p.test));
  const bad = history.find((p) => !Number.isFinite(p.train) || !Number.isFinite(p.test));
  const blowUp = bad
    ? {
        step: bad.step,
        value: Number.isNaN(bad.train) || (Number.isFinite(bad.train) && Number.isNaN(bad.test)) ? ('NaN' as const) : ('∞' as const),
      }
    : null;
  const lastStep = history.length ? history[history.length - 1].step : 0;
  let top = 0;
  let bottom = Infinity;
  for (const p of finite) {
    top = Math.max(top, p.train, p.test);
    for (const v of [p.train, p.test]) if (v > 0) bottom = Math.min(bottom, v);
  }
  if (axis === 'log') {
    const hiExp = Math.ceil(Math.log10(Math.max(top, 1e-300)) - 1e-9);
    let loExp = Number.isFinite(bottom) ? Math.floor(Math.log10(bottom) + 1e-9) : hiExp - 1;
    loExp = Math.max(Math.min(loExp, hiExp - 1), hiExp - 12); // at least one decade, at most twelve
    const span = hiExp - loExp;
    const every = Math.ceil(span / 5);
    const ticks: Tick[] = [];
    for (let e = hiExp; e >= loExp; e -= every) ticks.unshift({ value: 10 ** e, label: decade(e) });
    const at = (v: number) => clamp01((Math.log10(Math.max(v, 10 ** (loExp - 1))) - loExp) / span);
    return { lastStep, at, ticks, finite, blowUp };
  }
  const hi = niceCeil(Math.max(top, 0.1));
  return {
    lastStep,
    at: (v) => clamp01(v / hi),
    ticks: [0, hi / 2, hi].map((value) => ({ value, label: String(+value.toPrecision(3)) })),
    finite,
    blowUp,
  };
}

const clamp01 = (t: number) => Math.min(1, Math.max(0, t));

/** 10^e as a tick label: plain decimals from 0.001 to 1000, then 1e-5 style. */
export function decade(e: number): string {
  return Math.abs(e) <= 3 ? String(+(10 ** e).toPrecision(1)) : `1e${e}`;
}

export function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.5, 2, 3, 4, 5, 7.5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}
