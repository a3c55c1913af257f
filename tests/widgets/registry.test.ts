// The registry, the widget folders and WidgetScripts.astro must agree, and every spec must
// be internally consistent: a default outside its own range would only fail in a post.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { resolveAttributes } from '../../src/widgets/attributes.ts';
import { registry } from '../../src/widgets/registry.ts';
import type { AttrSpec } from '../../src/widgets/types.ts';

const WIDGETS = 'src/widgets';
const names = Object.keys(registry);
const folders = readdirSync(WIDGETS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const scripts = readFileSync(`${WIDGETS}/WidgetScripts.astro`, 'utf8');

describe('registry', () => {
  test('each key is its spec name, kebab-case, with a folder holding spec.ts, element.ts and Loader.astro', () => {
    for (const [key, spec] of Object.entries(registry)) {
      expect(spec.name).toBe(key);
      expect(key).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      for (const file of ['spec.ts', 'element.ts', 'Loader.astro']) {
        expect(existsSync(`${WIDGETS}/${key}/${file}`), `${key}/${file}`).toBe(true);
      }
    }
  });

  test('every widget folder is registered', () => {
    expect(folders.sort()).toEqual([...names].sort());
  });

  test('WidgetScripts.astro loads every registered widget', () => {
    for (const name of names) expect(scripts).toContain(`'${name}': `);
  });

  test('each Loader.astro mounts its own widget', () => {
    for (const name of names) {
      const loader = readFileSync(`${WIDGETS}/${name}/Loader.astro`, 'utf8');
      expect(loader).toContain(`lazyMount('${name}', () => import('./element.ts'))`);
    }
  });
});

describe.each(names)('%s spec', (name) => {
  const spec = registry[name as keyof typeof registry];

  test('defaults are valid values of their own attribute, and every attribute is documented', () => {
    for (const [key, attr] of Object.entries(spec.attributes) as [string, AttrSpec][]) {
      expect(attr.doc.length, key).toBeGreaterThan(10);
      expect(key, 'placement is shared').not.toBe('placement');
      if (attr.type === 'enum') expect(attr.values).toContain(attr.default);
      if (attr.type === 'int' || attr.type === 'number') {
        expect(attr.default).toBeGreaterThanOrEqual(attr.min);
        expect(attr.default).toBeLessThanOrEqual(attr.max);
        if (attr.type === 'int') expect(Number.isInteger(attr.default)).toBe(true);
      }
    }
    expect(spec.summary.length).toBeGreaterThan(10);
  });

  test('renders static HTML for its defaults and is deterministic', () => {
    const { attrs } = resolveAttributes(spec, {});
    const html = spec.renderStatic(attrs);
    expect(html.length).toBeGreaterThan(50);
    expect(spec.renderStatic(attrs)).toBe(html);
  });
});

// Import directions (engine ← widgets ← pages, specs never reach browser code) are rules in
// .dependency-cruiser.cjs, checked by `npm run deps`.
