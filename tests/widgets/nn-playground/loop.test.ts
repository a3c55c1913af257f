// The animation loop's generation token, with requestAnimationFrame driven by hand.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLoop, timeBoxed } from '../../../src/widgets/nn-playground/loop.ts';

let queue: FrameRequestCallback[] = [];
const flush = () => {
  const now = queue;
  queue = [];
  for (const f of now) f(0);
};
beforeEach(() => {
  queue = [];
  vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => queue.push(f));
});
afterEach(() => vi.unstubAllGlobals());

describe('the playground loop', () => {
  it('runs one frame per animation frame until the frame returns false', () => {
    const loop = createLoop();
    let n = 0;
    loop.start(() => ++n < 3);
    for (let i = 0; i < 5; i++) flush();
    expect(n).toBe(3);
    expect(loop.running).toBe(false);
  });

  it('a restart or a stop cancels the stale loop: its pending frame does nothing', () => {
    const loop = createLoop();
    const calls: string[] = [];
    loop.start(() => {
      calls.push('old');
      return true;
    });
    flush();
    // The old loop's next frame is already queued.
    loop.start(() => {
      calls.push('new');
      return true;
    });
    flush();
    flush();
    expect(calls).toEqual(['old', 'new', 'new']);
    loop.stop();
    flush();
    expect(calls).toHaveLength(3);
    expect(queue).toHaveLength(0);
  });

  it('time-boxes work: stops at the count, on false, or when the budget runs out', () => {
    let _n = 0;
    expect(
      timeBoxed(
        () => {
          _n++;
          return true;
        },
        10,
        1000,
      ),
    ).toBe(10);
    expect(timeBoxed(() => false, 10, 1000)).toBe(0);
    const t = performance.now();
    timeBoxed(() => true, Infinity, 5);
    expect(performance.now() - t).toBeLessThan(100);
  });
});
