// Content plugins report problems as `path:line:column: message`, in the coordinates of
// the file the author edits. Astro hands the Markdown pipeline the body *without* its
// frontmatter (and, for content collections, trimmed), so the positions unified sees are
// shifted by the frontmatter's lines; `sourcePlace` adds them back.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';

const offsets = new WeakMap<VFile, number>();

/** How many lines precede the body in the file on disk (0 when it cannot be found). */
export function bodyLineOffset(file: VFile): number {
  const cached = offsets.get(file);
  if (cached !== undefined) return cached;
  let offset = 0;
  try {
    if (file.path) {
      const raw = readFileSync(file.path, 'utf8').replace(/\r\n?/g, '\n');
      const body = String(file.value ?? '');
      const at = body.length > 0 ? raw.indexOf(body) : -1;
      if (at > 0) offset = raw.slice(0, at).split('\n').length - 1;
    }
  } catch {
    // A virtual file (tests, strings): positions are already right.
  }
  offsets.set(file, offset);
  return offset;
}

/** The file's path relative to the working directory, or a stand-in for a string input. */
export function displayPath(file: VFile): string {
  return file.path ? relative(process.cwd(), file.path) : '<markdown>';
}

/** A point in the source file, `{ line, column }`, from a node's position in the body. */
export function sourcePoint(file: VFile, position: Position | undefined): Point | undefined {
  if (!position) return undefined;
  return { line: position.start.line + bodyLineOffset(file), column: position.start.column };
}

/** `content/posts/x.md:12:3` (or just the path when there is no position). */
export function where(file: VFile, position: Position | undefined): string {
  const point = sourcePoint(file, position);
  return point ? `${displayPath(file)}:${point.line}:${point.column}` : displayPath(file);
}

/**
 * Stop the build with a message that stands on its own: it starts with `path:line:column`,
 * because Astro prints only the reason of a failed file, not the vfile's position.
 */
export function failAt(file: VFile, position: Position | undefined, reason: string, ruleId: string): never {
  const point = sourcePoint(file, position);
  return file.fail(`${where(file, position)}: ${reason}`, {
    place: point,
    ruleId,
    source: 'adjoint',
  });
}
