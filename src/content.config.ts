// Content is typed data: posts and standalone pages (about) are Markdown files whose
// frontmatter must match these schemas exactly (`.strict()`: a misspelt key is an error,
// not silently ignored). The folder comes from ADJOINT_CONTENT_DIR (default `content`),
// so the build-output tests can build small fixture sites with the same code.
import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';
import { franklinPages, franklinSite } from './franklin/loader.build.ts';
import { DATE_FORMS, parseContentDate } from './markdown/dates.ts';
import { strictGlob } from './markdown/strict-glob-loader.ts';
import { bibliographiesDigest } from './markdown/bibliography.ts';
import { rendererDigest } from './renderer-digest.build.ts';
import { contentDir, site } from './site.config.ts';

export { contentDir } from './site.config.ts';

/**
 * A real calendar date (see src/markdown/dates.ts): `2025-02-30` or "March 5" fail, naming
 * the value and the form expected. The loader passes the raw YAML text, so an unquoted
 * `2025-13-45` is checked as written, not as the Date YAML would roll it into.
 */
const date = (field: string) => {
  const expected = `${field} must be a real calendar date written ${DATE_FORMS}; a time without an offset is in the site's time zone (${site.timeZone})`;
  return z.union([z.string(), z.date()], { error: (issue) => `${expected}; got ${describe(issue.input)}.` }).transform((value, context) => {
    const text = value instanceof Date ? value.toISOString() : value;
    const parsed = parseContentDate(text, site.timeZone);
    if ('error' in parsed) {
      context.addIssue({ code: 'custom', message: `${expected}; got "${text}" (${parsed.error}).` });
      return z.NEVER;
    }
    return parsed.date;
  });
};

/** A frontmatter value as the author wrote it, for messages: "text", the number 42, a list. */
function describe(value: unknown): string {
  if (typeof value === 'string') return `"${value}"`;
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'an empty value';
  if (typeof value === 'object') return 'a mapping (key: value pairs)';
  return `the ${typeof value} ${String(value)}`;
}

/** A required string field whose message says what was wrong: missing, or not text. */
const text = (field: string, example: string) =>
  z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? `${field} is required: a non-empty string, e.g. ${field}: "${example}"`
          : `${field} must be a string, e.g. ${field}: "${example}" (quote it if it looks like a number or a date); got ${describe(issue.input)}`,
    })
    .min(1, { error: `${field} must not be empty, e.g. ${field}: "${example}"` });

/** Site settings that change how an unchanged file parses or renders (see strictGlob). */
const settingsKey = JSON.stringify({
  rawHtml: site.rawHtml,
  timeZone: site.timeZone,
  citationStyle: site.citationStyle,
  // A post's citations render from the .bib files: editing one must re-render unchanged posts.
  bibliographies: bibliographiesDigest(contentDir),
  // So is the rendering code: a warm build after an upgrade must not serve the old code's HTML.
  renderer: rendererDigest(),
});

const postSchema = z
  .object({
    title: text('title', 'The chain rule'),
    date: date('date').optional(),
    updated: date('updated').optional(),
    description: z.string({ error: (issue) => `description must be a string (one sentence); got ${describe(issue.input)}` }).optional(),
    tags: z.array(z.string().min(1), { error: 'tags must be a list of words, e.g. tags: [calculus, jacobians]' }).default([]),
    draft: z.boolean({ error: 'draft must be true or false' }).default(false),
    bibliography: z
      .string({ error: 'bibliography must be the path of a .bib file, relative to the post, e.g. bibliography: refs.bib' })
      .optional(),
  })
  .strict();

const posts = defineCollection({
  // Sub-folders are allowed; the URL follows the path: posts/basics/chain-rule.md → /posts/basics/chain-rule/.
  loader: strictGlob(
    { pattern: '**/*.md', base: `${contentDir}/posts` },
    {
      fields: Object.keys(postSchema.shape),
      urlOf: (id) => `/posts/${id}/`,
      strict: site.strict,
      settingsKey,
    },
  ),
  schema: postSchema,
});

const pageSchema = z
  .object({
    title: text('title', 'About this site'),
    description: z.string({ error: (issue) => `description must be a string (one sentence); got ${describe(issue.input)}` }).optional(),
  })
  .strict();

const pages = defineCollection({
  loader: strictGlob(
    { pattern: '*.md', base: contentDir },
    {
      fields: Object.keys(pageSchema.shape),
      urlOf: (id) => `/${id}/`,
      strict: site.strict,
      settingsKey,
    },
  ),
  schema: pageSchema,
});

// A Franklin.jl site copied into <content>/franklin/ (src/franklin/): its pages, rendered by the same
// pipeline, and its Pluto notebooks, at their Franklin URLs; and its settings (feed, tag pages) and
// files. Absent folder: empty.
const franklinDir = `${contentDir}/franklin`;
const franklin = defineCollection({
  loader: franklinPages({ dir: franklinDir, strict: site.strict, timeZone: site.timeZone }),
  schema: z.object({
    title: z.string(),
    heading: z.string().nullable(),
    date: z.date().optional(),
    updated: z.date().optional(),
    description: z.string().optional(),
    tags: z.array(z.string()),
    draft: z.boolean(),
    url: z.string(),
    franklinUrl: z.string(),
    source: z.string(),
    isIndex: z.boolean(),
    // A Franklin page ([...franklin].astro) or a Pluto notebook ([...notebook].astro): both are posts when dated.
    kind: z.enum(['page', 'notebook']),
  }),
});
const franklinSettings = defineCollection({
  loader: franklinSite({ dir: franklinDir }),
  schema: z.object({
    dir: z.string(),
    websiteTitle: z.string(),
    websiteUrl: z.string(),
    websiteDescription: z.string(),
    author: z.string().nullable(),
    tagPagePath: z.string(),
    generateRss: z.boolean(),
    rssFile: z.string(),
    rssFullContent: z.boolean(),
    files: z.array(z.object({ url: z.string(), source: z.string() })),
  }),
});

export const collections = { posts, pages, franklin, franklinSettings };
