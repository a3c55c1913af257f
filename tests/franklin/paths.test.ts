import { describe, expect, it } from 'vitest';
import { isIgnored, planSite, routeFor } from '../../src/franklin/paths.build.ts';

const url = (path: string, options = {}) => routeFor(path, options).url;

describe("Franklin's URL rules", () => {
  it('publishes pages at folder URLs, keeping case and dots', () => {
    expect(routeFor('index.md')).toEqual({ source: 'index.md', kind: 'page', url: '/', output: 'index.html', aliases: [] });
    expect(routeFor('about.md')).toEqual({
      source: 'about.md',
      kind: 'page',
      url: '/about/',
      output: 'about/index.html',
      aliases: ['/about'],
    });
    expect(url('cs/ml/dl/foo.md')).toBe('/cs/ml/dl/foo/');
    expect(url('Notes/V1.2/Chain.Rule.md')).toBe('/Notes/V1.2/Chain.Rule/');
    expect(routeFor('foo/index.md')).toMatchObject({ url: '/foo/', output: 'foo/index.html', aliases: ['/foo'] });
    expect(url('raw.html')).toBe('/raw/');
    expect(url('old.htm')).toBe('/old/');
  });

  it('keeps 404 and keep_path pages at their .html path', () => {
    expect(routeFor('404.md')).toMatchObject({ url: '/404.html', output: '404.html' });
    expect(url('blog/legacy.md', { keepPath: ['blog/legacy.md'] })).toBe('/blog/legacy.html');
    expect(url('feeds/a.html', { keepPath: ['feeds/'] })).toBe('/feeds/a.html');
    expect(url('blog/other.md', { keepPath: ['blog/legacy.md'] })).toBe('/blog/other/');
  });

  it('serves a Pluto export where Franklin did, with the forms posts link to', () => {
    expect(routeFor('a/b/nb.jl.html')).toEqual({
      source: 'a/b/nb.jl.html',
      kind: 'notebook',
      url: '/a/b/nb.jl/',
      output: 'a/b/nb.jl/index.html',
      aliases: ['/a/b/nb.jl', '/a/b/nb.jl.html'],
    });
  });

  it('strips the underscore of _assets and copies other files at their paths', () => {
    expect(routeFor('_assets/img/plot.png')).toMatchObject({ kind: 'file', url: '/assets/img/plot.png', output: 'assets/img/plot.png' });
    expect(routeFor('_assets/notes/raw.md')).toMatchObject({ kind: 'file', url: '/assets/notes/raw.md' });
    expect(routeFor('papers/Draft v2.pdf')).toMatchObject({ kind: 'file', url: '/papers/Draft v2.pdf' });
    expect(routeFor('notebooks/nb.jl')).toMatchObject({ kind: 'file', url: '/notebooks/nb.jl' });
  });

  it("skips Franklin's machinery, output and ignored files, and says why", () => {
    for (const path of [
      '_layout/head.html',
      '_css/franklin.css',
      '_libs/katex/katex.min.js',
      '_rss/head.xml',
      '_literate/a.jl',
      'config.md',
      'utils.jl',
    ]) {
      expect(routeFor(path)).toMatchObject({ kind: 'infra', url: null });
    }
    for (const path of ['__site/index.html', '__cache/x', '.git/HEAD', '.gitignore', 'README.md', 'LICENSE.md']) {
      expect(routeFor(path)).toMatchObject({ kind: 'ignored', url: null });
    }
    expect(routeFor('README.md').reason).toBe('Franklin ignores README.md and LICENSE.md');
    expect(routeFor('docs/README.md').kind).toBe('page'); // only the root one, as an exact path
    const options = { ignore: ['drafts/', 'notes.md', /^tmp_/] };
    expect(routeFor('drafts/x.md', options)).toMatchObject({ kind: 'ignored', reason: "matched by config.md's `ignore`" });
    expect(routeFor('notes.md', options).kind).toBe('ignored');
    expect(routeFor('sub/notes.md', options).kind).toBe('page');
    expect(routeFor('tmp_scratch.md', options).kind).toBe('ignored');
    expect(isIgnored('a/tmp_b.md', [/tmp_/])).toBe(true); // a regex matches anywhere, like Julia's match
  });
});

describe('planning a whole site', () => {
  it('returns every source of a URL that two files would take', () => {
    const plan = planSite(['foo.md', 'foo/index.md', 'bar.md', 'bar.html', 'index.md', '_assets/a.png', 'assets/a.png']);
    expect(plan.collisions).toEqual([
      { url: '/assets/a.png', sources: ['_assets/a.png', 'assets/a.png'] },
      { url: '/bar/', sources: ['bar.html', 'bar.md'] },
      { url: '/foo/', sources: ['foo.md', 'foo/index.md'] },
    ]);
  });

  it('drops an alias that a real file owns: the notebook source beside its export', () => {
    const plan = planSite(['nb/intro.jl', 'nb/intro.jl.html']);
    expect(plan.collisions).toEqual([]);
    expect(plan.routes.find((r) => r.source === 'nb/intro.jl.html')?.aliases).toEqual(['/nb/intro.jl.html']);
    expect(plan.routes.find((r) => r.source === 'nb/intro.jl')?.url).toBe('/nb/intro.jl');
  });
});
