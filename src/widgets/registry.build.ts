// Every widget an author can place with `::name{…}`, found at build time: each folder of
// src/widgets with a spec.ts is one, and its static.build.ts renders it. Adding a widget is
// adding its folder; nothing here changes. Build-only (Node): it reads the file system.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildWidget } from './types.ts';

const DIR = fileURLToPath(new URL('.', import.meta.url));

/** The folders that hold a widget, sorted (the order the guide and errors list them in). */
export const widgetFolders: readonly string[] = readdirSync(DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(DIR, entry.name, 'spec.ts')))
  .map((entry) => entry.name)
  .sort();

async function load(folder: string): Promise<[string, BuildWidget]> {
  const { spec } = await import(`./${folder}/spec.ts`);
  const { renderStatic } = await import(`./${folder}/static.build.ts`);
  // The folder is the directive's name; a mismatch would make the widget's script look for
  // figures that never exist.
  if (spec?.name !== folder)
    throw new Error(`src/widgets/${folder}/spec.ts: spec.name must be "${folder}", got ${JSON.stringify(spec?.name)}.`);
  if (typeof renderStatic !== 'function') throw new Error(`src/widgets/${folder}/static.build.ts must export renderStatic(attrs).`);
  return [folder, { ...spec, renderStatic }];
}

export const registry: Readonly<Record<string, BuildWidget>> = Object.fromEntries(await Promise.all(widgetFolders.map(load)));
