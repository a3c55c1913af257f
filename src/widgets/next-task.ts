// Long start-up work is split into tasks so the browser can paint and answer input between
// them: on a phone a single task of 100 ms is a page that ignores a tap for 100 ms.

interface Scheduler {
  yield?: () => Promise<void>;
}

/**
 * Resolve in a later task. `scheduler.yield()` where the browser has it (the continuation
 * keeps its place ahead of other queued work), else a zero-delay timeout.
 * @example await nextTask(); // the browser may render and handle events here
 */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Run `work` when the main thread is idle (at the latest after `timeout` ms), so that starting
 * a widget does not compete with the page's own loading.
 * @example whenIdle(() => start(figure))
 */
export function whenIdle(work: () => void, timeout = 1000): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => work(), { timeout });
  else setTimeout(work, 1);
}
