// Self-hosted KaTeX CSS and fonts, served at /katex/ (no CDN). Only post pages that
// contain math link the stylesheet (see src/layouts/Post.astro), so a page without math
// downloads none of it. Only the woff2 fonts are shipped: every browser that runs the
// site reads woff2, and the stylesheet is rewritten to mention nothing else.
import type { AstroIntegration } from 'astro';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { katexDist } from '../katex-dist.ts';
import { withoutBase } from '../base-path.ts';

/** katex.min.css with its woff/ttf fallbacks removed from every `src:` list. */
export async function katexCss(): Promise<string> {
  const css = await readFile(join(katexDist, 'katex.min.css'), 'utf8');
  return css.replace(/,\s*url\([^)]*\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)/g, '');
}

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
          if (!path?.startsWith('/katex/')) return next();
          try {
            if (path === '/katex/katex.min.css') {
              res.setHeader('content-type', 'text/css; charset=utf-8');
              res.end(await katexCss());
            } else if (/^\/katex\/fonts\/[\w-]+\.woff2$/.test(path)) {
              res.setHeader('content-type', 'font/woff2');
              res.end(await readFile(join(katexDist, path.slice('/katex/'.length))));
            } else next();
          } catch (error) {
            next(error);
          }
        });
      },
      'astro:build:done': async ({ dir }) => {
        const out = join(fileURLToPath(dir), 'katex');
        await mkdir(join(out, 'fonts'), { recursive: true });
        await writeFile(join(out, 'katex.min.css'), await katexCss());
        for (const font of await woff2Fonts()) {
          await writeFile(join(out, 'fonts', font), await readFile(join(katexDist, 'fonts', font)));
        }
      },
    },
  };
}
