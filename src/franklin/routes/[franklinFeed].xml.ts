// The feed at Franklin's URL (`/<rss_file>.xml`, `/feed.xml` by default) for an imported Franklin
// site, with config.md's channel: `website_title`, `website_url`, `website_description`. Its items
// are the site's posts, Franklin's and Adjoint's alike, with the full content when config.md says
// `rss_full_content = true`, else the description only (Franklin's default). /rss.xml stays Adjoint's.
import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { getEntry } from 'astro:content';
import { feedHtml } from '../../components/feed.ts';
import { getPosts, postUrl } from '../../components/posts.ts';
import { site } from '../../site.config.ts';

export async function getStaticPaths() {
  const settings = await getEntry('franklinSettings', 'site');
  if (!settings || settings.data.rssFile === 'rss') return [];
  return [{ params: { franklinFeed: settings.data.rssFile.replace(/^\//, '') } }];
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export async function GET(context: APIContext) {
  const settings = (await getEntry('franklinSettings', 'site'))!.data;
  const origin = (context.site ?? new URL(site.url)).origin;
  const posts = await getPosts();
  const author = settings.author ?? site.author;
  return rss({
    title: settings.websiteTitle || site.title,
    description: settings.websiteDescription || site.description,
    site: settings.websiteUrl || context.site || site.url,
    trailingSlash: true,
    items: posts.map((post) => ({
      title: post.data.title,
      link: postUrl(post),
      pubDate: post.data.date,
      description: post.data.description,
      categories: post.data.tags,
      customData: `<dc:creator>${escapeXml(author)}</dc:creator>`,
      ...(settings.rssFullContent ? { content: feedHtml(post.rendered?.html ?? '', origin, postUrl(post)) } : {}),
    })),
    xmlns: { dc: 'http://purl.org/dc/elements/1.1/', atom: 'http://www.w3.org/2005/Atom' },
    customData: `<language>${site.lang}</language><atom:link href="${origin}/${settings.rssFile}.xml" rel="self" type="application/rss+xml"/>`,
  });
}
