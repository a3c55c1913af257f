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
  wordsPerMinute: 200,
};
