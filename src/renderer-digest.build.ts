// The identity of the code that turns a content file into HTML. Astro keeps each rendered
// entry (its HTML and the frontmatter our plugins add) in its content cache while the file's
// digest is unchanged, and nothing in that digest says which Markdown plugins, widget
// renderers or KaTeX made the HTML: after an upgrade, a warm build would serve pages made by
// the old code, or hand the layout data in a shape it no longer reads. This digest goes into
// every entry's (strictGlob's settingsKey), so changed rendering code re-renders everything.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * What a post's HTML depends on besides the post: the pipeline and what it imports at build
 * time (widgets' static frames run the engine; Franklin pages have their own converter), and
 * the installed packages (KaTeX, Shiki, remark and rehype), pinned by the lockfile.
 */
export const RENDERING_CODE = [
  'src/markdown',
  'src/widgets',
  'src/cells',
  'src/autodiff',
  'src/franklin',
  'src/katex-dist.ts',
  'package-lock.json',
];

function files(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => files(join(path, name)));
}

/**
 * A hash of every file under `paths` (relative to `root`), names and contents.
 * @example rendererDigest() // '3f1c…' (changes when any file in RENDERING_CODE does)
 */
export function rendererDigest(root = '.', paths: readonly string[] = RENDERING_CODE): string {
  const hash = createHash('sha256');
  for (const file of paths.flatMap((path) => files(join(root, path)))) {
    hash.update(`${relative(root, file)}\0`);
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}
