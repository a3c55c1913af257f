// The guide post "Moving a Franklin.jl blog to Adjoint" must stay true: the URLs in its table are
// the ones the import computes (the build-output test, tests/site/franklin.test.ts, checks the
// built site for the same fixture paths).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routeFor } from '../../src/franklin/paths.build.ts';
import { adjointTagUrl, franklinTagUrl, isAdjointUrl } from '../../src/franklin/site.build.ts';
import { CONFIG_DEFAULTS } from '../../src/franklin/vars.build.ts';

const guide = readFileSync('content/posts/guide/moving-from-franklin.md', 'utf8');
const row = (start: string) => guide.split('\n').find((l) => l.startsWith(`| ${start}`)) ?? '';

describe('the Franklin guide post', () => {
  it('gives the URLs the import computes for pages and files', () => {
    expect(row('`blog/2021/first-steps.md`')).toContain('`/blog/2021/first-steps/`');
    expect(routeFor('blog/2021/first-steps.md').url).toBe('/blog/2021/first-steps/');
    expect(row('`_assets/plot.png`')).toContain('`/assets/plot.png`');
    expect(routeFor('_assets/plot.png').url).toBe('/assets/plot.png');
    expect(routeFor('notes/derivation.pdf').url).toBe('/notes/derivation.pdf');
    expect(row('`notebooks/descent.jl.html`')).toContain('`/notebooks/descent.jl/`');
    expect(routeFor('notebooks/descent.jl.html').url).toBe('/notebooks/descent.jl/');
  });

  it("moves the pages whose URL Adjoint owns under /franklin/, and keeps index.md's / for the home page", () => {
    expect(row('`about.md`, `404.md`, `tags.md`')).toContain('`/franklin/about/`');
    for (const page of ['about.md', '404.md', 'tags.md']) expect(isAdjointUrl(routeFor(page).url!), page).toBe(true);
    expect(isAdjointUrl(routeFor('blog/2021/first-steps.md').url!)).toBe(false);
    expect(routeFor('index.md').url).toBe('/');
  });

  it("names the tag URLs both ways, and Franklin's default feed", () => {
    expect(row('`tags = ["chain rule"]` on a post')).toContain('`/tags/chain-rule/`');
    expect(row('`tags = ["chain rule"]` on a post')).toContain('`/tag/chain_rule/`');
    expect(adjointTagUrl('chain rule')).toBe('/tags/chain-rule/');
    expect(franklinTagUrl('chain rule', CONFIG_DEFAULTS.tag_page_path)).toBe('/tag/chain_rule/');
    expect(guide).toContain("Franklin's feed, `/feed.xml`");
    expect(`/${CONFIG_DEFAULTS.rss_file}.xml`).toBe('/feed.xml');
  });
});
