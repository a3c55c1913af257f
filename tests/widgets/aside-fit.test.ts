// The aside figure's sticky offset: pinned 16 px from the top while it fits the window; when
// it is taller, it moves with the page until its bottom (scrolling down) or its top
// (scrolling up) reaches the window's edge.
import { describe, expect, it } from 'vitest';
import { nextStickyTop } from '../../src/widgets/aside-fit.ts';

describe('nextStickyTop', () => {
  it('stays at the margin while the figure fits, whatever the scroll', () => {
    expect(nextStickyTop(16, 300, 600, 650)).toBe(16);
    expect(nextStickyTop(16, -300, 618, 650)).toBe(16);
  });
  it('a taller figure scrolls with the page down to showing its bottom, then sticks there', () => {
    // 800 px tall in 650: it may go up to 650 − 800 − 16 = −166.
    expect(nextStickyTop(16, 100, 800, 650)).toBe(-84);
    expect(nextStickyTop(-84, 100, 800, 650)).toBe(-166);
    expect(nextStickyTop(-166, 500, 800, 650)).toBe(-166);
  });
  it('scrolling back up brings its top back, down to the margin and no further', () => {
    expect(nextStickyTop(-166, -100, 800, 650)).toBe(-66);
    expect(nextStickyTop(-66, -500, 800, 650)).toBe(16);
  });
});
