// Bundle only the islands some page uses. Astro bundles the <script> of every component a page
// module can reach, rendered or not, so with every widget's Loader.astro and the live cells'
// CellScripts.astro reachable from the post layout, each build bundled all six widgets, the
// cells' runner and worker and CodeMirror — about a second of a build — although a page only
// ever loads the scripts of the islands it renders. This integration serves the layout those
// components (and the widgets' stylesheets) through `virtual:adjoint/islands`:
//  - in a build, only the islands the rendered content uses. Content is rendered (or read from
//    Astro's cache) before the Vite build starts, so the content store already holds every
//    page's HTML: a widget is used when some page has its `data-widget="name"` figure
//    (remark-widgets), live cells when some page has a `data-cell` figure (remark-live-cells).
//    An island that is not bundled is replaced by a component that fails the build if a page
//    renders it after all, so a page can never ship without its script.
//  - under `astro dev`, every island (nothing is bundled; content changes while it runs).
// When the content store is not where this Astro version keeps it, every island is bundled
// (the build is slower, never wrong) and a warning says so.
import type { AstroIntegration } from 'astro';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MODULE_ID = 'virtual:adjoint/islands';
const RESOLVED_ID = `\0${MODULE_ID}`;

/** Which islands the rendered content uses; `all` when it cannot be told. */
export interface UsedIslands {
  widgets: ReadonlySet<string> | 'all';
  cells: boolean;
}

/**
 * The widgets and live cells used by the pages in Astro's content store (its JSON text, where
 * a page's HTML is a JSON string: `data-widget=\"kink\"`). Plain HTML is read the same way.
 * The store is searched as bytes: decoding its ~10 MB of text for 300 posts would cost more
 * than the search.
 * @example usedIslands(Buffer.from('<figure data-widget=\\"kink\\">')) // { widgets: Set {'kink'}, cells: false }
 */
export function usedIslands(store: Buffer): UsedIslands {
  const widgets = new Set<string>();
  for (let at = store.indexOf('data-widget='); at !== -1; at = store.indexOf('data-widget=', at + 1)) {
    const name = /^data-widget=\\?"([\w-]+)\\?"/.exec(store.toString('latin1', at, at + 80));
    if (name) widgets.add(name[1]!);
  }
  return { widgets, cells: store.indexOf('data-cell=') !== -1 };
}

/** The widgets that have a client script: the folders of src/widgets with a Loader.astro, sorted. */
export function widgetsWithLoaders(widgetsDir: string): string[] {
  return readdirSync(widgetsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(widgetsDir, entry.name, 'Loader.astro')))
    .map((entry) => entry.name)
    .sort();
}

/**
 * The source of `virtual:adjoint/islands`: `loaders` (widget name → Loader.astro), `stylesheets`
 * (widget name → its `<name>.css` as a string, minified by Vite) and `CellScripts`.
 */
export function islandsModule(srcDir: string, used: UsedIslands): string {
  const lines = [
    "import { createComponent } from 'astro/runtime/server/index.js';",
    // Rendering an island that was not bundled means the content store said no page used it.
    'const notBundled = (island) => createComponent(() => {',
    "  throw new Error(island + ' is used by a page, but its script was not bundled: no page used it when the build started (src/integrations/islands.ts).');",
    '});',
  ];
  const entries: string[] = [];
  const styles: string[] = [];
  const widgetsDir = join(srcDir, 'widgets');
  const folders = readdirSync(widgetsDir, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  folders.sort((a, b) => (a.name < b.name ? -1 : 1));
  folders.forEach(({ name }, i) => {
    const loader = join(widgetsDir, name, 'Loader.astro');
    const css = join(widgetsDir, name, `${name}.css`);
    if (used.widgets === 'all' || used.widgets.has(name)) {
      if (existsSync(loader)) {
        lines.push(`import Loader${i} from ${JSON.stringify(loader)};`);
        entries.push(`  ${JSON.stringify(name)}: Loader${i},`);
      }
      if (existsSync(css)) {
        lines.push(`import css${i} from ${JSON.stringify(`${css}?inline`)};`);
        styles.push(`  ${JSON.stringify(name)}: css${i},`);
      }
    } else if (existsSync(loader)) entries.push(`  ${JSON.stringify(name)}: notBundled(${JSON.stringify(`the widget ${name}`)}),`);
  });
  if (used.cells) lines.push(`export { default as CellScripts } from ${JSON.stringify(join(srcDir, 'cells', 'CellScripts.astro'))};`);
  else lines.push("export const CellScripts = notBundled('a live cell');");
  lines.push(`export const loaders = {\n${entries.join('\n')}\n};`);
  lines.push(`export const stylesheets = {\n${styles.join('\n')}\n};`);
  return `${lines.join('\n')}\n`;
}

export default function islands(): AstroIntegration {
  let srcDir = '';
  let cacheDir = '';
  let used: UsedIslands = { widgets: 'all', cells: true };
  return {
    name: 'adjoint:islands',
    hooks: {
      'astro:config:setup': ({ config, updateConfig }) => {
        srcDir = fileURLToPath(config.srcDir);
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'adjoint:islands',
                resolveId: (id) => (id === MODULE_ID ? RESOLVED_ID : undefined),
                load: (id) => (id === RESOLVED_ID ? islandsModule(srcDir, used) : undefined),
              },
            ],
          },
        });
      },
      'astro:config:done': ({ config }) => {
        cacheDir = fileURLToPath(config.cacheDir);
      },
      // After the content sync, before Vite bundles anything.
      'astro:build:start': ({ logger }) => {
        const store = join(cacheDir, 'data-store.json');
        if (!existsSync(store)) {
          logger.warn(`no content store at ${store}: bundling every widget and the live cells`);
          return;
        }
        used = usedIslands(readFileSync(store));
        const widgets = used.widgets === 'all' ? 'all' : [...used.widgets].sort().join(', ') || 'none';
        logger.info(`islands used by the content: widgets ${widgets}; live cells ${used.cells ? 'yes' : 'no'}`);
      },
    },
  };
}
