// Everything that names the site, in one place: the layouts, the RSS feed, the sitemap,
// robots.txt and the Open Graph tags all read from here.

export interface SiteConfig {
  /** Shown in the header, the <title> suffix, the feed and Open Graph `og:site_name`. */
  title: string;
  /** One sentence: the home page intro, the default meta description, the feed description. */
  description: string;
  /** Absolute origin the site is published at (no trailing slash); canonical URLs start here. */
  url: string;
  /** Author of the posts (feed, meta author, footer). */
  author: string;
  /** BCP 47 language of the content (`<html lang>`, the feed). */
  lang: string;
  /**
   * The picture shown when a page is shared (Open Graph / Twitter card), in public/:
   * PNG, 1200 × 630 (source: src/assets/og-default.svg). Written as an absolute URL.
   */
  image: { path: string; width: number; height: number; alt: string };
  /** Words read per minute, for the reading time shown on each post (prose; code and math count more slowly). */
  wordsPerMinute: number;
  /**
   * IANA time zone of the dates in frontmatter (default `UTC`): `date: 2025-03-14` is that day
   * in this zone, and a time without an offset (`2025-03-14T23:30`) is read in it. Dates are
   * shown in it too. The build machine's own time zone never matters.
   */
  timeZone: string;
  /**
   * Strict content checks: what is otherwise a warning (a post with no body, an image without
   * alt text) fails the build. `ADJOINT_STRICT=1` (or `0`) in the environment overrides this.
   */
  strict: boolean;
  /**
   * Raw HTML in posts. `'allow'` (default): authors are trusted, HTML passes through as
   * written, `<script>` included. `'sanitize'`: raw HTML is cleaned to a safe subset
   * (no scripts, event handlers, `javascript:` URLs, iframes, forms or styles) before math
   * and code are rendered, for sites that publish posts from people they do not fully trust.
   * `ADJOINT_RAW_HTML=sanitize` overrides this.
   */
  rawHtml: 'allow' | 'sanitize';
  /**
   * How citations (`[@key]`, from `content/references.bib`) are marked in the text:
   * `'numeric'` — [1], numbered in order of first citation, references listed in that order;
   * `'author-year'` — (Baydin et al., 2018), references listed alphabetically.
   */
  citationStyle: 'numeric' | 'author-year';
}

/** The content folder (posts, pages, references.bib); ADJOINT_CONTENT_DIR lets tests build fixture sites. */
export const contentDir = (process.env.ADJOINT_CONTENT_DIR ?? 'content').replace(/\/$/, '');

/** `1`/`true`/`yes` → true, `0`/`false`/`no` → false, unset → undefined. */
function envFlag(name: string): boolean | undefined {
  const value = process.env[name]?.trim().toLowerCase();
  if (value === undefined || value === '') return undefined;
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new Error(`${name}=${process.env[name]} is not a switch: write ${name}=1 or ${name}=0.`);
}

function envRawHtml(): SiteConfig['rawHtml'] | undefined {
  const value = process.env.ADJOINT_RAW_HTML?.trim();
  if (value === undefined || value === '') return undefined;
  if (value === 'allow' || value === 'sanitize') return value;
  throw new Error(`ADJOINT_RAW_HTML=${value} is not a policy: write ADJOINT_RAW_HTML=allow or ADJOINT_RAW_HTML=sanitize.`);
}

export const site: SiteConfig = {
  title: 'Adjoint',
  description:
    'Derivatives for deep learning, worked out by hand and checked by machine: the chain rule, Jacobians, reverse mode and the kinks in between.',
  url: 'https://adjoint.example.org',
  author: 'The Adjoint authors',
  lang: 'en',
  image: {
    path: '/og-default.png',
    width: 1200,
    height: 630,
    alt: 'Adjoint: derivatives for deep learning, worked out by hand and checked by machine. A curve with its tangent line.',
  },
  wordsPerMinute: 200,
  timeZone: 'UTC',
  // This site's own content is held to the strict checks, in `npm test` and `npm run build` alike.
  strict: envFlag('ADJOINT_STRICT') ?? true,
  rawHtml: envRawHtml() ?? 'allow',
  citationStyle: 'numeric',
};
