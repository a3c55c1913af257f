// The pages of the site the browser tests serve, from its sitemap: what the e2e suites that
// check "every page" or "every post" walk.
import { inject } from 'vitest';

/** Every page in the built site's sitemap, as a path without the leading slash ('' is home). */
export async function sitePaths(base: string = inject('baseUrl')): Promise<string[]> {
  const sitemap = await (await fetch(new URL('sitemap-0.xml', base))).text();
  return [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname.replace(/^\//, ''));
}

/** The posts among them (nested ones, e.g. posts/basics/…, included). */
export const postPaths = async (base?: string): Promise<string[]> => (await sitePaths(base)).filter((path) => path.startsWith('posts/'));
