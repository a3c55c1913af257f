// The site's theme as canvas widgets need it: colours resolved from the tokens (tokens.css
// writes them with light-dark(), which a canvas cannot take), and a signal when it changes.

/**
 * Each CSS colour `vars[key]` (a custom property, e.g. '--accent') as it resolves inside
 * `root` right now, as an rgb() string a canvas accepts.
 */
export function resolveColours<K extends string>(root: Element, vars: Record<K, string>): Record<K, string> {
  const probe = document.createElement('span');
  probe.hidden = true;
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
