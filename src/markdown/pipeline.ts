// The Markdown pipeline in one place, shared by astro.config.mjs (the site) and
// tests/markdown (the same plugins on the same Astro unified processor).
//
// Order matters:
//   remark: math syntax (remark-math with pandoc's dollar rule; `|` in table math kept)
//           → raw HTML policy → equation labels/refs → widgets → citations and figure
//           references ([@key], [@fig:name]) → content warnings → reading time
//   (Astro: remark-rehype, then Shiki on code blocks)
//   rehype: KaTeX → fail on KaTeX errors → display math regions → inline math glued to its punctuation
//           → heading ids + anchors + TOC → table scrollers → code blocks
//           → sidenotes (a margin copy of each footnote; flags posts that need hover cards)
//           → each paragraph's and list's length, for its height estimate off-screen
//           → raw HTML parsed → the class names the page's <head> needs (KaTeX rules, font preloads)
//
// Widgets: a later `remark-widgets` plugin (for `::widget{…}` directives, with
// remark-directive before it) belongs in `remarkPlugins` after `remarkEquationRefs`.
// It should record the widget names a post uses in `file.data.astro.frontmatter.widgets`;
// the post layout passes that list on (see src/layouts/Post.astro, `widgets`).
import type { RehypePlugins, RemarkPlugins, RemarkRehype, ShikiConfig } from '@astrojs/markdown-remark';
import rehypeCodeBlocks from './rehype-code-blocks.ts';
import rehypeDisplayMath from './rehype-display-math.ts';
import rehypeHeadingAnchors from './rehype-heading-anchors.ts';
import rehypeInlineMathNowrap from './rehype-inline-math-nowrap.ts';
import rehypeKatexPerFile from './rehype-katex-per-file.ts';
import rehypeMathErrors from './rehype-math-errors.ts';
import rehypeScrollTables from './rehype-scroll-tables.ts';
import rehypeSidenotes from './rehype-sidenotes.ts';
import rehypeBaseLinks from './rehype-base-links.ts';
import { rawHtmlAroundMath } from './rehype-raw-around-math.ts';
import rehypeBlockEstimates from './rehype-block-estimates.ts';
import rehypePageClasses from './rehype-page-classes.ts';
import { shikiContrast, shikiWholeLines } from './shiki-contrast.ts';
import { contentDir, site } from '../site.config.ts';
import remarkCitations from './remark-citations.ts';
import remarkEquationRefs from './remark-equation-refs.ts';
import remarkContentChecks from './remark-content-checks.ts';
import remarkMathDollars from './remark-math-dollars.ts';
import remarkReadingTime from './remark-reading-time.ts';
import remarkSanitizeHtml from './remark-sanitize-html.ts';
import remarkTableMathPipes from './remark-table-math-pipes.ts';
import remarkWidgets from './remark-widgets.ts';
import remarkLiveCells from './remark-live-cells.ts';
import remarkLocalImages from './remark-local-images.ts';
import remarkTexLogos from './remark-tex-logos.ts';

export const remarkPlugins: RemarkPlugins = [
  remarkMathDollars,
  remarkTexLogos,
  remarkTableMathPipes,
  [remarkSanitizeHtml, { policy: site.rawHtml }],
  remarkEquationRefs,
  remarkWidgets,
  // After widgets: it numbers widget figures with a fig: id, and needs the text directives
  // remark-widgets puts back (the `:slice` of `[@fig:slice]`).
  [remarkCitations, { style: site.citationStyle, contentDir }],
  remarkLiveCells,
  remarkContentChecks,
  remarkReadingTime,
  remarkLocalImages,
];

export const rehypePlugins: RehypePlugins = [
  rehypeKatexPerFile,
  rehypeMathErrors,
  rehypeDisplayMath,
  rehypeInlineMathNowrap,
  rehypeHeadingAnchors,
  rehypeScrollTables,
  rehypeCodeBlocks,
  rehypeSidenotes,
  // After sidenotes, whose margin copies it leaves out of a paragraph's length.
  rehypeBlockEstimates,
  // Last, so the margin copies of footnotes get the base too.
  rehypeBaseLinks,
  // Then raw HTML is parsed, with each formula passed through whole (see the file).
  ...rawHtmlAroundMath,
  // On the finished tree: what the page's <head> needs (KaTeX's rules, fonts to preload).
  rehypePageClasses,
];

export const remarkRehype: RemarkRehype = {
  // A visible, plainly named footnote section instead of GFM's screen-reader-only one.
  footnoteLabel: 'Notes',
  footnoteLabelProperties: { className: ['end-title'] },
  footnoteBackLabel: (index: number) => `Back to reference ${index + 1}`,
  // U+FE0E keeps ↩ a text glyph; iOS would otherwise draw it as an emoji.
  footnoteBackContent: '↩\uFE0E',
};

/**
 * Code highlighting: Shiki at build time, two themes at once. With `defaultColor: false`
 * every token carries `--shiki-light` and `--shiki-dark`; prose.css picks one from the
 * site theme, so code follows the reader's toggle without a second render.
 * Every language Shiki bundles (ts, js, julia, python, bash, json, …) loads on first use;
 * an unknown one falls back to plain text with a warning. Token colours too faint for our
 * code background are nudged to WCAG AA (shiki-contrast.ts), and no line is left half
 * highlighted when the build machine is slow (shikiWholeLines).
 */
export const shikiConfig: Partial<ShikiConfig> = {
  themes: { light: 'github-light', dark: 'github-dark-dimmed' },
  defaultColor: false,
  wrap: false,
  transformers: [shikiWholeLines, shikiContrast],
};
