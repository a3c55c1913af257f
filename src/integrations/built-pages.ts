// The pages of a built site, read once per build. The search index's cache key (pagefind.ts),
// the sitemap's dates (sitemap-lastmod.ts) and the link checker (check-links.ts) each need
// every page; on a site of a few hundred posts, reading and hashing ~30 MB three times was a
// tenth of the work after the pages were written. A page is read again only when its size or
// modification time says it changed (a test that rebuilds into the same folder gets the new page).
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

export interface BuiltPage {
  bytes: Buffer;
  /** sha256 of the bytes, base64url. */
  hash: string;
}

const pages = new Map<string, BuiltPage & { size: number; mtimeMs: number }>();

/** The built file at `file` (an absolute path) and its hash. */
export function builtPage(file: string): BuiltPage {
  const { size, mtimeMs } = statSync(file);
  const known = pages.get(file);
  if (known && known.size === size && known.mtimeMs === mtimeMs) return known;
  const bytes = readFileSync(file);
  const page = { bytes, hash: createHash('sha256').update(bytes).digest('base64url'), size, mtimeMs };
  pages.set(file, page);
  return page;
}
