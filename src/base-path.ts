// The path the site is served under: `/` by default, `/repo/` for a GitHub project page
// (https://user.github.io/repo/). Set at build time with ADJOINT_BASE=/repo/ (slashes optional);
// astro.config.mjs passes it to Astro as `base`, and every root-relative URL the site writes —
// templates, links in Markdown, the feed, the sitemap, robots.txt, KaTeX's stylesheet, the
// search index — goes through withBase, so a post can keep writing `/posts/notation/`.

/** `/`, or the path with one leading and one trailing slash: normalizeBase('repo') === '/repo/'. */
export function normalizeBase(raw: string | undefined): string {
  const trimmed = (raw ?? '').trim().replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return '/';
  if (/[?#\\\s]|\/\/|(^|\/)\.\.?(\/|$)/.test(trimmed)) {
    throw new Error(`ADJOINT_BASE="${raw}" is not a path: write it like /repo/ (letters, digits, - _ . and single slashes).`);
  }
  return `/${trimmed}/`;
}

/** The base of this build (ADJOINT_BASE). */
export const BASE: string = normalizeBase(process.env.ADJOINT_BASE);

/**
 * A root-relative URL under the base; anything else (relative, `#…`, `//host`, `https:`) as it is.
 * @example withBase('/posts/a/', '/repo/') // '/repo/posts/a/'
 */
export function withBase(url: string, base: string = BASE): string {
  if (base === '/' || !url.startsWith('/') || url.startsWith('//')) return url;
  return base + url.slice(1);
}

/**
 * The site path of a URL path under the base, or undefined when it is outside it.
 * @example withoutBase('/repo/posts/a/', '/repo/') // '/posts/a/'
 */
export function withoutBase(path: string, base: string = BASE): string | undefined {
  if (base === '/') return path;
  if (path === base.slice(0, -1)) return '/';
  return path.startsWith(base) ? path.slice(base.length - 1) : undefined;
}
