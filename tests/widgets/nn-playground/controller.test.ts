// The playground's transport as a pure state machine: every status × event, and the replay cap.
import { describe, expect, it } from 'vitest';
import {
  type Control,
  type ControlEvent,
  REPLAY_MAX,
  canStep,
  initialControl,
  replayGoal,
  transition,
  transportView,
} from '../../../src/widgets/nn-playground/controller.ts';
import { FIELDS } from '../../../src/widgets/nn-playground/state.ts';

const at = (status: Control['status'], resume: Control['resume'] = null): Control => ({ status, resume });
const run = (events: ControlEvent[], from = initialControl) => events.reduce(transition, from);

describe('transport status', () => {
  it('starts paused; the Play button toggles playing and paused', () => {
    expect(initialControl).toEqual(at('paused'));
    expect(run(['toggle'])).toEqual(at('playing'));
    expect(run(['toggle', 'toggle'])).toEqual(at('paused'));
  });

  it('a diverged run neither plays nor replays until a new run (a reset or new settings)', () => {
    const diverged = run(['toggle', 'diverged']);
    expect(diverged).toEqual(at('diverged'));
    for (const event of ['toggle', 'pause', 'replay', 'replayed', 'retune', 'hidden', 'visible'] as const) {
      expect(transition(diverged, event).status, event).toBe('diverged');
    }
    expect(transition(diverged, 'new-run')).toEqual(at('paused'));
  });

  it('a replay cannot be toggled by the reader; it ends at its goal, on a change, or on divergence', () => {
    const replaying = run(['replay']);
    expect(replaying).toEqual(at('replaying'));
    expect(transition(replaying, 'toggle')).toEqual(replaying);
    expect(transition(replaying, 'replayed')).toEqual(at('paused'));
    expect(transition(replaying, 'retune')).toEqual(at('paused'));
    expect(transition(replaying, 'new-run')).toEqual(at('paused'));
    expect(transition(replaying, 'diverged')).toEqual(at('diverged'));
  });

  it('a new run keeps playing if it was playing (new data mid-play), and a retune keeps the status', () => {
    expect(run(['toggle', 'new-run'])).toEqual(at('playing'));
    expect(run(['toggle', 'retune'])).toEqual(at('playing'));
    expect(run(['retune'])).toEqual(at('paused'));
  });

  it('leaving the viewport pauses playing and replaying alike, and coming back resumes what it was', () => {
    expect(run(['toggle', 'hidden'])).toEqual(at('paused', 'playing'));
    expect(run(['toggle', 'hidden', 'visible'])).toEqual(at('playing'));
    expect(run(['replay', 'hidden'])).toEqual(at('paused', 'replaying'));
    expect(run(['replay', 'hidden', 'visible'])).toEqual(at('replaying'));
    // Paused by the reader: coming back does not start anything.
    expect(run(['hidden', 'visible'])).toEqual(at('paused'));
    // A step or a reset while out of view forgets what to resume.
    expect(run(['toggle', 'hidden', 'pause', 'visible'])).toEqual(at('paused'));
    expect(run(['replay', 'hidden', 'new-run', 'visible'])).toEqual(at('paused'));
  });

  it('the reader may play or step only when playing or paused', () => {
    expect(['paused', 'playing', 'replaying', 'diverged'].filter((s) => canStep(at(s as Control['status'])))).toEqual([
      'paused',
      'playing',
    ]);
  });

  it('the buttons follow the status', () => {
    expect(transportView('paused')).toEqual({ playLabel: '▶ Play', playPressed: false, playDisabled: false, stepDisabled: false });
    expect(transportView('playing')).toEqual({ playLabel: '❚❚ Pause', playPressed: true, playDisabled: false, stepDisabled: false });
    expect(transportView('replaying')).toMatchObject({ playDisabled: true, stepDisabled: true });
    expect(transportView('diverged')).toMatchObject({ playLabel: '▶ Play', playDisabled: true, stepDisabled: true });
  });
});

describe('replay cap', () => {
  it('replays a link up to REPLAY_MAX steps silently, and caps a longer one with a note', () => {
    expect(replayGoal(0)).toEqual({ goal: 0, note: '' });
    expect(replayGoal(REPLAY_MAX)).toEqual({ goal: REPLAY_MAX, note: '' });
    const capped = replayGoal(FIELDS.step.max);
    expect(capped.goal).toBe(REPLAY_MAX);
    expect(capped.note).toBe(`The link asks for step 10000000; replays stop at step ${REPLAY_MAX}. Press Play to train on from there.`);
    expect(REPLAY_MAX).toBeLessThan(FIELDS.step.max);
  });
});
