// Queries over the posts shared by the pages: which posts are published, in what order, where
// they live, and their tags. A post is an Adjoint post (content/posts/) or a dated page of an
// imported Franklin site (content/franklin/, src/franklin/), which keeps its Franklin URL.
import { getCollection, type CollectionEntry } from 'astro:content';
import { existsSync, readdirSync } from 'node:fs';
import { slug as githubSlug } from 'github-slugger';
import { contentDir, site } from '../site.config.ts';
import { withBase } from '../base-path.ts';

export type Post = CollectionEntry<'posts'> | CollectionEntry<'franklin'>;

/** Drafts show while authoring (`npm run dev`) and never in a build (src/integrations/drafts.ts). */
export const showDrafts: boolean = import.meta.env.ADJOINT_SHOW_DRAFTS === true;

/** Newest first; undated posts after dated ones, alphabetically. */
export function byDate(a: Post, b: Post): number {
  const da = a.data.date?.getTime() ?? -Infinity;
  const db = b.data.date?.getTime() ?? -Infinity;
  return db - da || a.data.title.localeCompare(b.data.title);
}

const holding = new Map<string, boolean>();

/**
 * Whether content/<folder>/ holds a file that `counts`. A collection with none is not asked for:
 * Astro prints a warning for every query of an empty collection (a site without Franklin
 * content, or one moved from Franklin with no posts yet). A build looks once per folder; the
 * dev server every time, since files may appear while it runs.
 */
function holds(folder: string, counts: (file: string) => boolean): boolean {
  const cached = import.meta.env.DEV ? undefined : holding.get(folder);
  if (cached !== undefined) return cached;
  const dir = `${contentDir}/${folder}`;
  const found = existsSync(dir) && readdirSync(dir, { recursive: true }).some((f) => counts(String(f)));
  holding.set(folder, found);
  return found;
}

/** The pages of the imported Franklin site that pass `filter` (its notebooks included). */
export async function getFranklinPages(filter: (page: CollectionEntry<'franklin'>) => boolean): Promise<CollectionEntry<'franklin'>[]> {
  return holds('franklin', () => true) ? getCollection('franklin', filter) : [];
}

/** Published posts, newest first: Adjoint's, and the Franklin pages that have a date (Franklin's blog posts). */
export async function getPosts(): Promise<Post[]> {
  const posts: Post[] = holds('posts', (file) => file.endsWith('.md'))
    ? await getCollection('posts', (post) => showDrafts || !post.data.draft)
    : [];
  const franklin = await getFranklinPages((page) => page.data.date !== undefined && !page.data.isIndex);
  return [...posts, ...franklin].sort(byDate);
}

/**
 * The URL of a post: its path under content/posts, e.g. /posts/basics/chain-rule/; a Franklin
 * page's own URL (after the base path, if any).
 */
export function postUrl(post: Post): string {
  return withBase(post.collection === 'franklin' ? post.data.url : `/posts/${post.id}/`);
}

export function tagSlug(tag: string): string {
  return githubSlug(tag);
}

export function tagUrl(tag: string): string {
  return withBase(`/tags/${tagSlug(tag)}/`);
}

export interface Tag {
  name: string;
  slug: string;
  posts: Post[];
}

/** Every tag with its posts (newest first), most used first, then alphabetically. */
export function tagsOf(posts: Post[]): Tag[] {
  const tags = new Map<string, Tag>();
  for (const post of posts) {
    for (const name of post.data.tags) {
      const slug = tagSlug(name);
      const tag = tags.get(slug) ?? { name, slug, posts: [] };
      tag.posts.push(post);
      tags.set(slug, tag);
    }
  }
  return [...tags.values()].sort((a, b) => b.posts.length - a.posts.length || a.name.localeCompare(b.name));
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: site.timeZone });
const isoFormat = new Intl.DateTimeFormat('en-CA', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: site.timeZone });

/** 14 March 2025: the day in the site's time zone (src/site.config.ts), as the author wrote it; never the build machine's. */
export function formatDate(date: Date): string {
  return dateFormat.format(date);
}

/** 2025-03-14, the same day as formatDate. */
export function isoDate(date: Date): string {
  return isoFormat.format(date);
}
