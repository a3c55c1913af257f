// Content that would be published but is probably not what the author meant. Each finding
// is a warning at file:line:column, recorded in the file's metadata
// (`frontmatter.contentWarnings`); the content loader (strict-glob-loader.ts) prints the
// warnings on every build, and fails the build on them when `strict` is on.
//   - a file with nothing after its frontmatter would be an empty page;
//   - an image without alt text is announced by screen readers as nothing at all (Markdown
//     `![](x.png)` cannot say "decorative"; an HTML <img alt=""> can, and is accepted).
import type { Html, Root } from 'mdast';
import type { Position } from 'unist';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { where } from './source-position.ts';

/** Record a warning for the loader to print (or to fail on, under strict). */
export function warn(file: VFile, position: Position | undefined, message: string): void {
  file.data.astro ??= {};
  file.data.astro.frontmatter ??= {};
  const frontmatter = file.data.astro.frontmatter;
  const list = Array.isArray(frontmatter.contentWarnings) ? (frontmatter.contentWarnings as string[]) : [];
  list.push(`${where(file, position)}: ${message}`);
  frontmatter.contentWarnings = list;
}

const IMG_WITHOUT_ALT = /<img\b(?![^>]*\salt\s*=)[^>]*>/gi;

/** The position of `offset` inside an html node (its value can span lines). */
export function inside(node: Html, offset: number): Position | undefined {
  if (!node.position) return undefined;
  const before = node.value.slice(0, offset).split('\n');
  const line = node.position.start.line + before.length - 1;
  const column = before.length === 1 ? node.position.start.column + offset : before.at(-1)!.length + 1;
  return { start: { line, column }, end: { line, column } };
}

export default function remarkContentChecks() {
  return function transform(tree: Root, file: VFile) {
    const content = tree.children.filter((node) => !(node.type === 'html' && /^\s*<!--[\s\S]*-->\s*$/.test(node.value)));
    if (content.length === 0) {
      warn(file, undefined, 'nothing after the frontmatter: this would be published as an empty page. Write the post, or set draft: true.');
    }
    visit(tree, (node) => {
      if ((node.type === 'image' || node.type === 'imageReference') && !node.alt?.trim()) {
        const target = node.type === 'image' ? node.url : `[${node.identifier}]`;
        warn(
          file,
          node.position,
          `image ${target} has no alt text. Describe it for readers who cannot see it: ![what the picture shows](…). ` +
            '(A purely decorative picture: write <img src="…" alt="">.)',
        );
      }
      if (node.type === 'html') {
        for (const match of node.value.matchAll(IMG_WITHOUT_ALT)) {
          warn(
            file,
            inside(node, match.index),
            'an <img> without an alt attribute. Describe the picture in alt="…", or write alt="" if it is decorative.',
          );
        }
      }
    });
  };
}
