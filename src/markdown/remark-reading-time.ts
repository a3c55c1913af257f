// Reading time for the post header, stored as `readingMinutes` in the remark frontmatter.
// Prose is counted in words at `wordsPerMinute`; a display equation or a line of code takes
// longer to read than its word count suggests, so each adds a fixed number of seconds.
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { site } from '../site.config.ts';

const SECONDS_PER_DISPLAY_MATH = 12;
const SECONDS_PER_CODE_LINE = 2;

/** Minutes to read `words` of prose plus the given display equations and code lines (≥ 1). */
export function readingMinutes(words: number, displayMath: number, codeLines: number, wordsPerMinute = site.wordsPerMinute): number {
  const seconds = (words / wordsPerMinute) * 60 + displayMath * SECONDS_PER_DISPLAY_MATH + codeLines * SECONDS_PER_CODE_LINE;
  return Math.max(1, Math.round(seconds / 60));
}

export default function remarkReadingTime() {
  return function transform(tree: Root, file: VFile) {
    let words = 0;
    let displayMath = 0;
    let codeLines = 0;
    visit(tree, (node) => {
      if (node.type === 'text' || node.type === 'inlineCode') {
        words += node.value.split(/\s+/).filter(Boolean).length;
      } else if (node.type === 'inlineMath') {
        words += 1;
      } else if (node.type === 'math') {
        displayMath += 1;
      } else if (node.type === 'code') {
        codeLines += node.value.split('\n').length;
      }
    });
    file.data.astro ??= {};
    const astro = file.data.astro;
    astro.frontmatter ??= {};
    astro.frontmatter.readingMinutes = readingMinutes(words, displayMath, codeLines);
  };
}
