// The site's theme as canvas widgets need it: colours resolved from the tokens (tokens.css
// writes them with light-dark(), which a canvas cannot take), and a signal when it changes.

/**
 * Each CSS colour `vars[key]` (a custom property, e.g. '--accent') as it resolves inside
 * `root` right now, as an rgb() string a canvas accepts.
 */
export function resolveColours<K extends string>(root: Element, vars: Record<K, string>): Record<K, string> {
  const probe = document.createElement('span');
  probe.hidden = true;
  // In forced colours (Windows high contrast) every element's `color` is the system's text
  // colour: read so, every token came out the same, and a canvas drew black text on black
  // boxes. The canvas gets the theme's colours, as an SVG's fills, which are not forced, do.
  probe.style.forcedColorAdjust = 'none';
  root.append(probe);
  const out = {} as Record<K, string>;
  for (const key of Object.keys(vars) as K[]) {
    probe.style.color = `var(${vars[key]})`;
    out[key] = getComputedStyle(probe).color;
  }
  probe.remove();
  return out;
}

/** Call `onChange` when the site's theme may have changed (OS setting or a class/attribute on <html>). */
export function watchTheme(onChange: () => void): () => void {
  const media = matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', onChange);
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'data-theme', 'style'] });
  return () => {
    media.removeEventListener('change', onChange);
    observer.disconnect();
  };
}
