// Keeps an aside figure (placement=aside, wide screens) in view without making it a scroll
// box. While it fits the window it sticks 1rem from the top. When it is taller (a panel
// unfolded, a short window) it scrolls with the page until one of its edges reaches the
// window's, and sticks there: scrolling down shows its bottom, scrolling up its top, so every
// part of it is reachable by scrolling the page (the "sticky sidebar" of long web pages).
// widgets.css makes a figure sticky only once this has measured it.

/**
 * The sticky offset after the page scrolled by `scrolledBy` px (negative: up): the figure
 * moves with the page, but never further up than showing its bottom `margin` px above the
 * window's bottom, nor further down than `margin` px below the window's top.
 * @example nextStickyTop(16, 100, 400, 650) // 16: a figure that fits stays put
 */
export function nextStickyTop(current: number, scrolledBy: number, height: number, viewport: number, margin = 16): number {
  const lowest = Math.min(margin, viewport - height - margin);
  return Math.min(margin, Math.max(lowest, current - scrolledBy));
}

let started = false;

/** Where an aside figure stands beside the text and sticks (widgets.css); narrower, it is inline. */
const BESIDE = '(min-width: 1100px)';

/**
 * Measure every aside figure now, whenever it or the window changes size, and on scroll, while
 * the window is wide enough for the figure to stand beside the text. Idempotent.
 */
export function fitAsides(): void {
  if (started || typeof ResizeObserver === 'undefined') return;
  started = true;
  const figures = [...document.querySelectorAll<HTMLElement>('.widget-section > .widget--aside')];
  if (figures.length === 0) return;
  // On a narrower window (every phone) nothing here has an effect, and measuring would lay the
  // page out during its load for nothing (forced layouts of 40–180 ms at 4× CPU slowdown).
  const wide = matchMedia(BESIDE);
  const margin = () => Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  const tops = new Map<HTMLElement, number>();
  // Read where the observer runs, after a layout: reading scrollY lays the page out first.
  let lastScroll: number | undefined;
  const place = (figure: HTMLElement, scrolledBy: number, height = figure.offsetHeight) => {
    const m = margin();
    const top = nextStickyTop(tops.get(figure) ?? m, scrolledBy, height, innerHeight, m);
    tops.set(figure, top);
    figure.style.setProperty('--widget-sticky-top', `${top}px`);
    figure.dataset.asideFit = height + 2 * m <= innerHeight ? 'fits' : 'taller';
  };
  // The sizes the observer reports, not offsetHeight: placing one figure changes its style, and
  // reading the next one's offsetHeight would then lay the page out again.
  const observer = new ResizeObserver((entries) => {
    lastScroll ??= scrollY;
    for (const entry of entries) {
      const target = entry.target as HTMLElement;
      place(target, 0, entry.borderBoxSize?.[0]?.blockSize ?? target.offsetHeight);
    }
  });
  const follow = () => {
    if (wide.matches) {
      // Observing reports each figure's size once, which places it.
      for (const figure of figures) observer.observe(figure);
      return;
    }
    observer.disconnect();
    tops.clear();
    lastScroll = undefined;
    for (const figure of figures) {
      delete figure.dataset.asideFit;
      figure.style.removeProperty('--widget-sticky-top');
    }
  };
  wide.addEventListener('change', follow);
  follow();
  addEventListener(
    'resize',
    () => {
      if (wide.matches) for (const figure of figures) place(figure, 0);
    },
    { passive: true },
  );
  addEventListener(
    'scroll',
    () => {
      if (lastScroll === undefined) return;
      const by = scrollY - lastScroll;
      lastScroll = scrollY;
      for (const figure of figures) if (figure.dataset.asideFit === 'taller') place(figure, by);
    },
    { passive: true },
  );
}
