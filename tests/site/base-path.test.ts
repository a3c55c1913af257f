// A site built for a sub-path (ADJOINT_BASE=/repo/, as a GitHub project page is served at
// https://user.github.io/repo/): every internal link, asset, feed and sitemap URL, search asset
// and widget script of the output must live under /repo/ and resolve to a built file. Then the
// site is served under /repo/ and searched in Chromium.
import { describe, beforeAll, expect, test } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from '../../scripts/serve.mjs';
import { normalizeBase, withBase, withoutBase } from '../../src/base-path.ts';
import { launch } from '../helpers/browser.ts';
import { buildFixture, type Built } from './build.ts';

const BASE = '/repo/';
const ORIGIN = 'https://adjoint.example.org';

describe('base path helpers', () => {
  test('normalizeBase adds the slashes and rejects what is not a path', () => {
    expect(normalizeBase(undefined)).toBe('/');
    expect(normalizeBase('')).toBe('/');
    expect(normalizeBase('/')).toBe('/');
    expect(normalizeBase('repo')).toBe('/repo/');
    expect(normalizeBase('/docs/adjoint')).toBe('/docs/adjoint/');
    expect(() => normalizeBase('/a/../b/')).toThrow('ADJOINT_BASE="/a/../b/" is not a path: write it like /repo/');
    expect(() => normalizeBase('/a?b')).toThrow('is not a path');
  });

  test('withBase prefixes root-relative URLs only; withoutBase inverts it', () => {
    expect(withBase('/posts/a/', BASE)).toBe('/repo/posts/a/');
    expect(withBase('/', BASE)).toBe('/repo/');
    for (const untouched of ['#x', 'b/', '//cdn.example/x.js', 'https://x.org/', 'mailto:a@b.c'])
      expect(withBase(untouched, BASE)).toBe(untouched);
    expect(withBase('/posts/a/', '/')).toBe('/posts/a/');
    expect(withoutBase('/repo/posts/a/', BASE)).toBe('/posts/a/');
    expect(withoutBase('/repo', BASE)).toBe('/');
    expect(withoutBase('/other/', BASE)).toBeUndefined();
  });
});

