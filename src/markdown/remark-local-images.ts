// A Markdown image with a relative path (`![plot](./plot.png)`) is bundled by Astro, and a
// missing file fails the build much later, in Vite, as "Could not find requested image
// `./plot.png`" with no post named. This plugin checks each such path while the post is
// rendered, so the failure names the post and the line:column of every missing image in it
// (all of them in one message, not one per build). Paths that Astro does not bundle are left
// to the link checker after the build: absolute paths (`/img/x.png`, from public/) and URLs.
import { existsSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { Definition, Image, ImageReference, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { Position } from 'unist';
import type { VFile } from 'vfile';
import { failAt, where } from './source-position.ts';

/** True for a path Astro resolves against the post's folder (the same test as its remark-collect-images). */
export function isLocalImagePath(url: string): boolean {
  return url !== '' && !URL.canParse(url) && !url.startsWith('/') && !url.startsWith('#');
}

function decoded(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}

export default function remarkLocalImages() {
  return function transform(tree: Root, file: VFile) {
    if (!file.path) return; // a string rendered without a file: nothing to resolve against
    // Reference definitions by identifier; like CommonMark, the first of duplicates wins.
    const urls = new Map<string, string>();
    visit(tree, 'definition', (node: Definition) => {
      if (!urls.has(node.identifier)) urls.set(node.identifier, node.url);
    });
    const missing: { url: string; position: Position | undefined; expected: string }[] = [];
    visit(tree, (node) => {
      if (node.type !== 'image' && node.type !== 'imageReference') return;
      const url = node.type === 'image' ? (node as Image).url : urls.get((node as ImageReference).identifier);
      if (url === undefined || !isLocalImagePath(url)) return;
      // `./x.png?size=2` and `#frag` suffixes are Vite's business; the file is what precedes them.
      const path = resolve(dirname(file.path), decoded(url).replace(/[?#].*$/, ''));
      if (existsSync(path) && statSync(path).isFile()) return;
      missing.push({ url, position: node.position, expected: relative(process.cwd(), path) });
    });
    if (missing.length === 0) return;
    const [first, ...rest] = missing as [(typeof missing)[0], ...typeof missing];
    const line = (m: (typeof missing)[0]) => `image "${m.url}" not found (no file ${m.expected})`;
    const more = rest.map((m) => `\n${where(file, m.position)}: ${line(m)}`).join('');
    failAt(
      file,
      first.position,
      `${line(first)}${more}\nA relative image path is read from the post's folder; fix the path or add the file.`,
      'missing-image',
    );
  };
}
