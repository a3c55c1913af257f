// Where KaTeX's stylesheet and fonts come from, shared by the build hook that copies the fonts
// (src/integrations/katex-assets.ts) and the layout that writes the stylesheet into pages with
// math (src/layouts/Base.astro), so a layout never imports an integration.
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { withBase } from './base-path.ts';

// The stylesheet must come from the KaTeX that renders the HTML (class names change between
// versions), so resolve it from rehype-katex; package.json `overrides` makes that the
// project's own katex.
const require = createRequire(createRequire(import.meta.url).resolve('rehype-katex'));

/** KaTeX's dist/ folder: katex.min.css and fonts/. */
export const katexDist = join(dirname(require.resolve('katex/package.json')), 'dist');

/** Where the fonts are served. */
export const KATEX_FONTS_URL = withBase('/katex/fonts/');

let css: Promise<string> | undefined;

/**
 * katex.min.css as the pages carry it, in a <style>: it is small (about 3 KB compressed), and
 * inlined it costs no request before the first paint, where a <link> held the paint for a
 * round trip. Its fonts point at KATEX_FONTS_URL, and only the woff2 ones are kept: every
 * browser that runs the site reads woff2.
 */
export function katexCss(): Promise<string> {
  css ??= readFile(join(katexDist, 'katex.min.css'), 'utf8').then((text) =>
    text.replace(/,\s*url\([^)]*\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)/g, '').replace(/url\(fonts\//g, `url(${KATEX_FONTS_URL}`),
  );
  return css;
}
