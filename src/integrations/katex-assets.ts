// Self-hosted KaTeX fonts, served at /katex/fonts/ (no CDN). The stylesheet that names them is
// written into each page with math (src/layouts/Base.astro), so a page without math loads
// none of it. Only the woff2 fonts are shipped: every browser that runs the site reads woff2.
import type { AstroIntegration } from 'astro';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { katexDist } from '../katex-dist.ts';
import { withoutBase } from '../base-path.ts';

async function woff2Fonts(): Promise<string[]> {
  return (await readdir(join(katexDist, 'fonts'))).filter((name) => name.endsWith('.woff2'));
}

export default function katexAssets(): AstroIntegration {
  return {
    name: 'adjoint:katex-assets',
    hooks: {
      'astro:server:setup': ({ server }) => {
        server.middlewares.use(async (req, res, next) => {
          const path = withoutBase((req.url ?? '').split('?')[0] ?? '');
          if (!path || !/^\/katex\/fonts\/[\w-]+\.woff2$/.test(path)) return next();
          try {
            res.setHeader('content-type', 'font/woff2');
            res.end(await readFile(join(katexDist, path.slice('/katex/'.length))));
          } catch (error) {
            next(error);
          }
        });
      },
      'astro:build:done': async ({ dir }) => {
        const out = join(fileURLToPath(dir), 'katex', 'fonts');
        await mkdir(out, { recursive: true });
        for (const font of await woff2Fonts()) {
          await writeFile(join(out, font), await readFile(join(katexDist, 'fonts', font)));
        }
      },
    },
  };
}
