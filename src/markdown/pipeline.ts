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
import type { RehypePlugins, RemarkPlugins } from '@astrojs/markdown-remark';
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

// The processor's options that are data, kept apart so the config can load them without the plugins.
export { remarkRehype, shikiConfig } from './options.ts';
