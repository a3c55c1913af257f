// Pluto notebooks in a built site: the pluto-site fixture (tests/fixtures/pluto-site/, exports
// made by tests/franklin/pluto-export.ts the way Pluto's Export.jl does) built by the real
// Astro config, and its bad-input variants.
import { Buffer } from 'node:buffer';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, relative, resolve } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { resolvePath } from '../../scripts/serve.mjs';
import { plutoNotebookFile } from '../franklin/pluto-export.ts';
import { DESCENT, descentPlotPng, SLIDER, SOURCE_ONLY } from '../fixtures/pluto-site/notebooks.ts';
import { type Built, buildFixture } from './build.ts';

const FIXTURE = '../../fixtures/pluto-site';
let site: Built;

beforeAll(() => {
  site = buildFixture(`${FIXTURE}/content`, { as: 'pluto-site' });
  if (!site.ok) throw new Error(`the pluto-site fixture did not build:\n${site.log}`);
});

const page = (path: string) => site.read(`${path}index.html`);

/** The URLs Pagefind indexed: one gzipped JSON fragment per page (see tests/site/search.test.ts). */
function searchable(built: Built): string[] {
  const dir = join(built.out, 'pagefind/fragment');
  return readdirSync(dir)
    .map((file) => {
      const text = gunzipSync(readFileSync(join(dir, file))).toString('utf8');
      return (JSON.parse(text.slice(text.indexOf('{'))) as { url: string }).url;
    })
    .sort();
}
/** The notebook's part of a page (its cells), without the layout around it. */
const cells = (html: string) => html.slice(html.indexOf('<div class="prose notebook__cells"'), html.indexOf('</article>'));

