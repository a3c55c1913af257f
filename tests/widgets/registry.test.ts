// Widgets are discovered from their folders, so adding one touches nothing outside its
// folder; every table must be internally consistent (a default outside its own range would
// only fail in a post).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { type Attr, defaultsOf, parseValue, resolveAttributes } from '../../src/widgets/attributes.ts';
import { registry, widgetFolders } from '../../src/widgets/registry.build.ts';

const WIDGETS = 'src/widgets';
const names = Object.keys(registry);
const folders = readdirSync(WIDGETS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

describe('registry (discovered, nothing to register)', () => {
  test('every folder of src/widgets is a widget, found by its spec.ts, named after its folder', () => {
    expect(names.length).toBeGreaterThanOrEqual(2);
    expect([...folders].sort()).toEqual(names);
    expect(widgetFolders).toEqual(names);
    for (const [key, widget] of Object.entries(registry)) {
      expect(widget.name).toBe(key);
      expect(key).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(typeof widget.renderStatic).toBe('function');
      for (const file of ['spec.ts', 'static.build.ts', 'element.ts', 'Loader.astro']) {
        expect(existsSync(`${WIDGETS}/${key}/${file}`), `${key}/${file}`).toBe(true);
      }
    }
  });

  test('no shared file names a widget: adding one is adding its folder', () => {
    // Code only: comments may use a real widget as an example.
    const code = (file: string) =>
      readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/(^|[^:])\/\/.*$/gm, '$1');
    const shared = ['WidgetScripts.astro', 'registry.build.ts', 'lazy.ts', 'types.ts', 'attributes.ts', 'docs.ts']
      .map((file) => `${WIDGETS}/${file}`)
      .concat('src/markdown/remark-widgets.ts', 'src/layouts/Post.astro');
    for (const file of shared) for (const name of names) expect(code(file), file).not.toContain(name);
  });

  test('each Loader.astro mounts its own widget, and each element.ts is typed by its own spec', () => {
    for (const name of names) {
      const loader = readFileSync(`${WIDGETS}/${name}/Loader.astro`, 'utf8');
      expect(loader).toContain(`lazyMount('${name}', () => import('./element.ts'))`);
      const element = readFileSync(`${WIDGETS}/${name}/element.ts`, 'utf8');
      expect(element).toContain('export const mount: Mount<typeof spec> =');
      const build = readFileSync(`${WIDGETS}/${name}/static.build.ts`, 'utf8');
      expect(build).toContain('export const renderStatic: RenderStatic<typeof spec> =');
    }
  });
});

describe.each(names)('%s spec', (name) => {
  const widget = registry[name];

  test('defaults are valid values of their own attribute, and every attribute is documented', () => {
    for (const [key, attr] of Object.entries(widget.attributes) as [string, Attr][]) {
      expect(attr.doc.length, key).toBeGreaterThan(10);
      expect(key, 'placement is shared').not.toBe('placement');
      // The default, written out as a link or an author would, parses back to itself.
      expect(parseValue(attr, String(attr.default)), key).toBe(attr.default);
      if (attr.type === 'enum') expect(attr.values).toContain(attr.default);
      if (attr.type === 'int' || attr.type === 'number') {
        expect(attr.default).toBeGreaterThanOrEqual(attr.min);
        expect(attr.default).toBeLessThanOrEqual(attr.max);
        if (attr.type === 'int') expect(Number.isInteger(attr.default)).toBe(true);
      }
    }
    expect(widget.summary.length).toBeGreaterThan(10);
  });

  test('renders static HTML for its defaults and is deterministic', () => {
    const { attrs } = resolveAttributes(widget, {});
    expect(attrs).toEqual(defaultsOf(widget.attributes));
    const html = widget.renderStatic(attrs);
    expect(html.length).toBeGreaterThan(50);
    expect(widget.renderStatic(attrs)).toBe(html);
  });
});

// Import directions (engine ← widgets ← pages; browser code never reaches build-only code, and a
// spec never reaches browser code) are rules in .dependency-cruiser.cjs, checked by `npm run deps`.
