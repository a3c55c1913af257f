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

/** One rule of katex.min.css: an @font-face, or selectors with their declarations. */
type Rule =
  | { fontFace: string; family: string; italic: boolean; bold: boolean; url: string }
  | { selectors: { text: string; classes: string[] }[]; body: string };

/**
 * katex.min.css split into rules. It is a flat list (no @media or nesting), so a rule runs
 * from the end of the previous one to its closing brace. Fonts point at KATEX_FONTS_URL, and
 * only the woff2 ones are kept: every browser that runs the site reads woff2.
 */
async function katexRules(): Promise<Rule[]> {
  const text = (await readFile(join(katexDist, 'katex.min.css'), 'utf8'))
    .replace(/,\s*url\([^)]*\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)/g, '')
    .replace(/url\(fonts\//g, `url(${KATEX_FONTS_URL}`);
  const rules: Rule[] = [];
  for (const [, head = '', body = ''] of text.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    if (head.trim() === '@font-face') {
      rules.push({
        fontFace: `@font-face{${body}}`,
        family: /font-family:\s*"?([\w-]+)/.exec(body)?.[1] ?? '',
        italic: /font-style:\s*italic/.test(body),
        bold: /font-weight:\s*(?:700|bold)/.test(body),
        url: /url\(([^)]*)\)/.exec(body)?.[1] ?? '',
      });
      continue;
    }
    const selectors = head.split(',').map((selector) => ({
      text: selector,
      // A class under :not() is one the element must lack, not have.
      classes: [...selector.replace(/:not\([^)]*\)/g, '').matchAll(/\.([\w-]+)/g)].map((m) => m[1]!),
    }));
    rules.push({ selectors, body });
  }
  return rules;
}

let parsed: Promise<{ rules: Rule[]; named: Set<string> }> | undefined;
const subsets = new Map<string, string>();
const keptByKey = new Map<string, Kept[]>();
const fontFiles = new Map<string, string[]>();

/** The classes of `html`'s class attributes that some KaTeX rule names, sorted. */
function namedClassesIn(html: string, named: Set<string>): string[] {
  const names = new Set<string>();
  for (const [, a, b] of html.matchAll(/\bclass=(?:"([^"]*)"|'([^']*)')/g)) {
    for (const name of (a ?? b ?? '').split(/\s+/)) if (named.has(name)) names.add(name);
  }
  return [...names].sort();
}

type Kept = { selectors: { text: string; classes: string[] }[]; body: string };

/**
 * What a page's math is, for the functions below: its rendered HTML, or the class names on it
 * (recorded at render time by src/markdown/rehype-page-classes.ts).
 */
export type MathOnPage = string | readonly string[];

/**
 * The rules `page`'s classes select, and the key they share with every page that has the same
 * KaTeX classes. Pages mostly repeat a few sets of classes, so each set is worked out once.
 */
async function rulesFor(page: MathOnPage | undefined): Promise<{ rules: Rule[]; kept: Kept[]; key: string }> {
  parsed ??= katexRules().then((rules) => ({
    rules,
    named: new Set(rules.flatMap((rule) => ('selectors' in rule ? rule.selectors.flatMap((s) => s.classes) : []))),
  }));
  const { rules, named } = await parsed;
  const classes =
    page === undefined ? undefined : typeof page === 'string' ? namedClassesIn(page, named) : page.filter((name) => named.has(name)).sort();
  const key = classes === undefined ? '*' : classes.join(' ');
  let kept = keptByKey.get(key);
  if (!kept) {
    const present = classes && new Set(classes);
    const keeps = (selector: { classes: string[] }) => !present || selector.classes.every((name) => present.has(name));
    kept = rules.flatMap((rule) => {
      if ('fontFace' in rule) return [];
      const selectors = rule.selectors.filter(keeps);
      return selectors.length > 0 ? [{ selectors, body: rule.body }] : [];
    });
    keptByKey.set(key, kept);
  }
  return { rules, kept, key };
}

/**
 * KaTeX's stylesheet as a page carries it, in a <style>: inlined, it costs no request before
 * the first paint, where a <link> held the paint for a round trip. Given the page (its classes
 * or its HTML), only the rules whose selectors name classes the page has, and the @font-faces of the
 * families those rules use, are kept: a typical post needs about a fifth of the 23 KB (sizing
 * and accent rules for markup it does not contain are most of it). Without the HTML (a page
 * that cannot say what its math is), the whole stylesheet. Pages whose math uses the same
 * classes share one result.
 */
export async function katexCss(page?: MathOnPage): Promise<string> {
  const { rules, kept, key } = await rulesFor(page);
  const cached = subsets.get(key);
  if (cached !== undefined) return cached;
  const css = kept.map((rule) => `${rule.selectors.map((s) => s.text).join(',')}{${rule.body}}`);
  // A face is only fetched when text uses its family, but each one is ~150 bytes of every page.
  const families = kept.map((rule) => rule.body).join(';');
  const faces = rules.flatMap((rule) => ('fontFace' in rule && (key === '*' || families.includes(rule.family)) ? [rule.fontFace] : []));
  const result = [...faces, ...css].join('');
  subsets.set(key, result);
  return result;
}

/**
 * The font files (URLs) of the KaTeX faces that a page's math is set in: for each rule its
 * classes select that names a family, the face of that family in the rule's style and weight
 * (`.katex` sets KaTeX_Main upright, `.mathnormal` KaTeX_Math italic, `.mathbf` KaTeX_Main
 * bold). Faces a rule only inherits (bold text inside \textbf) are not found, which is fine
 * for what this is for: preloading the usual faces of the first screen's math.
 */
export async function katexFontFiles(page: MathOnPage): Promise<string[]> {
  if (!page.includes('katex')) return [];
  const { rules, kept, key } = await rulesFor(page);
  const cached = fontFiles.get(key);
  if (cached) return cached;
  const files = new Set<string>();
  for (const { body } of kept) {
    const family = /font-family:\s*"?([\w-]+)/.exec(body)?.[1] ?? /font:[^;]*?\b(KaTeX_\w+)/.exec(body)?.[1];
    if (!family) continue;
    const italic = /font(?:-style)?:[^;]*\bitalic\b/.test(body);
    const bold = /font(?:-weight)?:[^;]*\b(?:700|bold)\b/.test(body);
    for (const rule of rules) {
      if ('fontFace' in rule && rule.family === family && rule.italic === italic && rule.bold === bold) files.add(rule.url);
    }
  }
  const result = [...files].sort();
  fontFiles.set(key, result);
  return result;
}
