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
};
