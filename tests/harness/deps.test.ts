// The import rules of .dependency-cruiser.cjs, each proven to fire: every folder under
// tests/fixtures/deps/ is a tiny project that breaks exactly the rule it is named after
// (clean/ breaks none), run through the same checker as `npm run deps`.
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { astroToTs, checkDependencies } from '../../scripts/check-deps.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURES = resolve(ROOT, 'tests/fixtures/deps');
const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as { forbidden: Array<{ name: string }> };

const check = (fixture: string) => checkDependencies(resolve(FIXTURES, fixture), ['src'], undefined, ROOT);

describe('each import rule fires on a tree that breaks it', () => {
  const rules = config.forbidden.map((rule) => rule.name);

  it('every rule has a fixture, and every fixture is a rule (or clean/)', () => {
    expect(readdirSync(FIXTURES).sort()).toEqual([...rules, 'clean'].sort());
  });

  it.each(rules)('%s', async (rule) => {
    const { violations, text } = await check(rule);
    expect(violations.map((v) => v.rule)).toContain(rule);
    // Nothing else fires: each fixture isolates its rule.
    expect(new Set(violations.map((v) => v.rule))).toEqual(new Set([rule]));
    // The report names the rule and says how to fix it (the rule's comment).
    expect(text).toContain(`error ${rule}:`);
  });

  it('names the files, for a transitive rule too (browser code two imports away from build-only code)', async () => {
    const { violations } = await check('browser-never-reaches-build-only');
    expect(violations).toContainEqual(
      expect.objectContaining({ from: 'src/widgets/demo/element.ts', to: 'src/widgets/demo/png.build.ts' }),
    );
  });

  it('reads .astro files, and reports them by their own name', async () => {
    const { violations } = await check('layouts-no-integrations');
    expect(violations).toEqual([
      { rule: 'layouts-no-integrations', from: 'src/layouts/Post.astro', to: 'src/integrations/katex-assets.ts' },
    ]);
  });

  it('renderers may import the types of the data they draw', async () => {
    const { violations } = await check('renderers-take-data');
    expect(violations).toEqual([
      { rule: 'renderers-take-data', from: 'src/widgets/demo/render/chart.ts', to: 'src/widgets/demo/train.ts' },
    ]);
  });

  it('reports a cycle with its steps', async () => {
    const { violations } = await check('no-circular');
    expect(violations[0]?.cycle).toEqual(expect.arrayContaining(['src/a.ts', 'src/b.ts']));
  });

  it('a tree that keeps every rule passes', async () => {
    const { violations, text } = await check('clean');
    expect(violations, text).toEqual([]);
  });
});

describe('astroToTs', () => {
  it('keeps the frontmatter and every <script>, and nothing of the markup', () => {
    const ts = astroToTs(
      "---\nimport A from './A.astro';\n---\n<p>import x from 'not-code'</p>\n<script>\n  import { b } from './b.ts';\n</script>\n<script type=\"module\">import('./c.ts')</script>\n",
    );
    expect(ts).toContain("import A from './A.astro';");
    expect(ts).toContain("import { b } from './b.ts';");
    expect(ts).toContain("import('./c.ts')");
    expect(ts).not.toContain('not-code');
  });
});
