// A tiny static file server for dist/: what `npm start` and the browser tests use.
// No dependency: Astro's own `preview` would do, but this one also serves the 404 page
// with status 404 and can be started in-process by the tests.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.webmanifest': 'application/manifest+json',
};

async function fileFor(root, urlPath) {
  const clean = normalize(decodeURIComponent(urlPath.split('?')[0])).replace(/^(\.\.[/\\])+/, '');
  const candidates = clean.endsWith('/')
    ? [join(root, clean, 'index.html')]
    : [join(root, clean), join(root, clean, 'index.html'), join(root, `${clean}.html`)];
  for (const path of candidates) {
    if (!path.startsWith(root)) continue;
    try {
      if ((await stat(path)).isFile()) return path;
    } catch {}
  }
  return null;
}

/** Serve `dir` on `port` (0 picks a free one); resolves to { url, close }. */
export async function serve(dir = 'dist', port = Number(process.env.PORT ?? 4321)) {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    try {
      const path = await fileFor(root, req.url ?? '/');
      if (path) {
        res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
        res.end(await readFile(path));
        return;
      }
      const notFound = await fileFor(root, '/404.html');
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(notFound ? await readFile(notFound) : 'Not found');
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    // No host: listen on every interface, IPv4 and IPv6, so `localhost` works either way.
    server.listen(port, ok);
  });
  const address = server.address();
  const url = `http://localhost:${address.port}/`;
  return { url, close: () => new Promise((ok) => server.close(() => ok())) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url } = await serve(process.argv[2] ?? 'dist');
  console.log(`\n  Adjoint is being served at ${url}\n  (Ctrl+C stops it; PORT=… picks another port)\n`);
}
