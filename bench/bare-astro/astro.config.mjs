// @ts-check
// The baseline for bench/build.bench.ts: a bare Astro 7 site with the same Markdown stack as
// Adjoint (remark-math + rehype-katex on Astro's unified processor, Shiki with the same two
// themes) and nothing else: one content collection, one page per post, no layout, no checks.
// It uses the root project's node_modules. BARE_CONTENT_DIR / BARE_OUT_DIR / BARE_CACHE_DIR
// are set by the bench.
import { unified } from '@astrojs/markdown-remark';
import { defineConfig } from 'astro/config';
import rehypeKatex from 'rehype-katex';
import remarkMath from 'remark-math';

export default defineConfig({
  site: 'https://bare.example.org',
  outDir: process.env.BARE_OUT_DIR ?? './dist',
  cacheDir: process.env.BARE_CACHE_DIR ?? './node_modules/.astro',
  build: { format: 'directory' },
  markdown: {
    processor: unified({ remarkPlugins: [remarkMath], rehypePlugins: [rehypeKatex] }),
    shikiConfig: { themes: { light: 'github-light', dark: 'github-dark-dimmed' }, defaultColor: false },
  },
  devToolbar: { enabled: false },
});
