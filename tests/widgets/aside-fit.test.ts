// The aside figure's sticky offset: pinned at the top while it fits the window, and
// shifted up by its overflow when it does not, so its bottom (its controls) is in view.
import { describe, expect, it } from 'vitest';
import { stickyTop } from '../../src/widgets/aside-fit.ts';

describe('stickyTop', () => {
  it('is the margin while the figure fits', () => {
    expect(stickyTop(600, 650)).toBe(16);
    expect(stickyTop(618, 650)).toBe(16);
  });
  it('goes negative by the overflow when the figure is taller than the window', () => {
    expect(stickyTop(700, 650)).toBe(650 - 700 - 16);
    // Its bottom then sits one margin above the window's bottom.
    expect(stickyTop(1200, 650) + 1200).toBe(650 - 16);
  });
});
