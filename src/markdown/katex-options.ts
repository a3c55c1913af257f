// KaTeX settings for the whole site, in one place: the macros every post may use and the
// rendering options. Posts document the macros in content/posts/ (see "Notation").
import type { KatexOptions } from 'katex';

/**
 * Site-wide macros. Write them as you would in a LaTeX preamble: `#1` is the first argument.
 * Adding one here makes it available in every post; a sample post lists them for readers.
 */
export const macros: Record<string, string> = {
  '\\R': '\\mathbb{R}', // the reals: $f:\R^n\to\R$
  '\\N': '\\mathbb{N}', // the naturals
  '\\norm': '\\left\\lVert #1 \\right\\rVert', // \norm{x}
  '\\abs': '\\left\\lvert #1 \\right\\rvert', // \abs{x}
  '\\inner': '\\left\\langle #1, #2 \\right\\rangle', // \inner{u}{v}
  '\\T': '^{\\mathsf{T}}', // transpose: A\T
  '\\d': '\\mathrm{d}', // upright differential: \d x
  '\\dd': '\\frac{\\mathrm{d} #1}{\\mathrm{d} #2}', // \dd{y}{x}
  '\\pd': '\\frac{\\partial #1}{\\partial #2}', // \pd{L}{w}
  '\\grad': '\\nabla', // \grad f
  '\\J': '\\mathbf{J}', // a Jacobian: \J_f(x)
  '\\bm': '\\boldsymbol{#1}', // bold vectors and matrices: \bm{x}, \bm{W}
  '\\argmin': '\\operatorname*{arg\\,min}',
  '\\argmax': '\\operatorname*{arg\\,max}',
  '\\E': '\\mathbb{E}', // expectation
  '\\relu': '\\operatorname{relu}',
  '\\softmax': '\\operatorname{softmax}',
  '\\diag': '\\operatorname{diag}',
  '\\tr': '\\operatorname{tr}',
};

/** The error for a KaTeX command that needs `trust`; rehype-math-errors prints its message as is. */
export class UntrustedMathError extends Error {
  override name = 'UntrustedMathError';
}

const INSTEAD: Record<string, string> = {
  '\\href': 'write a Markdown link outside the formula: [text](url)',
  '\\url': 'write a Markdown link outside the formula: <https://…> or [text](url)',
  '\\includegraphics': 'put the picture in Markdown outside the formula: ![alt text](./picture.png)',
};

/** Throws: which command, why it is refused, what to write instead. */
export function untrusted(context: { command: string; url?: string }): never {
  const what = context.url === undefined ? context.command : `${context.command}{${context.url}}`;
  const instead = INSTEAD[context.command] ?? 'style math with TeX (\\color, \\textbf, …); HTML attributes are not available in formulas';
  throw new UntrustedMathError(`KaTeX: ${what} is not allowed in math on this site; ${instead}.`);
}

/** Options passed to rehype-katex (which always sets `displayMode` and `throwOnError`). */
export const katexOptions: Omit<KatexOptions, 'displayMode' | 'throwOnError'> = {
  macros,
  // LaTeX-incompatible but harmless input (Unicode letters in math, `\\` at the end of a
  // display) renders rather than warns; real parse errors still fail the build.
  strict: 'ignore',
  // KaTeX would quietly draw `\href`, `\url`, `\includegraphics` and `\html…` as red text
  // when they are not trusted. They never are here (links and pictures belong in Markdown,
  // where the link checker sees them), so `untrusted` throws and the build fails at the
  // formula like any other math error. The one exception is the in-page `\href{#eq-…}`
  // our own `\eqref` rewriting emits.
  trust: (context) => {
    if (context.command === '\\href' && context.url.startsWith('#')) return true;
    return untrusted(context);
  },
  output: 'htmlAndMathml',
};
