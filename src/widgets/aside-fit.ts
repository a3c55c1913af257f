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

/** Measure every aside figure now, whenever it or the window changes size, and on scroll. Idempotent. */
export function fitAsides(): void {
  if (started || typeof ResizeObserver === 'undefined') return;
  started = true;
  const figures = [...document.querySelectorAll<HTMLElement>('.widget-section > .widget--aside')];
  if (figures.length === 0) return;
  const margin = () => Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  const tops = new Map<HTMLElement, number>(figures.map((f) => [f, margin()]));
  let lastScroll = scrollY;
  const place = (figure: HTMLElement, scrolledBy: number) => {
    const m = margin();
    const height = figure.offsetHeight;
    const top = nextStickyTop(tops.get(figure) ?? m, scrolledBy, height, innerHeight, m);
    tops.set(figure, top);
    figure.style.setProperty('--widget-sticky-top', `${top}px`);
    figure.dataset.asideFit = height + 2 * m <= innerHeight ? 'fits' : 'taller';
  };
  const observer = new ResizeObserver((entries) => {
    for (const entry of entries) place(entry.target as HTMLElement, 0);
  });
  for (const figure of figures) observer.observe(figure);
  addEventListener(
    'resize',
    () => {
      for (const figure of figures) place(figure, 0);
    },
    { passive: true },
  );
  addEventListener(
    'scroll',
    () => {
      const by = scrollY - lastScroll;
      lastScroll = scrollY;
      for (const figure of figures) if (figure.dataset.asideFit === 'taller') place(figure, by);
    },
    { passive: true },
  );
}
