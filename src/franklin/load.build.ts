// The work of the Franklin content loaders (src/franklin/loader.build.ts), loaded only when the
// site has a Franklin folder: it pulls in the whole conversion (Franklin's markup, commands,
// Pluto notebooks), which a site without one would otherwise load and compile on every build.
import type { LoaderContext } from 'astro/loaders';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseContentDate } from '../markdown/dates.ts';
import { siteNotebooks } from './notebooks.build.ts';
import { restoreRaw } from './markup.build.ts';
import { addFranklinAnchors, finishHtml, listFiles, publishedFiles, readFranklinSite, tocLevels } from './site.build.ts';
import { planSite } from './paths.build.ts';
import { readConfig } from './vars.build.ts';

export interface FranklinLoaderOptions {
  /** The Franklin site folder, e.g. `content/franklin`. */
  dir: string;
  strict: boolean;
  timeZone: string;
}

/** A Franklin day (`2021-03-04`) as the Date Adjoint's posts carry: that day in the site's time zone. */
function dayOf(date: string | null, timeZone: string): Date | undefined {
  if (date === null) return undefined;
  const parsed = parseContentDate(date, timeZone);
  return 'date' in parsed ? parsed.date : undefined;
}

function fail(problems: string[], what: string): never {
  const error = new Error(`${problems.length} ${what} in the Franklin site:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  error.stack = `${error.name}: ${error.message}`;
  throw error;
}

/**
 * The code that finishes a rendered page (raw HTML back, Franklin anchors, `{{toc}}`), as text: part
 * of each page's digest, because the stored HTML is the finished one and would otherwise outlive a
 * change to that code (a new Adjoint over an old cache folder kept pages without their anchors).
 */
const FINISHING_CODE = [finishHtml, addFranklinAnchors, restoreRaw].map(String).join('\n');

/** Load the pages and notebooks of the Franklin folder `dir` (which exists) into the store. */
export async function loadFranklinPages(context: LoaderContext, { dir, strict, timeZone }: FranklinLoaderOptions): Promise<void> {
  const site = readFranklinSite(dir, {});
  // Rendering is the cost: a page whose converted Markdown, macros and placeholders are unchanged
  // since the last build (Astro keeps the store in its cache folder, keyed on the rendering code
  // in astro.config.mjs) keeps its HTML. Only the conversion, which is cheap, runs again.
  const kept = new Set<string>();
  for (const note of site.notes) context.logger.info(note);
  const renderErrors: string[] = [];
  const contentWarnings: string[] = [];
  for (const page of site.pages) {
    const file = `${dir}/${page.path}`;
    const name = page.path.replace(/\.md$/, '');
    const id = page.isIndex ? 'index' : name;
    kept.add(id);
    const frontmatter = { katexMacros: page.macros };
    const date = dayOf(page.meta.date, timeZone);
    const data = {
      title: page.meta.title ?? page.heading ?? name.slice(name.lastIndexOf('/') + 1),
      heading: page.heading,
      ...(date ? { date } : {}),
      ...(page.meta.description ? { description: page.meta.description } : {}),
      tags: page.meta.tags,
      draft: false,
      url: page.href,
      franklinUrl: page.url ?? page.href,
      source: file,
      isIndex: page.isIndex,
      kind: 'page' as const,
    };
    const levels = tocLevels(page, site.config);
    const digest = context.generateDigest({
      markdown: page.markdown,
      raw: page.raw,
      frontmatter,
      levels,
      data: JSON.stringify(data),
      finishing: FINISHING_CODE,
    });
    const cached = context.store.get(id);
    if (cached?.digest === digest && cached.rendered) {
      const recorded = cached.rendered.metadata?.frontmatter?.contentWarnings;
      if (Array.isArray(recorded)) contentWarnings.push(...recorded.map(String));
      continue;
    }
    // Astro drops the frontmatter but keeps the line break after it: the Markdown's first line, when
    // blank (it usually is: @def lines stay as blank lines), makes up for it; otherwise the pipeline's
    // line numbers are one too many.
    const markdown = page.markdown.startsWith('\n') ? page.markdown.slice(1) : page.markdown;
    const shift = markdown === page.markdown ? 1 : 0;
    // The conversion adds and removes lines (display math, div blocks): back to the author's line.
    const located = (message: string) =>
      message.replace(
        /(\.md):(\d+):(\d+)/g,
        (_m, ext: string, line: string, col: string) => `${ext}:${page.sourceLine(Number(line) - shift)}:${col}`,
      );
    let rendered: Awaited<ReturnType<LoaderContext['renderMarkdown']>>;
    try {
      rendered = await context.renderMarkdown(`---\n${JSON.stringify(frontmatter)}\n---\n${markdown}`, {
        fileURL: pathToFileURL(resolve(file)),
      });
    } catch (error) {
      const message = located(error instanceof Error ? error.message : String(error));
      renderErrors.push(/^[^\n]+\.md:\d+:\d+: /.test(message) ? message : `${file}: ${message}`);
      context.store.delete(id); // never the HTML of an older version
      continue;
    }
    const computed = (rendered.metadata?.frontmatter ?? {}) as Record<string, unknown>;
    if (Array.isArray(computed.contentWarnings)) computed.contentWarnings = computed.contentWarnings.map((w) => located(String(w)));
    if (Array.isArray(computed.contentWarnings)) contentWarnings.push(...(computed.contentWarnings as string[]));
    const html = finishHtml(rendered.html, page.raw, levels);
    context.store.set({
      id,
      data: await context.parseData({ id, data }),
      digest,
      // Astro wants it relative to the project, also when ADJOINT_CONTENT_DIR is an absolute path.
      filePath: relative(process.cwd(), resolve(file)),
      rendered: { html, metadata: { ...rendered.metadata, frontmatter: computed } },
    });
  }
  // Notebooks are rendered once per build (the notebook routes ask for the same promise); a broken
  // one is reported with the pages' problems.
  try {
    for (const notebook of await siteNotebooks(dirname(dir))) {
      const id = `notebook:${notebook.route.source}`;
      kept.add(id);
      const data = {
        title: notebook.title,
        heading: notebook.heading ?? null,
        ...(notebook.published ? { date: notebook.published } : {}),
        ...(notebook.description ? { description: notebook.description } : {}),
        tags: notebook.tags,
        draft: false,
        url: notebook.route.url,
        franklinUrl: notebook.route.url,
        source: notebook.route.file,
        isIndex: false,
        kind: 'notebook' as const,
      };
      context.store.set({
        id,
        data: await context.parseData({ id, data }),
        digest: context.generateDigest({ html: notebook.html, data: JSON.stringify(data) }),
        filePath: relative(process.cwd(), resolve(notebook.route.file)),
        rendered: { html: notebook.html, metadata: { frontmatter: {} } },
      });
    }
  } catch (error) {
    renderErrors.push(error instanceof Error ? error.message : String(error));
  }
  for (const id of context.store.keys()) if (!kept.has(id)) context.store.delete(id);
  const warnings = [...site.warnings, ...contentWarnings];
  const dev = context.watcher !== undefined;
  // One run reports everything: the warnings ride along with the errors that stop the build.
  if (!dev && site.errors.length + renderErrors.length > 0)
    fail([...site.errors, ...renderErrors, ...warnings.map((w) => `warning: ${w}`)], 'problem(s)');
  if (strict && !dev && warnings.length > 0) fail(warnings, 'warning(s), errors because strict is on (src/site.config.ts, ADJOINT_STRICT)');
  for (const line of [...site.errors, ...renderErrors, ...warnings]) context.logger.warn(line);
}

/** Load config.md's settings and the published files of the Franklin folder `dir` (which exists). */
export async function loadFranklinSite(context: LoaderContext, { dir }: Pick<FranklinLoaderOptions, 'dir'>): Promise<void> {
  const sources = listFiles(dir);
  const config = readConfig(sources.includes('config.md') ? readFileSync(`${dir}/config.md`, 'utf8') : '');
  const plan = planSite(sources, { ignore: config.ignore, keepPath: config.keep_path });
  const files = publishedFiles(dir, plan.routes);
  const data = await context.parseData({
    id: 'site',
    data: {
      dir,
      websiteTitle: config.website_title,
      websiteUrl: config.website_url,
      websiteDescription: config.website_description,
      author: config.author,
      tagPagePath: config.tag_page_path,
      generateRss: config.generate_rss,
      rssFile: config.rss_file,
      rssFullContent: config.rss_full_content,
      files,
    },
  });
  // With a digest, an unchanged site leaves the store as it was (see clearIfFilled).
  context.store.set({ id: 'site', data, digest: context.generateDigest(data) });
}
