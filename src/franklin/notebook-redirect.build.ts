// A static redirect page, for an old URL of a notebook (`nb.jl.html`) on hosts without
// server-side redirects: the same markup Astro writes for its own `redirects` config
// (meta refresh, canonical link, noindex), plus a visible link.
import { site } from '../site.config.ts';
import { escapeHtml } from './notebook-outputs.build.ts';

/** @example redirectPage('/a/nb.jl.html', '/a/nb.jl/', 'Gradient descent') // '<!doctype html>…' */
export function redirectPage(from: string, to: string, title: string): string {
  const target = escapeHtml(to);
  const canonical = escapeHtml(new URL(to, site.url).href);
  return `<!doctype html>
<html lang="${site.lang}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)} · moved</title>
<meta http-equiv="refresh" content="0;url=${target}">
<meta name="robots" content="noindex">
<link rel="canonical" href="${canonical}">
</head>
<body>
<p>${escapeHtml(from)} has moved to <a href="${target}">${target}</a>.</p>
</body>
</html>
`;
}
