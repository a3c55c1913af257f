// A build bundles the client code of the islands its content uses and nothing else
// (src/integrations/islands.ts): which widgets and whether live cells appear is read from
// Astro's content store, and a widget no page uses never reaches `_astro/`.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { islandsModule, usedIslands, widgetsWithLoaders } from '../../src/integrations/islands.ts';
import { buildFixture, OUT } from './build.ts';

describe('usedIslands: the widgets and cells in the content store', () => {
  test('reads widget names and live cells from the JSON text of the store and from plain HTML', () => {
    const store = JSON.stringify([
      '<figure class="widget" data-widget="grad-check" data-attrs="{}">',
      '<p>text</p><figure class="widget widget--aside" data-widget="kink">',
      '<figure data-widget="grad-check">',
    ]);
    expect(store).toContain('data-widget=\\"kink\\"');
    expect(usedIslands(Buffer.from(store))).toEqual({ widgets: new Set(['grad-check', 'kink']), cells: false });
    expect(usedIslands(Buffer.from('<figure class="cell" data-cell="1" data-timeout="3000">'))).toEqual({
      widgets: new Set(),
      cells: true,
    });
  });

  test('a widget written about in prose or code is not a widget on the page', () => {
    // Shiki and Markdown escape the quotes of HTML shown as text.
    expect(usedIslands(Buffer.from('<code>data-widget=&quot;kink&quot;</code> and ::kink in text')).widgets).toEqual(new Set());
  });
});

describe('islandsModule: the module the layouts import', () => {
  const widgets = widgetsWithLoaders('src/widgets');

  test('finds every widget folder with a Loader.astro', () => {
    expect(widgets).toEqual(expect.arrayContaining(['grad-check', 'kink', 'nn-playground']));
    for (const name of widgets) expect(readFileSync(join('src/widgets', name, 'Loader.astro'), 'utf8')).toContain('<script>');
  });

  test('imports the loaders of used widgets only; the others and unused cells fail if rendered', () => {
    const source = islandsModule('src', { widgets: new Set(['kink']), cells: false });
    expect(source).toContain(`from ${JSON.stringify(join('src', 'widgets', 'kink', 'Loader.astro'))}`);
    expect(source).not.toContain('grad-check/Loader.astro');
    expect(source).toContain(`from ${JSON.stringify(`${join('src', 'widgets', 'kink', 'kink.css')}?inline`)}`);
    expect(source).not.toContain('grad-check.css');
    expect(source).not.toContain('CellScripts.astro');
    expect(source).toContain('"grad-check": notBundled("the widget grad-check"),');
    expect(source).toContain("export const CellScripts = notBundled('a live cell');");
    expect(source).toContain('its script was not bundled');
  });

  test('a stand-in throws when a page renders it, naming the island', async () => {
    const file = join(OUT, 'islands-module.mjs');
    mkdirSync(OUT, { recursive: true });
    writeFileSync(file, islandsModule('src', { widgets: new Set(), cells: false }));
    const module = (await import(pathToFileURL(resolve(file)).href)) as { loaders: Record<string, unknown>; CellScripts: unknown };
    const render = (component: unknown) => () => (component as (result: object, props: object, slots: object) => unknown)({}, {}, {});
    expect(render(module.loaders.kink)).toThrow('the widget kink is used by a page, but its script was not bundled');
    expect(render(module.CellScripts)).toThrow('a live cell is used by a page, but its script was not bundled');
  });

  test('imports everything when the content is unknown (dev server, no content store)', () => {
    const source = islandsModule('src', { widgets: 'all', cells: true });
    for (const name of widgets) expect(source).toContain(join('src', 'widgets', name, 'Loader.astro'));
    expect(source).toContain('grad-check.css?inline');
    expect(source).toContain(`export { default as CellScripts } from ${JSON.stringify(join('src', 'cells', 'CellScripts.astro'))};`);
    expect(source).not.toContain('notBundled("');
  });
});

describe('a site that uses one widget and no live cells', () => {
  let site: ReturnType<typeof buildFixture>;
  const scripts = () => readdirSync(join(site.out, '_astro')).filter((name) => name.endsWith('.js'));

  beforeAll(() => {
    site = buildFixture('widgets-ok', { as: 'islands-widgets-ok' });
    if (!site.ok) throw new Error(`fixture build failed:\n${site.log}`);
  });

  test('the build says which islands it bundles', () => {
    expect(site.log).toContain('islands used by the content: widgets grad-check; live cells no');
  });

  test("_astro/ holds grad-check's loader and element and no other widget's, no cell runner and no editor", () => {
    // Each widget bundles a Loader.astro script and a lazily imported element.ts chunk; a full
    // site has six of each.
    expect(scripts().filter((name) => name.startsWith('Loader.astro'))).toHaveLength(1);
    const elements = scripts().filter((name) => name.startsWith('element.'));
    expect(elements).toHaveLength(1);
    expect(readFileSync(join(site.out, '_astro', elements[0]!), 'utf8')).toContain('grad-check__table');
    expect(scripts().filter((name) => /^(CellScripts|editor|runner|worker)\b/.test(name))).toEqual([]);
    // CodeMirror's view names its root element .cm-editor.
    const code = scripts().map((name) => readFileSync(join(site.out, '_astro', name), 'utf8'));
    expect(code.filter((text) => text.includes('cm-editor'))).toEqual([]);
  });

  test('every script a page loads was built', () => {
    const html = site.read('posts/with-widget/index.html');
    const loaded = [...html.matchAll(/<script[^>]*\ssrc="\/_astro\/([^"]+)"/g)].map((match) => match[1]);
    expect(loaded.length).toBeGreaterThan(0);
    for (const name of loaded) expect(scripts()).toContain(name);
  });
});
