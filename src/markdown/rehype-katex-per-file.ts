// rehype-katex with the site's options, and a fresh copy of the site macros for each file.
// KaTeX writes `\gdef`/`\global\def` definitions into the macros object it is given; with
// one shared object a definition made in one post would silently leak into every post
// rendered after it. Per file, a definition still carries from one formula to the next,
// like a preamble written inside the post. A page may bring macros of its own in its frontmatter
// (`katexMacros`: an imported Franklin page's \newcommand definitions, see src/franklin/), which
// override the site's for that page only.
import type { Root } from 'hast';
import rehypeKatex from 'rehype-katex';
import type { VFile } from 'vfile';
import { katexOptions, macros } from './katex-options.ts';

export default function rehypeKatexPerFile() {
  return function transform(tree: Root, file: VFile) {
    const own = (file.data.astro as { frontmatter?: { katexMacros?: Record<string, string> } } | undefined)?.frontmatter?.katexMacros;
    const render = rehypeKatex({ ...katexOptions, macros: { ...macros, ...own } });
    return render(tree, file);
  };
}
