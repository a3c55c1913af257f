// The RSS feed: every published post with its full rendered content (math as KaTeX HTML,
// code as highlighted HTML; widgets as a link to the post: src/components/feed.ts),
// through the official @astrojs/rss.
import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { feedHtml } from '../components/feed.ts';
import { getPosts, postUrl } from '../components/posts.ts';
import { site } from '../site.config.ts';
import { withBase } from '../base-path.ts';

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export async function GET(context: APIContext) {
  const origin = (context.site ?? new URL(site.url)).origin;
  const posts = await getPosts();
  return rss({
    title: site.title,
    description: site.description,
    // The channel's <link> is the home page (under the base path, if any); item links are root-relative to it.
    site: new URL(withBase('/'), context.site ?? site.url).href,
    trailingSlash: true,
    items: posts.map((post) => ({
      title: post.data.title,
      link: postUrl(post),
      pubDate: post.data.date,
      description: post.data.description,
      categories: post.data.tags,
      // RSS's own <author> must be an e-mail address; a name goes in Dublin Core's creator.
      customData: `<dc:creator>${escapeXml(site.author)}</dc:creator>`,
      content: feedHtml(post.rendered?.html ?? '', origin, postUrl(post)),
    })),
    xmlns: { dc: 'http://purl.org/dc/elements/1.1/', atom: 'http://www.w3.org/2005/Atom' },
    // The feed's own address, as feed validators ask.
    customData: `<language>${site.lang}</language><atom:link href="${origin}${withBase('/rss.xml')}" rel="self" type="application/rss+xml"/>`,
  });
}
