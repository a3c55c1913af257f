// What a formula leaves in the HTML, for tests that check a page or a fragment holds it.
// KaTeX keeps each formula's TeX in its MathML, so this one string says "this formula is
// here, typeset" whatever the markup around it (inline, display, a table cell, a notebook).

/**
 * The TeX source of a typeset formula as it stands in the HTML (escaped as hast-util-to-html
 * escapes text: &, < and ').
 * @example texAnnotation("f'(x)") // '<annotation encoding="application/x-tex">f&#x27;(x)</annotation>'
 */
export function texAnnotation(tex: string): string {
  const escaped = tex.replace(/&/g, '&#x26;').replace(/</g, '&#x3C;').replace(/'/g, '&#x27;');
  return `<annotation encoding="application/x-tex">${escaped}</annotation>`;
}

/** The opening of an inline formula: the no-wrap span (rehype-inline-math-nowrap.ts) round KaTeX's. */
export const MATH_INLINE_OPEN = '<span class="math-inline"><span class="katex">';
