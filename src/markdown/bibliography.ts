// A BibTeX file, read once per build by citation-js (a maintained BibTeX → CSL-JSON reader
// with citeproc-js behind it: names with particles, TeX accents, editions and page ranges are
// its job, not a hand-written parser's), and the marks and entries the posts cite from it.
//
// Entries are formatted in APA by citeproc. Two styles of mark in the text:
//   numeric:     [1], [1, p. 12], [1, 3]   (numbered in order of first citation in the post)
//   author-year: (Baydin et al., 2018), (Baydin et al., 2018; Nocedal & Wright, 2006, p. 12)
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type CitationStyle = 'numeric' | 'author-year';

export interface Entry {
  key: string;
  /** The formatted reference as HTML (citeproc's markup: <i>, &#38; …), without its wrapper. */
  html: string;
  /** "Baydin et al., 2018": the author-year mark, without parentheses. */
  authorYear: string;
}

/** citation-js's token names, as the characters an author would look for. */
const TOKENS: Record<string, string> = { lbrace: '{', rbrace: '}', comma: ',', equals: '=' };

export class BibliographyError extends Error {}

export interface Bibliography {
  path: string;
  /** Every key, in file order, with the line it is defined on. */
  keys: Map<string, number>;
  entry(key: string): Entry;
}

const cache = new Map<string, { mtimeMs: number; bibliography: Bibliography }>();

/**
 * The bibliography in `path`, parsed once while the file is unchanged. A syntax error or a key
 * defined twice throws a BibliographyError that starts with `path:line:column`.
 */
export async function loadBibliography(path: string): Promise<Bibliography> {
  const { mtimeMs } = statSync(path);
  const cached = cache.get(path);
  if (cached && cached.mtimeMs === mtimeMs) return cached.bibliography;
  const bibliography = await parseBibliography(readFileSync(path, 'utf8'), path);
  cache.set(path, { mtimeMs, bibliography });
  return bibliography;
}

/** Entry keys with their lines: `@book{key,` at the start of an entry (comments and @string skipped). */
function entryKeys(text: string, path: string): Map<string, number> {
  const keys = new Map<string, number>();
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    const match = /^\s*@(\w+)\s*[{(]\s*([^,\s]+)\s*,/.exec(line);
    if (!match || /^(string|comment|preamble)$/i.test(match[1]!)) return;
    const key = match[2]!;
    const first = keys.get(key);
    if (first !== undefined) {
      throw new BibliographyError(
        `${path}:${index + 1}:1: the key "${key}" is defined twice (first on line ${first}); keys must be unique.`,
      );
    }
    keys.set(key, index + 1);
  });
  return keys;
}

/** citation-js and citeproc, loaded on the first citation: a site that cites nothing never pays for them. */
async function citationJs() {
  const [{ Cite }] = await Promise.all([
    import('@citation-js/core'),
    import('@citation-js/plugin-bibtex'),
    import('@citation-js/plugin-csl'),
  ]);
  return Cite;
}

export async function parseBibliography(text: string, path: string): Promise<Bibliography> {
  const keys = entryKeys(text, path);
  const Cite = await citationJs();
  let cite: InstanceType<typeof Cite>;
  try {
    cite = new Cite(text, { forceType: '@biblatex/text' } as ConstructorParameters<typeof Cite>[1]);
  } catch (error) {
    // citation-js says "… at line 9 col 1:" followed by an excerpt; keep the first line, located.
    const message = (error as Error).message;
    const place = /at line (\d+) col (\d+)/.exec(message);
    const reason = message
      .split('\n')[0]!
      .replace(/ at line \d+ col \d+:?$/, '')
      .replace(/"(lbrace|rbrace|comma|equals)"/g, (_, token: string) => `"${TOKENS[token]}"`);
    throw new BibliographyError(`${path}:${place ? `${place[1]}:${place[2]}` : '1:1'}: BibTeX could not be read: ${reason}.`);
  }
  const ids = new Set(cite.data.map((item) => String(item.id)));
  for (const [key, line] of keys) {
    if (!ids.has(key)) throw new BibliographyError(`${path}:${line}:1: the entry "${key}" could not be read.`);
  }
  const formatted = new Map<string, Entry>();
  return {
    path,
    keys,
    entry(key) {
      let entry = formatted.get(key);
      if (!entry) {
        const html = String(cite.format('bibliography', { format: 'html', style: 'apa', lang: 'en-US', entry: key }));
        const authorYear = String(cite.format('citation', { format: 'text', style: 'apa', lang: 'en-US', entry: key } as never));
        entry = {
          key,
          html: html
            .replace(/^\s*<div class="csl-bib-body">\s*<div[^>]*class="csl-entry"[^>]*>/, '')
            .replace(/<\/div>\s*<\/div>\s*$/, '')
            .trim(),
          authorYear: authorYear.replace(/^\(|\)$/g, '').trim(),
        };
        formatted.set(key, entry);
      }
      return entry;
    },
  };
}

/** Every `.bib` file under the content folder, hashed: part of the content cache key (see content.config.ts). */
export function bibliographiesDigest(contentDir: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      if (name.endsWith('.bib')) hash.update(path).update(readFileSync(path));
      else if (!name.startsWith('.') && statSync(path).isDirectory()) walk(path);
    }
  };
  walk(contentDir);
  return hash.digest('hex').slice(0, 16);
}
