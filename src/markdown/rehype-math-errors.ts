// rehype-katex turns a formula KaTeX cannot parse into a warning on the file plus red
// markup, and Astro prints neither. This plugin runs right after rehype-katex and turns
// the first such warning into a build failure at the formula's position, with KaTeX's
// own message, so a broken formula can never ship. It also records whether the page has
// any math, so the post layout loads the KaTeX stylesheet only where it is needed.
import type { Root } from 'hast';
import type { VFile } from 'vfile';
import { isKatex, SKIP, walkElements } from './hast-walk.ts';
import { UntrustedMathError } from './katex-options.ts';
import { failAt } from './source-position.ts';

export default function rehypeMathErrors() {
  return function transform(tree: Root, file: VFile) {
    const broken = file.messages.find((message) => message.source === 'rehype-katex');
    if (broken) {
      const cause = broken.cause instanceof Error ? broken.cause.message : broken.reason;
      const hint =
        broken.cause instanceof UntrustedMathError
          ? ''
          : '\n  (KaTeX could not render this formula. Fix the TeX, or escape a literal dollar sign as \\$.)';
      // rehype-katex points at the <code> element, which has no position of its own;
      // the nearest ancestor that has one is the math block or paragraph in the source.
      const located = [...(broken.ancestors ?? [])].reverse().find((node) => node.position);
      const position = broken.place && 'start' in broken.place ? broken.place : located?.position;
      failAt(file, position, `${cause}${hint}`, 'katex');
    }
    let hasMath = false;
    walkElements(tree, (node) => {
      if (hasMath) return SKIP;
      if (isKatex(node)) hasMath = true;
      return undefined;
    });
    file.data.astro ??= {};
    file.data.astro.frontmatter ??= {};
    file.data.astro.frontmatter.hasMath = hasMath;
  };
}
