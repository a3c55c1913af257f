// Keeps an aside figure (placement=aside, wide screens) in view without making it a scroll
// box: its sticky offset is 1rem while it fits the window, and negative by the amount it
// overflows when it does not, so the page scrolls its top away and it sticks with its bottom
// in view. Every control stays reachable by scrolling the page, never inside a nested scroller.
// (widgets.css makes a figure sticky only once this has measured it.)

/** The sticky offset, in px, of a figure `height` px tall in a window `viewport` px tall. */
export function stickyTop(height: number, viewport: number, margin = 16): number {
  return Math.min(margin, viewport - height - margin);
}

let started = false;

/** Measure every aside figure now and whenever it or the window changes size. Idempotent. */
export function fitAsides(): void {
  if (started || typeof ResizeObserver === 'undefined') return;
  started = true;
  const figures = [...document.querySelectorAll<HTMLElement>('.widget-section > .widget--aside')];
  if (figures.length === 0) return;
  const measure = (figure: HTMLElement) => {
    const margin = Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    figure.style.setProperty('--widget-sticky-top', `${stickyTop(figure.offsetHeight, window.innerHeight, margin)}px`);
    figure.dataset.asideFit = figure.offsetHeight + 2 * margin <= window.innerHeight ? 'fits' : 'taller';
  };
  const observer = new ResizeObserver((entries) => {
    for (const entry of entries) measure(entry.target as HTMLElement);
  });
  for (const figure of figures) observer.observe(figure);
  addEventListener('resize', () => figures.forEach(measure), { passive: true });
}
