// Build-output tests for widgets: fixture sites built with the real Astro config.
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { FIXTURES, OUT, buildFixture } from './build.ts';

/**
 * Build a fixture from scratch. Astro caches rendered Markdown by the file's content, not by
 * the plugins' code, so a kept cache would hide a change to remark-widgets.
 */
function build(fixture: string) {
  rmSync(join(OUT, `${fixture}.cache`), { recursive: true, force: true });
  return buildFixture(fixture);
}

describe('a site with a widget', () => {
  let site: ReturnType<typeof build>;
  const page = (slug: string) => readFileSync(join(site.out, 'posts', slug, 'index.html'), 'utf8');
  /** The JavaScript files a page loads with <script src>, resolved in the output folder. */
  /** The page's script files, without the search button's, which every page has (tests/site/search.test.ts). */
  const scriptsOf = (html: string) =>
    [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)]
      .map((match) => match[1]!)
      .filter((src) => !src.includes('/Search.astro_astro_type_script'))
      .map((src) => join(site.out, src));

  beforeAll(() => {
    site = build('widgets-ok');
    if (!site.ok) throw new Error(`fixture build failed:\n${site.log}`);
  });

  test('the figure carries the validated attributes and the static first frame', () => {
    const html = page('with-widget');
    expect(html).toMatch(/<figure class="widget widget--aside" data-widget="grad-check" data-attrs="[^"]*" data-widget-state="static">/);
    expect(html).toContain('<option value="sin" selected>sin x</option>');
    // cos(1.25), computed at build time, in the table a reader sees without JavaScript.
    expect(html).toContain(`<td class="grad-check__num">${Math.cos(1.25).toFixed(10)}</td>`);
    expect(html).toContain('<div class="grad-check__plot" role="img"');
    expect(html).toMatch(/<figcaption class="widget__caption">Three derivatives of <span class="math-inline"><span class="katex">/);
  });

  test('the aside section holds the text after it, headings included, up to a --- rule', () => {
    const html = page('with-widget');
    expect(html).toMatch(
      /<div class="widget-section"><figure[\s\S]*?<\/figure><div class="widget-section__text"><p style="--chars:31">The text the aside illustrates.<\/p>[\s\S]*?<h2 id="after">After[\s\S]*?<p style="--chars:10">More text.<\/p><\/div><\/div>\s*<hr>\s*<p style="--chars:31">Not beside the figure any more.<\/p>/,
    );
  });

  test('prose with colons is untouched', () => {
    expect(page('with-widget')).toContain('We met at 10:30; the ratio is 3:2.');
    expect(page('plain')).toContain('Only prose, with a colon at 10:30 and a ratio a:b.');
  });

  /** The code a page runs at load: its module scripts and what they import statically. */
  function staticGraph(entries: string[]): Map<string, string> {
    const seen = new Map<string, string>();
    const queue = [...entries];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      const code = readFileSync(file, 'utf8');
      seen.set(file, code);
      for (const match of code.matchAll(/(?:^|[;\s])import\s*(?:[\w{}\s,*$]+from\s*)?["'](\.\/[^"']+)["']/g)) {
        queue.push(join(file, '..', match[1]));
      }
    }
    return seen;
  }

  test("the page with a widget loads the widget's script, and its element chunk lazily", () => {
    const scripts = scriptsOf(page('with-widget'));
    expect(scripts.length).toBe(1);
    const graph = staticGraph(scripts);
    const code = [...graph.values()].join('\n');
    // Only grad-check's loader: the fixture does not use nn-playground.
    expect(code).not.toContain('nn-playground');
    expect(code).toContain('grad-check');
    expect(code).toContain('IntersectionObserver');
    // The element is a separate chunk, fetched by dynamic import() only when needed.
    expect(code).toMatch(/import\(["'`][^"'`]*element[^"'`]*\.js["'`]\)/);
  });

  test('a page without widgets ships no script file, and no widget code inline', () => {
    const html = page('plain');
    expect(scriptsOf(html)).toEqual([]);
    expect(html.match(/<script[^>]*\ssrc=/g)).toHaveLength(1); // the search button's
    expect(html).not.toContain('lazyMount');
    expect(html).not.toContain('<figure class="widget');
  });

  test("the widget's element code is in its own chunk, not in the loader", () => {
    const assets = readdirSync(join(site.out, '_astro')).filter((name) => name.endsWith('.js'));
    const element = assets.filter((name) => readFileSync(join(site.out, '_astro', name), 'utf8').includes('grad-check__table'));
    expect(element.length).toBeGreaterThan(0);
    const loaded = [...staticGraph(scriptsOf(page('with-widget'))).keys()].map((file) => file.split('/').pop());
    for (const name of element) expect(loaded).not.toContain(name);
  });
});

describe('a bad directive fails the build at file:line:column', () => {
  test('an out-of-range attribute names the range', () => {
    const { ok, log, out } = build('widgets-bad-range');
    expect(ok).toBe(false);
    expect(log).toContain(`${FIXTURES}/widgets-bad-range/posts/bad.md:9:1: ::grad-check: x must be a number from -3 to 3, got "7".`);
    expect(existsSync(join(out, 'posts', 'bad', 'index.html'))).toBe(false);
  });

  test('a repeated attribute is named, not silently reduced to its last value', () => {
    const { ok, log, out } = build('widgets-repeated');
    expect(ok).toBe(false);
    expect(log).toContain(
      `${FIXTURES}/widgets-repeated/posts/repeated.md:7:1: ::grad-check: the attribute "x" is written twice; write it once (only one value can apply).`,
    );
    expect(existsSync(join(out, 'posts', 'repeated', 'index.html'))).toBe(false);
  });

  test('an unknown widget lists the available ones', () => {
    const { ok, log } = build('widgets-unknown');
    expect(ok).toBe(false);
    expect(log).toContain(
      `${FIXTURES}/widgets-unknown/posts/unknown.md:7:1: unknown widget "::grad-chek". Did you mean "::grad-check"? Available widgets: autodiff-graph, dual-sqrt, grad-check`,
    );
  });
});
