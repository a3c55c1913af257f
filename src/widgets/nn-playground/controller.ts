// The playground's transport as a state machine: play, pause, step, reset, a linked run's
// replay, divergence and leaving the viewport. Pure (no DOM, no timers): element.ts sends it
// events, and starts or stops its animation loop when the status changes.

export type Status = 'paused' | 'playing' | 'replaying' | 'diverged';

export interface Control {
  status: Status;
  /** What leaving the viewport interrupted, to take up again when the figure is back in view. */
  resume: 'playing' | 'replaying' | null;
}

export type ControlEvent =
  /** The Play/Pause button or the p key. */
  | 'toggle'
  /** Stop playing (e.g. before a single step). */
  | 'pause'
  /** Reset the weights; or any change that starts a new run (a new data set, seed, size…). */
  | 'new-run'
  /** A setting changed that keeps the run (learning rate, batch, formula). */
  | 'retune'
  /** Start replaying a linked run. */
  | 'replay'
  /** The replay reached its goal. */
  | 'replayed'
  /** The loss became non-finite. */
  | 'diverged'
  | 'hidden'
  | 'visible';

export const initialControl: Control = { status: 'paused', resume: null };

/**
 * The status after an event. Events that make no sense in a status leave it as it is
 * (a diverged run cannot play; a replay cannot be paused by the reader, only ended by a change).
 */
export function transition(control: Control, event: ControlEvent): Control {
  const { status } = control;
  switch (event) {
    case 'toggle':
      if (status === 'playing') return { status: 'paused', resume: null };
      if (status === 'paused') return { status: 'playing', resume: null };
      return control;
    case 'pause':
      return { status: status === 'playing' ? 'paused' : status, resume: null };
    case 'new-run':
      return { status: status === 'playing' ? 'playing' : 'paused', resume: null };
    case 'retune':
      // A change during a replay ends it where it is (the URL then describes this new run).
      return status === 'replaying' ? { status: 'paused', resume: null } : control;
    case 'replay':
      return status === 'diverged' ? control : { status: 'replaying', resume: null };
    case 'replayed':
      return status === 'replaying' ? { status: 'paused', resume: null } : control;
    case 'diverged':
      return { status: 'diverged', resume: null };
    case 'hidden':
      return status === 'playing' || status === 'replaying' ? { status: 'paused', resume: status } : control;
    case 'visible':
      return status === 'paused' && control.resume ? { status: control.resume, resume: null } : control;
  }
}

/** Whether the reader may play, pause or step now (not while diverged or replaying). */
export function canStep(control: Control): boolean {
  return control.status === 'playing' || control.status === 'paused';
}

/** What the transport buttons show in a status. */
export function transportView(status: Status): { playLabel: string; playPressed: boolean; playDisabled: boolean; stepDisabled: boolean } {
  const busy = status === 'diverged' || status === 'replaying';
  return {
    playLabel: status === 'playing' ? '❚❚ Pause' : '▶ Play',
    playPressed: status === 'playing',
    playDisabled: busy,
    stepDisabled: busy,
  };
}

/**
 * The most steps a link replays before handing over to the reader: about two minutes of
 * replay on a laptop. A link may ask for up to 10 million (hours of computing).
 */
export const REPLAY_MAX = 100_000;

/** The step a linked run is replayed to, and the note that says so when the link asked for more. */
export function replayGoal(requested: number): { goal: number; note: string } {
  if (requested <= REPLAY_MAX) return { goal: requested, note: '' };
  return {
    goal: REPLAY_MAX,
    note: `The link asks for step ${requested}; replays stop at step ${REPLAY_MAX}. Press Play to train on from there.`,
  };
}
