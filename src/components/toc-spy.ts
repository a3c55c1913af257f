// Marks the section being read in the table of contents (aria-current on its link), so a
// reader who scrolled far sees where they are. Progressive enhancement: without it the
// contents are plain links. An IntersectionObserver wakes this up only when a heading
// crosses the reading line, never on every scroll event.

/** The reading line, as a fraction of the window's height from its top: a section is
 *  current once its heading has risen above it. */
const LINE = 0.3;
/** How far above the window the observer's root reaches: a thousand screens, more than any post. */
const REACH_PX = 1_000_000;

function spy(toc: HTMLElement): void {
  const links = new Map<Element, HTMLAnchorElement>();
  for (const link of toc.querySelectorAll<HTMLAnchorElement>('a[href^="#"]')) {
    const heading = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (heading) links.set(heading, link);
  }
  if (links.size === 0) return;
  const headings = [...links.keys()];
  // Which headings are above the line, as the observer reports them. Kept from its entries
  // rather than measured in the callback: off-screen prose is laid out as it comes near
  // (content-visibility), so a measure taken then can disagree with the observer's, and a
  // heading it put on the wrong side would never be reported again.
  const above = new Set<Element>();
  let current: HTMLAnchorElement | undefined;
  const update = (entries: IntersectionObserverEntry[]) => {
    for (const entry of entries) {
      if (entry.isIntersecting) above.add(entry.target);
      else above.delete(entry.target);
    }
    // The last heading above the line; none before the first section (the introduction).
    const last = headings.findLast((heading) => above.has(heading));
    const found = last && links.get(last);
    if (found === current) return;
    current?.removeAttribute('aria-current');
    found?.setAttribute('aria-current', 'location');
    current = found;
  };
  // The root is everything above the line (the window's top margin reaches far up the page),
  // so a heading is "intersecting" exactly when it has reached the line, and crossing it
  // either way is a change of state that calls back: even a jump (a link, Home, End) that
  // carries headings from below the window to above it in one go. The reach is a constant,
  // not the page's height: reading scrollHeight here, as the page loads, forced the whole
  // document's first layout inside this script (105 ms on a desktop core for the math-heavy
  // post, four times that on Lighthouse's phone) before anything was painted.
  const observer = new IntersectionObserver(update, { rootMargin: `${REACH_PX}px 0px -${100 - LINE * 100}% 0px` });
  for (const heading of headings) observer.observe(heading);
}

const toc = document.querySelector<HTMLElement>('.toc');
if (toc && 'IntersectionObserver' in window) spy(toc);
