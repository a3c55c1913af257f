// Where KaTeX's stylesheet and fonts come from, shared by the build hook that serves them
// (src/integrations/katex-assets.ts) and the layouts and pages that link the stylesheet, so
// a layout never imports an integration.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { withBase } from './base-path.ts';

// The stylesheet must come from the KaTeX that renders the HTML (class names change between
// versions), so resolve it from rehype-katex; package.json `overrides` makes that the
// project's own katex.
const require = createRequire(createRequire(import.meta.url).resolve('rehype-katex'));

/** KaTeX's dist/ folder: katex.min.css and fonts/. */
export const katexDist = join(dirname(require.resolve('katex/package.json')), 'dist');
const { version } = require('katex/package.json') as { version: string };

/** The URL the layouts link; the version busts caches when KaTeX is upgraded. */
export const KATEX_CSS_HREF = withBase(`/katex/katex.min.css?v=${version}`);
