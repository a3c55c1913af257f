// The search index (src/integrations/pagefind.ts) on the basic fixture: which pages Pagefind
// indexes and what text it keeps of them. The browser side (the dialog, shortcuts, results) is
// tests/e2e/search.test.ts. Pagefind's fragments are gzipped JSON (one per page, after a
// `pagefind_dcd` signature): read here to see exactly what a search can match.
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildFixture, type Built } from './build.ts';

interface Fragment {
  url: string;
  content: string;
  meta: { title?: string };
}

describe('the search index', () => {
  let site: Built;
  let fragments: Map<string, Fragment>;

  beforeAll(() => {
    site = buildFixture('basic');
    if (!site.ok) throw new Error(`fixture build failed:\n${site.log}`);
    fragments = new Map();
    for (const file of site.files().filter((f) => f.startsWith('pagefind/fragment/'))) {
      const bytes = gunzipSync(readFileSync(join(site.out, file))).toString('utf8');
      const fragment = JSON.parse(bytes.slice(bytes.indexOf('{'))) as Fragment;
      fragments.set(fragment.url, fragment);
    }
  });

  test("Pagefind's library and index are written into the site, and the build says how long it took", () => {
    const files = site.files();
    expect(files).toContain('pagefind/pagefind.js');
    expect(files).toContain('pagefind/pagefind-entry.json');
    expect(files.some((f) => f.startsWith('pagefind/index/'))).toBe(true);
    expect(site.log).toMatch(/search index: 4 pages in \d+\.\d\d s, \d+\.\d\d s of it after the checks/);
    // The playground is a development tool, never published.
    expect(files.some((f) => f.startsWith('pagefind/playground'))).toBe(false);
  });

  test('a rebuild of unchanged pages reuses the index; a change to any page makes a new one', () => {
    const as = 'search-rebuilt'; // its own output and cache, so the builds above stay as they are
    const first = buildFixture('basic', { as });
    expect(first.ok, first.log).toBe(true);
    const index = (built: Built) =>
      built
        .files()
        .filter((f) => f.startsWith('pagefind/'))
        .sort();
    const again = buildFixture('basic', { as, keepCache: true });
    expect(again.ok, again.log).toBe(true);
    expect(again.log).toMatch(/search index: 4 pages, unchanged since the last build/);
    expect(index(again)).toEqual(index(first));
    expect(again.read('pagefind/pagefind-entry.json')).toBe(site.read('pagefind/pagefind-entry.json'));
    // Another site URL changes every page's canonical link: the pages differ, so Pagefind runs.
    const moved = buildFixture('basic', { as, keepCache: true, env: { ADJOINT_SITE: 'https://moved.example.org' } });
    expect(moved.ok, moved.log).toBe(true);
    expect(moved.log).toMatch(/search index: 4 pages in \d+\.\d\d s/);
  });

  test('posts and the about page are indexed; drafts, the home page, tag pages and the 404 are not', () => {
    expect([...fragments.keys()].sort()).toEqual(['/about/', '/posts/math-and-code/', '/posts/nested/plain/', '/posts/with-widget/']);
    expect(fragments.get('/posts/math-and-code/')?.meta.title).toBe('Math and code');
  });

  test('math is indexed once, as its TeX source; headers, footers and contents are not indexed', () => {
    const text = fragments.get('/posts/math-and-code/')?.content ?? '';
    expect(text).toContain("f'(x) = 2x");
    expect(text).toContain('\\sin x');
    expect(text).toContain('\\R^n');
    // KaTeX's glyph-by-glyph HTML and MathML would read "f(x)=x2" beside the TeX.
    expect(text).not.toContain('x2');
    expect(text.match(/f\(x\) = x\^2/g)).toHaveLength(1);
    expect(text).not.toContain('RSS feed'); // site footer
    expect(text).not.toContain('Skip to content');
    expect(text).not.toMatch(/min read/); // post meta
  });

  test("a widget's caption is indexed, its controls and static numbers are not", () => {
    const text = fragments.get('/posts/with-widget/')?.content ?? '';
    expect(text).toContain('The derivative of \\sin');
    const html = site.read('posts/with-widget/index.html');
    const controls = html.match(/<div class="widget__body">[\s\S]*?<\/div>/)?.[0] ?? '';
    expect(controls).toMatch(/<(label|button|select|input|table)\b/);
    expect(text).not.toMatch(/finite difference|Autodiff|by hand/i);
  });
});
