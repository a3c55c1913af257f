// Astro's glob loader, made strict for a publishing tool:
//  - a frontmatter error names the file (Astro's own message names only the entry id);
//  - a Markdown file that fails to render (a KaTeX error, an unknown \eqref…) is never
//    published as an empty page. Astro's glob loader only logs such failures, so:
//      build: the sync fails, hence the build, listing every failed file;
//      dev:   the server stays up; the entry carries the message (`renderError` in its
//             remark frontmatter) and the post page throws it, so the browser shows
//             Astro's error overlay with the same file:line:column message. Fixing the
//             file re-renders it and the error goes away.
//  - two files that would get one URL (`a.md` + `a/index.md`, `Hello World.md` +
//    `hello-world.md`) fail the build naming both; Astro would keep one and drop the other.
//  - dates are checked as written: YAML turns an unquoted `2025-13-45` into a Date (rolled
//    over to 2026), so the schema gets the raw text of such a field instead.
//  - content warnings the Markdown plugins record (an empty post, an image without alt
//    text; see remark-content-checks.ts) are logged on every build, also when the entry
//    comes from the cache, and fail the build when `strict` is on (src/site.config.ts).
//  - each failure is printed once: Astro's Markdown processor would also dump the raw
//    error object, and the glob loader log it, before our summary.
//  - a frontmatter error (missing title, bad date, unknown key) likewise:
//      build: fails, naming the file, the field and what was expected;
//      dev:   Astro would stop the server when this happens at startup (the content sync
//             runs before it listens). Instead the message is logged, the entry is kept
//             with a stand-in title ("Invalid frontmatter: <file>", so it shows in the
//             list) and its page throws the message into Astro's error overlay, exactly
//             like a Markdown error. Fixing the file clears it.
import { glob } from 'astro/loaders';
import type { Loader, LoaderContext } from 'astro/loaders';
import { slug as githubSlug } from 'github-slugger';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const RENDER_FAILURE = /^Error rendering (.+?): ([\s\S]*)$/;

function withFile(error: unknown, filePath: string | undefined, fields: readonly string[] | undefined): Error {
  const where = filePath ? relative(process.cwd(), filePath) : 'an entry';
  let message = error instanceof Error ? error.message : String(error);
  // zod reports unknown keys with an empty path ("****: Unrecognized key"); name the key
  // and the fields that are allowed, so a typo is obvious.
  message = message.replace(/\*\*\*\*: Unrecognized keys?: (.+)/g, (_m, keys: string) => {
    const allowed = fields ? ` Allowed fields: ${fields.join(', ')}.` : '';
    return `**${keys.replace(/"/g, '')}**: Unrecognized key ${keys}: not a frontmatter field (misspelt?).${allowed}`;
  });
  // No `cause`: Astro would print the same schema message a second time.
  const wrapped = new Error(`Invalid frontmatter in ${where}:\n${message}`);
  if (error instanceof Error) Object.assign(wrapped, { name: error.name, hint: (error as { hint?: string }).hint });
  return wrapped;
}

/** Dev only: attach the failure to the entry the glob loader just stored without HTML. */
function markFailedEntry(store: LoaderContext['store'], entry: string, message: string): void {
  for (const stored of store.values()) {
    if (!stored.filePath?.endsWith(entry) || stored.rendered) continue;
    store.delete(stored.id);
    store.set({
      ...stored,
      digest: `${stored.digest ?? ''}:render-error`,
      rendered: { html: '', metadata: { frontmatter: { renderError: message } } },
    });
  }
}

/** Data for an entry whose frontmatter failed (dev only); valid for every collection here. */
function standIn(filePath: string | undefined): Record<string, unknown> {
  const where = filePath ? relative(process.cwd(), filePath) : 'an entry';
  return { title: `Invalid frontmatter: ${where}`, tags: [], draft: false };
}

export interface StrictGlobOptions {
  /** The schema's field names, listed in the error for an unknown key. */
  fields?: readonly string[];
  /** The URL of an entry, for the message about two files with one URL. */
  urlOf?: (id: string) => string;
  /** Content warnings fail the build (src/site.config.ts `strict`). */
  strict?: boolean;
  /**
   * Settings that change how a file renders or parses without changing the file (the raw
   * HTML policy, the time zone): part of each entry's digest, so changing one re-renders
   * every entry instead of serving cached HTML made under the old setting.
   */
  settingsKey?: string;
}

