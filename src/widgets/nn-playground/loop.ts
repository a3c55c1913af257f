// A requestAnimationFrame loop that can be cancelled: each start takes a new generation
// number, and a frame whose generation is stale returns without doing anything, so a
// reset or a new run can never leave an old loop training in the background.
// Every frame does a bounded amount of work and returns to the browser.

export interface Loop {
  /** Start (or restart) the loop; `frame` returns false to stop. */
  start(frame: () => boolean): void;
  stop(): void;
  readonly running: boolean;
}

export function createLoop(): Loop {
  let generation = 0;
  let running = false;
  return {
    start(frame) {
      const mine = ++generation;
      running = true;
      const tick = () => {
        if (mine !== generation) return;
        if (frame()) requestAnimationFrame(tick);
        else if (mine === generation) running = false;
      };
      requestAnimationFrame(tick);
    },
    stop() {
      generation++;
      running = false;
    },
    get running() {
      return running;
    },
  };
}

/** Run `work` until it returns false, `max` times, or `budgetMs` has passed. Returns the count. */
export function timeBoxed(work: () => boolean, max: number, budgetMs: number): number {
  const end = performance.now() + budgetMs;
  let n = 0;
  while (n < max && work()) {
    n++;
    if (performance.now() > end) break;
  }
  return n;
}
