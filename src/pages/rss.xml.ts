// The RSS feed: every published post with its full rendered content (math as KaTeX HTML,
// code as highlighted HTML; widgets as a link to the post: src/components/feed.ts),
// through the official @astrojs/rss.
import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { feedHtml } from '../components/feed.ts';
import { getPosts, postUrl } from '../components/posts.ts';
import { site } from '../site.config.ts';

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
      content: feedHtml(post.rendered?.html ?? '', origin, postUrl(post)),
    })),
    customData: `<language>${site.lang}</language>`,
  });
}
