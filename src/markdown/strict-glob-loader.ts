// Astro's glob loader, made strict for a publishing tool:
//  - a frontmatter error names the file (Astro's own message names only the entry id);
//  - a Markdown file that fails to render (a KaTeX error, an unknown \eqref…) is never
//    published as an empty page. Astro's glob loader only logs such failures, so:
//      build: the sync fails, hence the build, listing every failed file;
//      dev:   the server stays up; the entry carries the message (`renderError` in its
//             remark frontmatter) and the post page throws it, so the browser shows
//             Astro's error overlay with the same file:line:column message. Fixing the
//             file re-renders it and the error goes away.
//  - a frontmatter error (missing title, bad date, unknown key) likewise:
//      build: fails, naming the file, the field and what was expected;
//      dev:   Astro would stop the server when this happens at startup (the content sync
//             runs before it listens). Instead the message is logged, the entry is kept
//             with a stand-in title ("Invalid frontmatter: <file>", so it shows in the
//             list) and its page throws the message into Astro's error overlay, exactly
//             like a Markdown error. Fixing the file clears it.
import { glob } from 'astro/loaders';
import type { Loader, LoaderContext } from 'astro/loaders';
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
}

export function strictGlob(options: Parameters<typeof glob>[0], { fields }: StrictGlobOptions = {}): Loader {
  const inner = glob(options);
  return {
    name: 'adjoint-strict-glob',
    async load(context: LoaderContext) {
      const dev = context.watcher !== undefined;
      const renderErrors: string[] = [];
      const logger = Object.create(context.logger) as LoaderContext['logger'];
      logger.error = (message: string) => {
        context.logger.error(message);
        const failure = RENDER_FAILURE.exec(message);
        if (!failure) return;
        renderErrors.push(message);
        // The glob loader stores the entry right after logging; mark it once it has.
        if (dev) queueMicrotask(() => markFailedEntry(context.store, failure[1], failure[2]));
      };
      // Dev: entry id → frontmatter error, attached to the entry when the glob loader stores it.
      const frontmatterErrors = new Map<string, string>();
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
        store,
        logger,
        parseData: async (props) => {
          try {
            const data = await context.parseData(props);
            frontmatterErrors.delete(props.id);
            return data;
          } catch (error) {
            const wrapped = withFile(error, props.filePath, fields);
            if (!dev) throw wrapped;
            context.logger.error(
              `${wrapped.message}\n(The dev server keeps running: the page of this file shows the error until the file is fixed.)`,
            );
            frontmatterErrors.set(props.id, wrapped.message);
            return standIn(props.filePath) as typeof props.data;
          }
        },
      });
      if (renderErrors.length > 0 && !dev) {
        throw new Error(
          `${renderErrors.length} Markdown file(s) could not be rendered:\n` +
            renderErrors.map((line) => `  ${line.replace(/^Error rendering /, '')}`).join('\n'),
        );
      }
    },
  };
}