/**
 * The entry id, as Astro's glob loader makes it: each path segment slugged the way GitHub
 * slugs headings, `/index` dropped. `Hello World.md` → `hello-world`, `a/index.md` → `a`.
 */
export function entryId(entry: string): string {
  return entry
    .replace(/\.[^./]+$/, '')
    .split('/')
    .map((segment) => githubSlug(segment))
    .join('/')
    .replace(/\/index$/, '');
}

/**
 * The raw YAML text of top-level fields YAML turned into Dates (`date: 2025-13-45` is a
 * Date in 2026 by then). Only plain, unquoted scalars become Dates, so the text is the
 * rest of the line, minus a comment.
 */
export function rawDates<T extends Record<string, unknown>>(source: string, data: T): T {
  const frontmatter = /^---\r?\n([\s\S]*?)\r?\n---/.exec(source)?.[1];
  if (frontmatter === undefined) return data;
  const fixed: Record<string, unknown> = { ...data };
  for (const [key, value] of Object.entries(data)) {
    if (!(value instanceof Date)) continue;
    const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const line = new RegExp(`^${escaped}[ \\t]*:[ \\t]*(.*?)[ \\t]*(?:#.*)?$`, 'm').exec(frontmatter);
    if (line?.[1]) fixed[key] = line[1];
  }
  return fixed as T;
}

/** Two or more files per id: the message naming all of them, or undefined. */
function duplicateMessage(owners: Map<string, Set<string>>, base: string, urlOf: (id: string) => string): string | undefined {
  const clashes = [...owners].filter(([, files]) => files.size > 1).sort(([a], [b]) => a.localeCompare(b));
  if (clashes.length === 0) return undefined;
  const lines = clashes.map(([id, files]) => {
    const names = [...files].sort().map((file) => relative(process.cwd(), `${base}/${file}`));
    return `  ${urlOf(id)} ← ${names.join(' and ')}`;
  });
  return (
    `${clashes.length === 1 ? 'Two files would be published at one URL' : 'Files would be published at the same URL'} (one would silently replace the other):\n` +
    `${lines.join('\n')}\n  Rename or move one of them; URLs follow the path, lower-cased, with spaces as "-" and "/index" dropped.`
  );
}

let quietDepth = 0;
let consoleError: typeof console.error | undefined;

/**
 * While content loads, drop the raw error dump Astro's Markdown processor prints for a
 * file that fails to render: the glob loader reports the same failure right after, and
 * we print it once (in the summary at the end of the build, or in the dev log).
 */
async function withoutRenderDumps<T>(run: () => Promise<T>): Promise<T> {
  if (quietDepth++ === 0) {
    consoleError = console.error;
    const original = consoleError;
    console.error = (...args: unknown[]) => {
      const [first] = args;
      if (args.length === 1 && first instanceof Error && first.message.startsWith('Failed to parse Markdown file "')) return;
      original(...args);
    };
  }
  try {
    return await run();
  } finally {
    if (--quietDepth === 0 && consoleError) console.error = consoleError;
  }
}

/** The failure without Astro's prefix (our messages already start with file:line:column). */
function renderFailure(entry: string, message: string, base: string): string {
  const reason = message.replace(/^Failed to parse Markdown file "[^"]*":\n/, '');
  const located = /^[^\n]+?\.md:\d+:\d+: /.test(reason);
  return located ? reason : `${relative(process.cwd(), `${base}/${entry}`)}: ${reason}`;
}

/** Warnings recorded by the Markdown plugins, in every entry of the store (drafts only when they are shown). */
function storedWarnings(store: LoaderContext['store'], drafts: boolean): string[] {
  const warnings: string[] = [];
  for (const entry of store.values()) {
    // A draft is never published by a build, so nothing about it can ship wrong.
    if (!drafts && entry.data.draft === true) continue;
    const recorded = entry.rendered?.metadata?.frontmatter?.contentWarnings;
    if (Array.isArray(recorded)) warnings.push(...recorded.map(String));
  }
  return warnings.sort();
}

