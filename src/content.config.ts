// Content is typed data: posts and standalone pages (about) are Markdown files whose
// frontmatter must match these schemas exactly (`.strict()`: a misspelt key is an error,
// not silently ignored). The folder comes from ADJOINT_CONTENT_DIR (default `content`),
// so the build-output tests can build small fixture sites with the same code.
import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';
import { strictGlob } from './markdown/strict-glob-loader.ts';

export const contentDir = (process.env.ADJOINT_CONTENT_DIR ?? 'content').replace(/\/$/, '');

/** A calendar date: YAML's own dates, or a string a Date can parse; the error quotes the value. */
const date = (field: string) => {
  const expected = `${field} must be a date written YYYY-MM-DD (e.g. 2025-03-14), optionally with a time`;
  return z.union([z.date(), z.string()], { error: `${expected}.` }).transform((value, context) => {
    const parsed = value instanceof Date ? value : new Date(value);
    if (Number.isNaN(parsed.getTime())) {
      context.addIssue({ code: 'custom', message: `${expected}; got "${String(value)}".` });
      return z.NEVER;
    }
    return parsed;
  });
};

const postSchema = z
  .object({
    title: z.string({ error: 'title is required: a non-empty string, e.g. title: "The chain rule"' }).min(1),
    date: date('date').optional(),
    updated: date('updated').optional(),
    description: z.string().optional(),
    tags: z.array(z.string().min(1), { error: 'tags must be a list of words, e.g. tags: [calculus, jacobians]' }).default([]),
    draft: z.boolean({ error: 'draft must be true or false' }).default(false),
  })
  .strict();

const posts = defineCollection({
  // Sub-folders are allowed; the URL follows the path: posts/basics/chain-rule.md → /posts/basics/chain-rule/.
  loader: strictGlob({ pattern: '**/*.md', base: `${contentDir}/posts` }, { fields: Object.keys(postSchema.shape) }),
  schema: postSchema,
});

const pageSchema = z
  .object({
    title: z.string({ error: 'title is required: a non-empty string' }).min(1),
    description: z.string().optional(),
  })
  .strict();

const pages = defineCollection({
  loader: strictGlob({ pattern: '*.md', base: contentDir }, { fields: Object.keys(pageSchema.shape) }),
  schema: pageSchema,
});

export const collections = { posts, pages };
