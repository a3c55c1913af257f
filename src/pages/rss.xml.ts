// The RSS feed: every published post with its full rendered content (math as KaTeX HTML,
// code as highlighted HTML), through the official @astrojs/rss.
import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { getPosts, postUrl } from '../components/posts.ts';
import { site } from '../site.config.ts';

/** Feed readers have no base URL: make root-relative and in-page links absolute. */
function absolutize(html: string, origin: string, page: string): string {
  return html
    .replace(/(\s(?:href|src))="\/(?!\/)/g, `$1="${origin}/`)
    .replace(/(\shref)="#/g, `$1="${origin}${page}#`);
}

export async function GET(context: APIContext) {
  const origin = (context.site ?? new URL(site.url)).origin;
  const posts = await getPosts();
  return rss({
    title: site.title,
    description: site.description,
    site: context.site ?? site.url,
    trailingSlash: true,
    items: posts.map((post) => ({
      title: post.data.title,
      link: postUrl(post),
      pubDate: post.data.date,
      description: post.data.description,
      categories: post.data.tags,
      author: site.author,
      content: absolutize(post.rendered?.html ?? '', origin, postUrl(post)),
    })),
    customData: `<language>${site.lang}</language>`,
  });
}
