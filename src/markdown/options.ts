// The Markdown processor's options that are plain data (and Shiki's transformers): what
// astro.config.mjs needs when it loads, before any post is rendered. The plugins are in
// pipeline.ts, loaded only when something must render (lazy-processor.ts).
import type { RemarkRehype, ShikiConfig } from '@astrojs/markdown-remark';
import { shikiContrast, shikiWholeLines } from './shiki-contrast.ts';

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
