// The files of an imported Franklin site, byte for byte at the URLs Franklin served them:
// `_assets/x` at `/assets/x`, any other file (a PDF, an image) at its own path (src/franklin/paths.build.ts).
import type { APIContext } from 'astro';
import { getEntry } from 'astro:content';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export async function getStaticPaths() {
  const settings = await getEntry('franklinSettings', 'site');
  if (!settings) return [];
  return settings.data.files.map((file) => ({
    params: { franklinFile: file.url.replace(/^\//, '') },
    props: { path: join(settings.data.dir, file.source) },
  }));
}

export function GET({ props }: APIContext<{ path: string }>) {
  return new Response(readFileSync(props.path));
}