export function strictGlob(
  options: Parameters<typeof glob>[0],
  { fields, urlOf = (id) => id, strict = false, settingsKey = '' }: StrictGlobOptions = {},
): Loader {
  // entry id → the files (relative to base) that map to it, filled as the glob loader asks.
  const owners = new Map<string, Set<string>>();
  const ownerOf = new Map<string, string>();
  const inner = glob({
    ...options,
    generateId: ({ entry }) => {
      const id = entryId(entry);
      const previous = ownerOf.get(entry);
      if (previous !== undefined && previous !== id) owners.get(previous)?.delete(entry);
      ownerOf.set(entry, id);
      owners.set(id, (owners.get(id) ?? new Set()).add(entry));
      return id;
    },
  });
  return {
    name: 'adjoint-strict-glob',
    load: (context: LoaderContext) => withoutRenderDumps(() => load(context)),
  };

  async function load(context: LoaderContext) {
    const dev = context.watcher !== undefined;
    owners.clear();
    ownerOf.clear();
    const renderErrors: string[] = [];
    const logger = Object.create(context.logger) as LoaderContext['logger'];
    logger.error = (message: string) => {
      const failure = RENDER_FAILURE.exec(message);
      // Build: printed once, in the summary thrown at the end.
      if (!failure || dev) context.logger.error(failure ? renderFailure(failure[1]!, failure[2]!, options.base as string) : message);
      if (!failure) return;
      renderErrors.push(renderFailure(failure[1]!, failure[2]!, options.base as string));
      // The glob loader stores the entry right after logging; mark it once it has.
      if (dev) queueMicrotask(() => markFailedEntry(context.store, failure[1], failure[2]));
    };
    // Dev: entry id → frontmatter error, attached to the entry when the glob loader stores it.
    const frontmatterErrors = new Map<string, string>();
    const invalid: string[] = [];
    const store: LoaderContext['store'] = !dev
      ? context.store
      : {
          ...context.store,
          set: (entry) => {
            const message = frontmatterErrors.get(entry.id);
            if (message === undefined) return context.store.set(entry);
            return context.store.set({
              ...entry,
              // Never the file's own digest: a later build must parse this file again.
              digest: `${entry.digest ?? ''}:frontmatter-error`,
              deferredRender: false,
              rendered: { html: '', metadata: { frontmatter: { renderError: message } } },
            });
          },
        };
    await inner.load({
      ...context,
      generateDigest: (data) => context.generateDigest(typeof data === 'string' ? `${settingsKey}\n${data}` : { settingsKey, data }),
      store,
      logger,
      parseData: async (props) => {
        try {
          let source = '';
          try {
            if (props.filePath) source = readFileSync(props.filePath, 'utf8');
          } catch {
            // Unreadable here means unreadable for Astro too; it reports that itself.
          }
          const data = await context.parseData({ ...props, data: rawDates(source, props.data) });
          frontmatterErrors.delete(props.id);
          return data;
        } catch (error) {
          const wrapped = withFile(error, props.filePath, fields);
          if (!dev) {
            // Build: every file's frontmatter is checked; all problems are listed at the end.
            invalid.push(wrapped.message);
            return standIn(props.filePath) as typeof props.data;
          }
          context.logger.error(
            `${wrapped.message}\n(The dev server keeps running: the page of this file shows the error until the file is fixed.)`,
          );
          frontmatterErrors.set(props.id, wrapped.message);
          return standIn(props.filePath) as typeof props.data;
        }
      },
    });
    const duplicates = duplicateMessage(owners, options.base as string, urlOf);
    if (dev && duplicates) context.logger.error(duplicates);
    const problems = [
      ...invalid.sort(),
      ...(duplicates ? [duplicates] : []),
      ...(renderErrors.length > 0
        ? [
            `${renderErrors.length} Markdown file(s) could not be rendered:\n${renderErrors
              .sort()
              .map((line) => `  ${line}`)
              .join('\n')}`,
          ]
        : []),
    ];
    if (!dev && problems.length > 0) throw new Error(problems.join('\n\n'));
    const warnings = storedWarnings(context.store, dev);
    if (strict && !dev && warnings.length > 0) {
      throw new Error(
        `${warnings.length} content warning(s), errors because strict is on (src/site.config.ts, ADJOINT_STRICT):\n` +
          warnings.map((line) => `  ${line}`).join('\n'),
      );
    }
    for (const warning of warnings) context.logger.warn(warning);
  }
}