describe('a site built under /repo/', () => {
  let site: Built;
  const files = () => new Set(site.files());
  /** The built file a /repo/… URL path names (as a static host resolves it), or undefined. */
  const resolves = (path: string): boolean => {
    const inSite = withoutBase(decodeURI(path.split(/[?#]/)[0]!), BASE);
    if (inSite === undefined) return false;
    const rel = inSite.slice(1);
    const all = files();
    return rel === '' || inSite.endsWith('/') ? all.has(`${rel}index.html`) : all.has(rel) || all.has(`${rel}/index.html`);
  };

  beforeAll(() => {
    site = buildFixture('basic', { env: { ADJOINT_BASE: BASE, ADJOINT_SITE: ORIGIN }, as: 'basic-base' });
    if (!site.ok) throw new Error(`fixture build failed:\n${site.log}`);
  });

  test('every root-relative URL in every page starts with /repo/ and resolves to a built file', () => {
    const pages = site.files().filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(8);
    let checked = 0;
    for (const file of pages) {
      const html = site.read(file);
      for (const [, , url] of html.matchAll(/\s(href|src|action|poster|content)="(\/[^"]*)"/g)) {
        if (url!.startsWith('//')) continue;
        expect(url, `${file}: ${url}`).toMatch(/^\/repo\//);
        expect(resolves(url!), `${file}: ${url} names no built file`).toBe(true);
        checked++;
      }
      // Absolute URLs of this site (canonical, og:url, og:image) carry the base too.
      for (const [url] of html.matchAll(new RegExp(`${ORIGIN}/[^"]*`, 'g'))) expect(url, file).toMatch(new RegExp(`^${ORIGIN}/repo/`));
    }
    expect(checked).toBeGreaterThan(100);
    // A link written in Markdown as /posts/math-and-code/#code got the base from rehype-base-links.
    expect(site.read('posts/nested/plain/index.html')).toContain('href="/repo/posts/math-and-code/#code"');
    expect(site.read('index.html')).toContain(`<link rel="canonical" href="${ORIGIN}/repo/">`);
  });

  test('KaTeX, widget and search scripts and styles are under /repo/; CSS asks for nothing outside it', () => {
    const post = site.read('posts/math-and-code/index.html');
    expect(post).toContain('<style data-katex-css>');
    expect(post).toContain('url(/repo/katex/fonts/KaTeX_Main-Regular.woff2)');
    const widget = site.read('posts/with-widget/index.html');
    const scripts = [...widget.matchAll(/<script type="module" src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThanOrEqual(2); // the widget's loader and the search button
    for (const src of scripts) expect(resolves(src), src).toBe(true);
    // The search button's chunk opens the dialog with the base, which loads /repo/pagefind/pagefind.js.
    const search = scripts.find((src) => src.includes('/Search.astro'))!;
    expect(site.read(withoutBase(search, BASE)!.slice(1))).toContain('createSearch(`/repo/`)');
    expect(files().has('pagefind/pagefind.js')).toBe(true);
    // Stylesheets are files or, since they are small, <style> in the pages.
    const sheets = site.files().filter((f) => f.endsWith('.css') || f.endsWith('.html'));
    let urls = 0;
    for (const file of sheets) {
      const css = file.endsWith('.css')
        ? site.read(file)
        : [...site.read(file).matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]).join('\n');
      for (const [, url] of css.matchAll(/url\(["']?(\/[^)"']*)/g)) {
        expect(url, file).toMatch(/^\/repo\//);
        expect(resolves(url!), `${file}: ${url} names no built file`).toBe(true);
        urls++;
      }
    }
    expect(urls, 'the fonts of the site and of KaTeX').toBeGreaterThan(20);
  });

  test('the feed, the sitemap and robots.txt point under /repo/', () => {
    const feed = site.read('rss.xml');
    const links = [...feed.matchAll(/<link>([^<]+)<\/link>/g)].map((m) => m[1]!);
    expect(links).toContain(`${ORIGIN}/repo/posts/math-and-code/`);
    for (const link of links) expect(link).toMatch(new RegExp(`^${ORIGIN}/repo/`));
    expect(feed).toContain(`<atom:link href="${ORIGIN}/repo/rss.xml"`);
    // A link inside a post's content (in a CDATA section, as the feed carries the content as text).
    expect(feed).toContain(`href="${ORIGIN}/repo/posts/math-and-code/#code"`);
    const locs = [...site.read('sitemap-0.xml').matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
    expect(locs).toContain(`${ORIGIN}/repo/posts/nested/plain/`);
    for (const loc of locs) expect(loc).toMatch(new RegExp(`^${ORIGIN}/repo/`));
    expect(site.read('sitemap-0.xml')).toContain('<lastmod>'); // dates still found through the base
    expect(site.read('robots.txt')).toBe(`User-agent: *\nAllow: /repo/\n\nSitemap: ${ORIGIN}/repo/sitemap-index.xml\n`);
  });

  test('a link that leaves the base is reported by the link checker', async () => {
    const { checkLinks } = await import('../../src/integrations/check-links.ts');
    expect(await checkLinks(site.out, ORIGIN, { base: BASE })).toEqual([]);
    // Checked against the root instead, every link of this build points outside "/" + nothing:
    const outside = await checkLinks(site.out, ORIGIN, { base: '/elsewhere/' });
    expect(outside.length).toBeGreaterThan(10);
    expect(outside[0]?.reason).toMatch(/^\/repo\/.* is outside the site's base path \/elsewhere\/$/);
  });

  test('served under /repo/, pages load their styles and scripts and search finds a post', async () => {
    expect(existsSync(join(site.out, 'index.html'))).toBe(true);
    const server = await serve(site.out, 0, BASE);
    const browser = await launch();
    try {
      expect(server.url).toMatch(/\/repo\/$/);
      const page = await browser.newPage();
      const failed: string[] = [];
      page.on('response', (response) => {
        if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
      });
      await page.goto(new URL('posts/with-widget/', server.url).href);
      await page.waitForSelector('figure[data-widget-state="live"]', { timeout: 30_000 });
      await page.keyboard.press('/');
      await page.locator('#search-input').fill('plain');
      await page.locator('#search-results a').first().waitFor({ timeout: 15_000 });
      const hrefs = await page.locator('#search-results > li > a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
      expect(hrefs).toContain('/repo/posts/nested/plain/');
      expect(failed).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
    }
  });
});

describe('the GitHub Pages workflow', () => {
  test('builds with the base path and origin GitHub reports and uploads dist/', async () => {
    const { readFileSync } = await import('node:fs');
    const workflow = readFileSync('.github/workflows/pages.yml', 'utf8');
    expect(workflow).toContain('uses: actions/configure-pages@');
    expect(workflow).toContain(`ADJOINT_BASE: $\{{ steps.pages.outputs.base_path }}`);
    expect(workflow).toContain(`ADJOINT_SITE: $\{{ steps.pages.outputs.origin }}`);
    expect(workflow).toMatch(/run: npm ci\n\s+- name: Build\n\s+run: npm run build/);
    expect(workflow).toMatch(/uses: actions\/upload-pages-artifact@v\d+\n\s+with:\n\s+path: dist\n/);
    expect(workflow).toContain('uses: actions/deploy-pages@');
    // configure-pages gives "/repo" (no trailing slash) or "/": both are bases the build accepts.
    expect(normalizeBase('/repo')).toBe('/repo/');
  });
});
