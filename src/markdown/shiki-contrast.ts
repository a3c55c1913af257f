// A Shiki transformer that keeps every highlighted token readable on the site's code
// background: a token colour under WCAG AA contrast (4.5:1) against --code-bg is darkened
// (light theme) or lightened (dark theme) just enough to pass. The GitHub themes were
// drawn for pure white and #22272e; on Adjoint's warmer backgrounds their comments and
// keywords fall to ~4.1:1, which axe-core (tests/e2e/a11y.test.ts) rightly flags.
import type { ShikiConfig } from '@astrojs/markdown-remark';

type ShikiTransformer = NonNullable<ShikiConfig['transformers']>[number];

/** Must match --code-bg in src/styles/tokens.css (light half, dark half). */
export const CODE_BG = { light: '#f4f2ec', dark: '#1d2027' } as const;
/** A little above 4.5 so rounding in a checker never tips a colour under AA. */
const TARGET = 4.6;

type Rgb = [number, number, number];

const parse = (hex: string): Rgb => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;
const format = (rgb: Rgb) => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`.toUpperCase();

function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio of two colours. @example contrast('#000000', '#ffffff') // 21 */
export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(parse(a)), luminance(parse(b))].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/**
 * The colour moved towards black or white (whichever is away from `bg`) until it reaches
 * the target contrast; unchanged when it already does.
 * @example readable('#6A737D', '#f4f2ec') // a slightly darker grey, ≥ 4.6:1
 */
export function readable(colour: string, bg: string): string {
  const key = `${colour} ${bg}`;
  let result = readableColours.get(key);
  if (result === undefined) {
    result = nudge(colour, bg);
    readableColours.set(key, result);
  }
  return result;
}

/** readable() by colour and background: a theme has a few dozen colours, a site tens of thousands of tokens. */
const readableColours = new Map<string, string>();

function nudge(colour: string, bg: string): string {
  if (!/^#[0-9a-f]{6}$/i.test(colour) || contrast(colour, bg) >= TARGET) return colour;
  const towards: Rgb = luminance(parse(bg)) > 0.18 ? [0, 0, 0] : [255, 255, 255];
  const from = parse(colour);
  for (let t = 0.02; t <= 1; t += 0.02) {
    const mixed = from.map((c, i) => c + (towards[i]! - c) * t) as Rgb;
    if (contrast(format(mixed), bg) >= TARGET) return format(mixed);
  }
  return format(towards);
}

export const shikiContrast: ShikiTransformer = {
  name: 'adjoint:contrast',
  span(node) {
    const style = node.properties.style;
    if (typeof style !== 'string') return;
    node.properties.style = style.replace(
      /--shiki-(light|dark):(#[0-9a-fA-F]{6})\b/g,
      (_, theme: 'light' | 'dark', colour: string) => `--shiki-${theme}:${readable(colour, CODE_BG[theme])}`,
    );
  },
};

/**
 * Shiki stops tokenizing a line after 500 ms by default and emits the rest of it as one plain
 * token. A build that is busy (a cold start compiling every grammar's regular expressions, a
 * loaded CI machine, garbage collection) crossed that limit now and then, so the same post
 * came out with the tail of a line uncoloured in one build and coloured in the next: wrong
 * colours for readers, and rebuilds that were not byte-identical. A static build has no
 * reader waiting on it, so it always finishes the line.
 */
export const shikiWholeLines: ShikiTransformer = {
  name: 'adjoint:whole-lines',
  preprocess(code, options) {
    // 0 is "no limit" for vscode-textmate; the options object is the one tokenization reads next.
    (options as { tokenizeTimeLimit?: number }).tokenizeTimeLimit = 0;
    return code;
  },
};
