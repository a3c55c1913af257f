import type { APIContext } from 'astro';
import { site } from '../site.config.ts';
import { withBase } from '../base-path.ts';

export function GET(context: APIContext) {
  const sitemap = new URL(withBase('/sitemap-index.xml'), context.site ?? site.url).href;
  return new Response(`User-agent: *\nAllow: ${withBase('/')}\n\nSitemap: ${sitemap}\n`, {
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}