describe('a Pluto export becomes a page at its Franklin URL', () => {
  test('every notebook has its page, its .jl source, its pictures and the redirect from the old .jl.html', () => {
    const files = site.files().filter((f) => f.startsWith('notebooks/'));
    expect(files.sort()).toEqual(
      [
        'notebooks/bind/slider.jl.html',
        'notebooks/bind/slider.jl/index.html',
        'notebooks/bind/slider.jl/slider.jl',
        'notebooks/descent.jl.html',
        'notebooks/descent.jl/a1f0c6d2-5555-4c1e-9a51-1f0e6b7d2a05.png',
        'notebooks/descent.jl/a1f0c6d2-6666-4c1e-9a51-1f0e6b7d2a06.svg',
        'notebooks/descent.jl/descent.jl',
        'notebooks/descent.jl/index.html',
        'notebooks/newton.jl/index.html',
        'notebooks/newton.jl/newton.jl',
      ].sort(),
    );
    expect(site.log).not.toContain('[notebooks]');
  });

  test('the old URLs resolve the way scripts/serve.mjs (and GitHub Pages, Netlify) serve them', async () => {
    const root = resolve(site.out);
    expect(await resolvePath(root, '/notebooks/descent.jl')).toEqual({ redirect: '/notebooks/descent.jl/' });
    expect(await resolvePath(root, '/notebooks/descent.jl/')).toEqual({ file: join(root, 'notebooks/descent.jl/index.html') });
    expect(await resolvePath(root, '/notebooks/descent.jl.html')).toEqual({ file: join(root, 'notebooks/descent.jl.html') });
    const redirect = site.read('notebooks/descent.jl.html');
    expect(redirect).toContain('<meta http-equiv="refresh" content="0;url=/notebooks/descent.jl/">');
    expect(redirect).toContain('<link rel="canonical" href="https://adjoint.example.org/notebooks/descent.jl/">');
    expect(redirect).toContain('<meta name="robots" content="noindex">');
  });

  test('title, description, date and tags come from the frontmatter; one <h1>, the notebook opening heading', () => {
    const html = page('notebooks/descent.jl/');
    expect(html).toContain('<title>Gradient descent on a parabola · Adjoint</title>');
    expect(html).toContain(`<meta name="description" content="${DESCENT.frontmatter!.description}">`);
    expect(html).toContain('<time datetime="2024-05-06">');
    expect(html).toContain('<meta property="article:tag" content="optimisation">');
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(html).toMatch(/<h1 class="notebook__title"[^>]*>Gradient descent on a parabola<\/h1>/);
    // Without a frontmatter title, the opening heading is the title (and is not shown twice).
    const slider = page('notebooks/bind/slider.jl/');
    expect(slider).toContain('<title>Choosing the step size · Adjoint</title>');
    expect(slider.match(/Choosing the step size<\/h[12]>/g)).toHaveLength(1);
  });

  test('math is typeset by KaTeX at build time, with site macros and the notebook’s own redefinition', () => {
    const body = cells(page('notebooks/descent.jl/'));
    expect(body).not.toContain('class="tex"');
    expect(body).not.toContain('nb-math-error');
    expect(body.match(/class="katex"/g)!.length).toBeGreaterThan(8);
    expect(body).toContain('<span class="katex-display" tabindex="0">');
    // \R is the site's macro; \norm is redefined by this notebook (‖x‖_∞), \err defined in one cell and used in it.
    expect(body).toContain('<span class="mord mathbb">R</span>');
    const norm = body.slice(body.indexOf('\\norm{x}'), body.indexOf('is the largest entry'));
    expect(norm).toContain('∞');
    expect(body).toContain('<annotation encoding="application/x-tex">\\err{x_{k+1}}');
    expect(page('notebooks/descent.jl/')).toContain('<style data-katex-css>');
  });

  test('code is highlighted as Julia in both themes; folded code is collapsed, folded Markdown source left out', () => {
    const body = cells(page('notebooks/descent.jl/'));
    expect(body).toContain('data-language="julia"');
    expect(body).toMatch(/--shiki-light:#[0-9A-Fa-f]{6};--shiki-dark:#[0-9A-Fa-f]{6}/);
    expect(body).toContain('<details class="nb-code nb-code--folded"><summary>Show code</summary>');
    expect(body).not.toContain('md"""');
    // A disabled cell shows its code and says it did not run.
    expect(body).toContain('run_the_slow_benchmark');
    expect(body).toContain('This cell is disabled in the notebook');
  });

  test('outputs: plain text, a tree, a table, a PNG and a sanitized SVG plot, each in display order', () => {
    const body = cells(page('notebooks/descent.jl/'));
    const order = DESCENT.cells.map((c) => body.indexOf(`id="${c.id}"`));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
    expect(body).toContain('<code>f (generic function with 1 method)</code>');
    expect(body).toContain('<code class="nb-tree nb-tree--inline">Float64[1.5, 2.25, 2.625, 2.8125, 2.90625, 2.953125]</code>');
    expect(body).toContain('<th scope="col">loss<br><small>Float64</small></th>');
    const png = '/notebooks/descent.jl/a1f0c6d2-5555-4c1e-9a51-1f0e6b7d2a05.png';
    expect(body).toContain(
      `<img class="nb-out nb-out--picture" src="${png}" alt="Output of the cell plot(0:0.01:6, f); scatter!([0; xs], f.([0; xs]))"`,
    );
    expect(Buffer.from(readFileSync(join(site.out, png))).equals(Buffer.from(descentPlotPng()))).toBe(true);
    const svg = site.read('notebooks/descent.jl/a1f0c6d2-6666-4c1e-9a51-1f0e6b7d2a06.svg');
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('<polyline clip-path="url(#clip1)"');
    expect(svg).not.toMatch(/<script|onload|alert/);
  });

  test('@bind controls show their saved value with a note; an errored cell shows Pluto’s message without colour codes', () => {
    const body = cells(page('notebooks/bind/slider.jl/'));
    expect(body).toContain('<code>η</code> = <output>0.25</output>');
    expect(body).toContain('<code>show_steps</code> = <output>true</output>');
    expect(body.match(/moving this control needs Julia/g)).toHaveLength(2);
    expect(body).not.toMatch(/<input|<bond/);
    expect(body).toContain('This cell failed when the notebook was last run:');
    expect(body).toContain('<p class="nb-error__message">the step size is too small to diverge</p>');
    expect(body).not.toContain('\u001b');
    expect(body).toContain(
      '<pre class="nb-out nb-out--text" tabindex="0" aria-label="Output of cell 5"><code>8.58306884765625e-6</code></pre>',
    );
  });

  test('nothing from a notebook runs script, and no Pluto or CDN URL reaches the reader', () => {
    const layoutScripts = page('about/').match(/<script[\s\S]*?<\/script>/g) ?? [];
    for (const path of ['notebooks/descent.jl/', 'notebooks/bind/slider.jl/', 'notebooks/newton.jl/']) {
      const html = page(path);
      expect(html.match(/<script[\s\S]*?<\/script>/g) ?? [], path).toEqual(layoutScripts);
      expect(html, path).not.toMatch(/\son[a-z]+=/i);
      expect(html, path).not.toMatch(/javascript:|<iframe|<foreignObject|data:text\/html/i);
      expect(html, path).not.toMatch(/jsdelivr|unpkg|cdnjs|mybinder|plutojl\.org|\/\/[^"'\s]*pluto/i);
    }
    const hostile = cells(page('notebooks/bind/slider.jl/'));
    expect(hostile).toContain('<a>a link that runs code</a>');
    expect(hostile).toContain('<svg width="10" height="10"><circle cx="5" cy="5" r="4"></circle></svg>');
    expect(hostile).toContain('<p style="color: teal">Only this text and the circle survive.</p>');
  });

  test('"Download notebook (.jl)" serves the notebook source, byte for byte', () => {
    expect(page('notebooks/descent.jl/')).toContain(
      '<a class="notebook__download" href="/notebooks/descent.jl/descent.jl" download="descent.jl">Download notebook (.jl)</a>',
    );
    expect(site.read('notebooks/descent.jl/descent.jl')).toBe(plutoNotebookFile(DESCENT));
    expect(site.read('notebooks/bind/slider.jl/slider.jl')).toBe(plutoNotebookFile(SLIDER));
    expect(site.read('notebooks/newton.jl/newton.jl')).toBe(
      readFileSync('tests/fixtures/pluto-site/content/franklin/notebooks/newton.jl', 'utf8'),
    );
  });

  test('a bare .jl notebook is a page without outputs that says so', () => {
    const html = page('notebooks/newton.jl/');
    expect(html).toContain('<title>Newton steps, source only · Adjoint</title>');
    expect(html).toContain('its outputs were not saved');
    expect(html).toMatch(/<h1 class="notebook__title"[^>]*>Newton steps<\/h1>/);
    expect(cells(html)).toContain('<p>Each step divides by the slope:</p>');
    expect(cells(html)).toContain('class="katex-display"');
    expect(cells(html)).toContain('$(newton_root)');
    expect(cells(html)).not.toContain('nb-output');
    expect(SOURCE_ONLY.cells).toHaveLength(3);
  });

  test('notebook pages are in the sitemap; the redirect pages are not', () => {
    const sitemap = site.read('sitemap-0.xml');
    expect(sitemap).toContain('<loc>https://adjoint.example.org/notebooks/descent.jl/</loc>');
    expect(sitemap).toContain('<loc>https://adjoint.example.org/notebooks/newton.jl/</loc>');
    expect(sitemap).not.toContain('.jl.html');
  });
});

describe('a notebook with a date is a post, as a dated Franklin page is', () => {
  const descent = '/notebooks/descent.jl/';

  test('the home page lists it with its date, description and tags; undated notebooks are not listed', () => {
    const home = site.read('index.html');
    const list = home.slice(home.indexOf('<ol class="post-list"'), home.indexOf('</ol>', home.indexOf('<ol class="post-list"')));
    expect(list).toMatch(new RegExp(`<a href="${descent}"[^>]*>Gradient descent on a parabola</a>`));
    expect(list).toMatch(/<time datetime="2024-05-06"[^>]*>6 May 2024<\/time>/);
    expect(list).toContain(DESCENT.frontmatter!.description as string);
    expect(list).toMatch(/<a class="tag-pill" href="\/tags\/optimisation\/"[^>]*>optimisation<\/a>/);
    expect(list).not.toContain('/notebooks/newton.jl/');
    expect(list).not.toContain('/notebooks/bind/slider.jl/');
  });

  test('its tags have pages that list it, and Franklin’s tag URLs redirect to them', () => {
    for (const tag of ['optimisation', 'julia']) {
      expect(site.read(`tags/${tag}/index.html`)).toContain(`href="${descent}"`);
      expect(site.read(`tag/${tag}/index.html`)).toContain(`url=/tags/${tag}/`);
    }
    expect(site.read('tags/index.html')).toContain('href="/tags/optimisation/"');
  });

  test('it is in /rss.xml and /feed.xml, with its cells as content and its pictures at absolute URLs', () => {
    const rss = site.read('rss.xml');
    const item = rss.slice(rss.indexOf('<item><title>Gradient descent on a parabola</title>'));
    expect(item).toContain(`<link>https://adjoint.example.org${descent}</link>`);
    expect(item).toContain('<category>optimisation</category>');
    expect(item).toContain('<pubDate>Mon, 06 May 2024 00:00:00 GMT</pubDate>');
    expect(item).toContain(`src="https://adjoint.example.org${descent}a1f0c6d2-5555-4c1e-9a51-1f0e6b7d2a05.png"`);
    expect(item.slice(0, item.indexOf('</item>'))).toContain('f (generic function with 1 method)');
    expect(site.read('feed.xml')).toContain(`<link>https://adjoint.example.org${descent}</link>`);
    expect(rss).not.toContain('/notebooks/newton.jl/');
  });

  test('every notebook page is searchable; the home page, tag pages and redirect pages are not', () => {
    expect(searchable(site)).toEqual(['/about/', '/notebooks/bind/slider.jl/', descent, '/notebooks/newton.jl/', '/posts/links/'].sort());
  });

  test('its tags use the shared tag list; an undated notebook’s tag that no post has is shown without a dead link', () => {
    expect(page(descent)).toMatch(/<ul class="tags" aria-label="Tags"[^>]*><li[^>]*><a class="tag-pill" href="\/tags\/optimisation\/"/);
    const newton = page('notebooks/newton.jl/');
    expect(newton).toMatch(/<span class="tag-pill"[^>]*>root finding<\/span>/);
    expect(newton).not.toContain('/tags/root-finding/');
    expect(existsSync(join(site.out, 'tags/root-finding'))).toBe(false);
  });

  test('a cell’s logs are shown under it: printed text as one block, records with their level; none where turned off', () => {
    const html = cells(page(descent));
    const cell = html.slice(html.indexOf('id="a1f0c6d2-9999'));
    expect(cell).toContain('<ul class="nb-logs" aria-label="Logs of cell 8">');
    expect(cell).toContain('step 1: x = 1.5\nstep 2: x = 2.25\nstep 3: x = 2.625\n</pre>');
    expect(cell).toMatch(
      /<span class="nb-log__level">warning<\/span><div class="nb-log__message"><span class="nb-log__text-message">every iterate stays below the minimum: x &lt; 3<\/span>/,
    );
    expect(page('notebooks/bind/slider.jl/')).not.toContain('Precompiling');
  });
});

describe('bad notebooks', () => {
  test('corrupt base64 or MessagePack fails the build, naming every broken export; nothing is published', () => {
    const built = buildFixture(`${FIXTURE}/corrupt/content`, { as: 'pluto-corrupt' });
    expect(built.ok).toBe(false);
    expect(built.log).toContain('2 Pluto notebook(s) cannot be read; fix or remove them:');
    expect(built.log).toContain(
      'tests/fixtures/pluto-site/corrupt/content/franklin/a/broken-base64.jl.html: pluto_statefile: corrupt base64 (unexpected `!` at character 1)',
    );
    expect(built.log).toMatch(/corrupt\/content\/franklin\/b\/broken-msgpack\.jl\.html: pluto_statefile: corrupt MessagePack \(/);
    expect(built.log).not.toContain('Browser APIs');
    expect(existsSync(join(built.out, 'index.html'))).toBe(false);
  });

  test('what Adjoint cannot show is a warning naming file and cell (the page still builds), and an error under strict', () => {
    const relaxed = buildFixture(`${FIXTURE}/unshowable/content`, { as: 'pluto-unshowable' });
    expect(relaxed.ok).toBe(true);
    expect(relaxed.log).toMatch(
      /\[notebooks\] \S*unshowable\/content\/franklin\/half\.jl\.html: cell d4a3f9a5-1111-4b7c-8d9e-2f3a4b5c6d01: math \$\\frac\{1\}\{2\$: KaTeX parse error/,
    );
    expect(relaxed.log).toContain(
      'cell d4a3f9a5-2222-4b7c-8d9e-2f3a4b5c6d02: an output of type application/vnd.plotly.v1+json cannot be shown without Pluto',
    );
    const html = relaxed.read('half.jl/index.html');
    expect(html).toContain('<code class="nb-math-error" title="KaTeX could not typeset this formula">\\frac{1}{2</code>');
    expect(html).not.toContain('katex-error');
    expect(html).toContain('This output (application/vnd.plotly.v1+json) needs Pluto to be shown.');

    const strict = buildFixture(`${FIXTURE}/unshowable/content`, { as: 'pluto-unshowable-strict', env: { ADJOINT_STRICT: '1' } });
    expect(strict.ok).toBe(false);
    expect(strict.log).toContain('2 notebook warning(s), errors because strict is on (src/site.config.ts, ADJOINT_STRICT):');
    expect(existsSync(join(strict.out, 'index.html'))).toBe(false);
  });
});

describe('notebooks beside the pages of a Franklin site', () => {
  // The franklin-site fixture with this fixture's notebooks added, and the export's own .jl beside it,
  // as a Franklin blog keeps them: both importers read one folder, and neither may publish what the
  // other owns (a file `nb.jl` would collide with the page's folder `nb.jl/`).
  let both: Built;
  beforeAll(() => {
    const src = resolve('tests/.out/franklin-with-notebooks-src');
    rmSync(src, { recursive: true, force: true });
    cpSync('tests/fixtures/franklin-site', src, { recursive: true });
    cpSync('tests/fixtures/pluto-site/content/franklin/notebooks', join(src, 'franklin/notebooks'), { recursive: true });
    writeFileSync(join(src, 'franklin/notebooks/descent.jl'), plutoNotebookFile(DESCENT));
    both = buildFixture(relative(resolve('tests/site/fixtures'), src), { as: 'franklin-with-notebooks' });
  }, 120_000);

  test('builds: Franklin pages, notebook pages, and each notebook source published once, inside its page', () => {
    expect(both.ok, both.log).toBe(true);
    const files = both.files();
    expect(files).toContain('blog/2021/first-steps/index.html');
    for (const nb of ['descent.jl', 'newton.jl', 'bind/slider.jl']) {
      expect(files).toContain(`notebooks/${nb}/index.html`);
      expect(files).toContain(`notebooks/${nb}/${nb.split('/').pop()}`);
      expect(files, 'the .jl is not copied as a Franklin file').not.toContain(`notebooks/${nb}`);
    }
    expect(files).toContain('notebooks/descent.jl.html');
    // The export's page, not the .jl beside it, made the page: it has the saved pictures.
    expect(files).toContain('notebooks/descent.jl/a1f0c6d2-5555-4c1e-9a51-1f0e6b7d2a05.png');
  });

  test('Franklin pages and notebooks are listed, fed and searched together, newest first', () => {
    const page = both.read('index.html');
    // The list of posts, not the introduction from index.md above it (which links to posts too).
    const home = page.slice(page.indexOf('<ol class="post-list"'));
    const order = ['/notebooks/descent.jl/', '/blog/2022/second-order/', '/blog/2021/first-steps/'].map((url) =>
      home.indexOf(`<a href="${url}"`),
    );
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const feed = both.read('feed.xml');
    for (const url of ['/notebooks/descent.jl/', '/blog/2021/first-steps/']) expect(feed).toContain(`${url}</link>`);
    const indexed = searchable(both);
    for (const url of ['/notebooks/descent.jl/', '/notebooks/newton.jl/', '/blog/2021/first-steps/', '/notes/derivation/'])
      expect(indexed).toContain(url);
    expect(indexed).not.toContain('/');
    expect(indexed.some((url) => url.startsWith('/tags/') || url.startsWith('/tag/'))).toBe(false);
  });
});
