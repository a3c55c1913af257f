// <lastmod> for the sitemap, from the pages themselves: a post page carries its dates as
// Open Graph tags (article:modified_time = `updated`, article:published_time = `date`), so
// the sitemap reads the built HTML rather than parsing frontmatter a second time. Pages
// without dates (home, tags, about) get no <lastmod>, which is better than a wrong one.
import type { SitemapItem } from '@astrojs/sitemap';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { withoutBase } from '../base-path.ts';
import { builtPage } from './built-pages.ts';

const DATE = /<meta property="article:(modified|published)_time" content="([^"]+)"/g;

/** The page's `updated`, else its `date`, as an ISO string; undefined without either. */
export function pageLastmod(html: string): string | undefined {
  const dates = Object.fromEntries([...html.matchAll(DATE)].map((m) => [m[1], m[2]]));
  return dates.modified ?? dates.published;
}

/**
 * A `serialize` for @astrojs/sitemap: adds lastmod to each URL whose built page has dates.
 * @example sitemap({ serialize: withLastmod('./dist') })
 */
export function withLastmod(outDir: string) {
  return (item: SitemapItem): SitemapItem => {
    const path = withoutBase(new URL(item.url).pathname);
    if (path === undefined) return item;
    const file = join(outDir, path.endsWith('/') ? `${path}index.html` : path);
    if (!existsSync(file)) return item;
    // The dates are Open Graph tags near the top of <head>: no need to decode the whole page.
    const { bytes } = builtPage(file);
    const headEnd = bytes.indexOf('</head>');
    const lastmod = pageLastmod(bytes.toString('utf8', 0, headEnd < 0 ? bytes.length : headEnd));
    return lastmod ? { ...item, lastmod } : item;
  };
}
