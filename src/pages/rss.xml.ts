// The RSS feed: every published post with its full rendered content (math as KaTeX HTML,
// code as highlighted HTML; widgets as a link to the post: src/components/feed.ts),
// through the official @astrojs/rss.
//
// Build cost: @astrojs/rss escapes every item's content with five regex passes and builds the
// XML by string concatenation; with a few hundred KaTeX-heavy posts (megabytes of HTML) that
// was the slowest page of the build. So each item's content goes through the library as a
// short placeholder (letters and digits, which it writes unchanged), and the HTML takes its
// place afterwards as a CDATA section, as most feeds carry it (no escaping, and a smaller feed).
// The response body is bytes: a string body is checked and re-encoded by the Response class,
// another pass over megabytes.
import { randomUUID } from 'node:crypto';
import { getRssString } from '@astrojs/rss';
import type { APIContext } from 'astro';
import { cdataSection, feedHtml } from '../components/feed.ts';
import { getPosts, postUrl } from '../components/posts.ts';
import { site } from '../site.config.ts';
import { withBase } from '../base-path.ts';

const escapeXml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

export async function GET(context: APIContext) {
  const origin = (context.site ?? new URL(site.url)).origin;
  const posts = await getPosts();
  const contents = posts.map((post) => feedHtml(post.rendered?.html ?? '', origin, postUrl(post)));
  // Unique per build, so no title or description can contain it.
  const token = `adjointfeed${randomUUID().replaceAll('-', '')}item`;
  const xml = await getRssString({
    title: site.title,
    description: site.description,
    // The channel's <link> is the home page (under the base path, if any); item links are root-relative to it.
    site: new URL(withBase('/'), context.site ?? site.url).href,
    trailingSlash: true,
    items: posts.map((post, i) => ({
      title: post.data.title,
      link: postUrl(post),
      pubDate: post.data.date,
      description: post.data.description,
      categories: post.data.tags,
      // RSS's own <author> must be an e-mail address; a name goes in Dublin Core's creator.
      customData: `<dc:creator>${escapeXml(site.author)}</dc:creator>`,
      content: `${token}${i}x`,
    })),
    xmlns: { dc: 'http://purl.org/dc/elements/1.1/', atom: 'http://www.w3.org/2005/Atom' },
    // The feed's own address, as feed validators ask.
    customData: `<language>${site.lang}</language><atom:link href="${origin}${withBase('/rss.xml')}" rel="self" type="application/rss+xml"/>`,
  });
  const feed = xml.replace(new RegExp(`${token}(\\d+)x`, 'g'), (_, i: string) => cdataSection(contents[Number(i)]!));
  return new Response(Buffer.from(feed), { headers: { 'Content-Type': 'application/xml' } });
}
