// Astro's unified Markdown processor with its plugins loaded on first use.
//
// Astro keeps rendered posts in its cache, so a rebuild where no post changed renders nothing;
// but the config is loaded (each TypeScript module transformed by Vite) on every build, and
// importing the pipeline with it pulled in KaTeX, our ~25 plugins and their dependencies for
// nothing: about 0.3 s of CPU on each warm build of the 300-post benchmark, a cost bare Astro
// with two plugins does not have. Here the processor's `createRenderer`, which Astro calls
// the first time a post (or a Franklin page) must render, imports the pipeline first.
import { type RehypePlugins, type RemarkPlugins, unified } from '@astrojs/markdown-remark';
import { remarkRehype } from './options.ts';

export interface Plugins {
  remarkPlugins: RemarkPlugins;
  rehypePlugins: RehypePlugins;
}

/** unified() whose remark and rehype plugins come from `load`, called once, on first render. */
export function lazyUnified(load: () => Promise<Plugins>): ReturnType<typeof unified> {
  const processor = unified({ remarkRehype });
  const create = processor.createRenderer.bind(processor);
  let loaded: Promise<void> | undefined;
  processor.createRenderer = async (shared) => {
    loaded ??= load().then(({ remarkPlugins, rehypePlugins }) => {
      // `options` is the object Astro's config holds (it keeps its identity); ours go first,
      // ahead of any an integration added.
      processor.options.remarkPlugins = [...remarkPlugins, ...processor.options.remarkPlugins];
      processor.options.rehypePlugins = [...rehypePlugins, ...processor.options.rehypePlugins];
    });
    await loaded;
    return create(shared);
  };
  return processor;
}
