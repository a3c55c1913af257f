// The rendering code's digest (src/renderer-digest.build.ts), which every content entry's
// cache key includes: it must change with any rendering file and with nothing else.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { RENDERING_CODE, rendererDigest } from '../src/renderer-digest.build.ts';

let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));

function project(files: Record<string, string>): string {
  root = mkdtempSync(join(tmpdir(), 'adjoint-digest-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('rendererDigest', () => {
  const files = { 'src/markdown/a.ts': 'a', 'src/markdown/deep/b.ts': 'b', 'src/katex-dist.ts': 'k', 'src/pages/index.astro': 'page' };

  test('changes when a rendering file changes, is added or is renamed', () => {
    const dir = project(files);
    const before = rendererDigest(dir);
    expect(rendererDigest(dir)).toBe(before);
    writeFileSync(join(dir, 'src/markdown/deep/b.ts'), 'b2');
    const edited = rendererDigest(dir);
    expect(edited).not.toBe(before);
    writeFileSync(join(dir, 'src/markdown/c.ts'), '');
    expect(rendererDigest(dir)).not.toBe(edited);
    rmSync(join(dir, 'src/markdown/c.ts'));
    expect(rendererDigest(dir)).toBe(edited);
    rmSync(join(dir, 'src/markdown/a.ts'));
    writeFileSync(join(dir, 'src/markdown/a2.ts'), 'a');
    expect(rendererDigest(dir)).not.toBe(edited);
  });

  test('ignores files that do not render content (layouts, pages) and does not depend on where the project is', () => {
    const dir = project(files);
    const before = rendererDigest(dir);
    writeFileSync(join(dir, 'src/pages/index.astro'), 'another page');
    expect(rendererDigest(dir)).toBe(before);
    const other = mkdtempSync(join(tmpdir(), 'adjoint-digest-'));
    try {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(join(other, path, '..'), { recursive: true });
        writeFileSync(join(other, path), text);
      }
      expect(rendererDigest(other)).toBe(before);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  test("covers the Markdown pipeline, the widgets' static frames, the engine and the lockfile", () => {
    for (const path of ['src/markdown', 'src/widgets', 'src/autodiff', 'src/katex-dist.ts', 'package-lock.json'])
      expect(RENDERING_CODE).toContain(path);
  });
});
