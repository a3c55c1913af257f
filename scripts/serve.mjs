// A small static file server for dist/: what `npm start` and the browser tests use.
// No dependency: Astro's own `preview` would do, but this one also serves the 404 page
// with status 404, compresses text (brotli or gzip, as the browser asks) with cache headers
// a real host would send, and can be started in-process by the tests.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.pdf': 'application/pdf',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.webmanifest': 'application/manifest+json',
};

/** Types worth compressing: text. Fonts (woff2 is compressed already) and images are not. */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.xml', '.svg', '.txt', '.webmanifest', '.ttf']);

/**
 * Files under /_astro/ carry a content hash in their name, so they never change: a year,
 * immutable. Pages must be revalidated (a rebuild changes them at the same URL); other files
 * (images, the feed) may be cached briefly.
 */
export function cacheControl(urlPath, file) {
  if (urlPath.startsWith('/_astro/')) return 'public, max-age=31536000, immutable';
  if (extname(file) === '.html') return 'no-cache';
  return 'public, max-age=3600';
}

/** The encoding to send: brotli when the browser takes it, else gzip, else none. */
export function pickEncoding(acceptEncoding = '') {
  const offered = new Map(
    acceptEncoding
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([name]) => name)
      .map(([name, ...params]) => {
        const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
        return [name.trim().toLowerCase(), q ? Number(q.slice(2)) : 1];
      }),
  );
  for (const encoding of ['br', 'gzip']) {
    if ((offered.get(encoding) ?? offered.get('*') ?? 0) > 0) return encoding;
  }
  return null;
}

async function isFile(path) {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * What a URL path maps to: `{ file }`, `{ redirect }` (a folder asked for without its slash,
 * as GitHub Pages and Netlify answer, so that the page's relative links resolve), or null.
 */
export async function resolvePath(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const clean = normalize(decoded).replace(/^(\.\.[/\\])+/, '');
  const inside = (path) => path === root || path.startsWith(root + sep);
  if (clean.endsWith('/')) {
    const index = join(root, clean, 'index.html');
    return inside(index) && (await isFile(index)) ? { file: index } : null;
  }
  const direct = join(root, clean);
  if (!inside(direct)) return null;
  if (await isFile(direct)) return { file: direct };
  if (await isFile(join(direct, 'index.html'))) return { redirect: `${clean}/` };
  if (await isFile(`${direct}.html`)) return { file: `${direct}.html` };
  return null;
}

/**
 * Serve `dir` on `port` (0 picks a free one) under the path `base` (`/`, or `/repo/` for a site
 * built with ADJOINT_BASE=/repo/, as GitHub Pages serves a project site); resolves to { url, close }.
 */
export async function serve(dir = 'dist', port = Number(process.env.PORT ?? 4321), base = '/') {
  const root = resolve(dir);
  // Compressed bodies, keyed by file, encoding and mtime: each file is compressed once.
  const compressed = new Map();

  async function body(file, encoding, mtimeMs) {
    const raw = await readFile(file);
    if (!encoding) return raw;
    const key = `${file}\0${encoding}\0${mtimeMs}`;
    let out = compressed.get(key);
    if (!out) {
      out =
        encoding === 'br'
          ? brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } })
          : gzipSync(raw, { level: 9 });
      compressed.set(key, out);
    }
    return out;
  }

  async function send(req, res, file, status) {
    const info = await stat(file);
    const ext = extname(file);
    const encoding = COMPRESSIBLE.has(ext) ? pickEncoding(req.headers['accept-encoding']) : null;
    const etag = `"${createHash('sha1')
      .update(`${info.size}-${info.mtimeMs}-${encoding ?? 'identity'}`)
      .digest('base64url')
      .slice(0, 16)}"`;
    const headers = {
      'content-type': TYPES[ext] ?? 'application/octet-stream',
      'cache-control':
        status === 200 ? cacheControl(new URL(req.url ?? '/', 'http://x').pathname.slice(base.length - 1), file) : 'no-cache',
      etag,
      'last-modified': info.mtime.toUTCString(),
      vary: 'Accept-Encoding',
      'x-content-type-options': 'nosniff',
    };
    if (status === 200 && req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    const data = await body(file, encoding, info.mtimeMs);
    if (encoding) headers['content-encoding'] = encoding;
    headers['content-length'] = data.length;
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' ? undefined : data);
  }

  const server = createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
        res.end('Method not allowed');
        return;
      }
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (base !== '/' && (url.pathname === '/' || url.pathname === base.slice(0, -1))) {
        res.writeHead(302, { location: base, 'cache-control': 'no-cache' });
        res.end();
        return;
      }
      const inBase = url.pathname.startsWith(base) ? url.pathname.slice(base.length - 1) : undefined;
      const found = inBase === undefined ? null : await resolvePath(root, inBase);
      if (found?.redirect) {
        res.writeHead(301, { location: encodeURI(base + found.redirect.slice(1)) + url.search, 'cache-control': 'no-cache' });
        res.end();
        return;
      }
      if (found?.file) return await send(req, res, found.file, 200);
      const notFound = join(root, '404.html');
      if (await isFile(notFound)) return await send(req, res, notFound, 404);
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not found');
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(String(error));
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    // No host: listen on every interface, IPv4 and IPv6, so `localhost` works either way.
    server.listen(port, ok);
  });
  const address = server.address();
  const url = `http://localhost:${address.port}${base}`;
  return { url, close: () => new Promise((ok) => server.close(() => ok())) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 4321);
  try {
    // A site built with ADJOINT_BASE=/repo/ links to /repo/…: serve it there.
    const base = `/${(process.env.ADJOINT_BASE ?? '').replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');
    const { url } = await serve(process.argv[2] ?? 'dist', port, base);
    console.log(`\n  Adjoint is being served at ${url}\n  (Ctrl+C stops it; PORT=… picks another port)\n`);
  } catch (error) {
    if (error?.code === 'EADDRINUSE') {
      console.error(`Port ${port} is already in use. Stop what uses it, or pick another port: PORT=${port + 1} npm start`);
      process.exit(1);
    }
    if (error?.code === 'EACCES') {
      console.error(`Port ${port} needs privileges this user does not have. Pick a port above 1023: PORT=4321 npm start`);
      process.exit(1);
    }
    throw error;
  }
}
