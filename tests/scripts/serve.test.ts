// `npm start`'s server: compression, cache headers, revalidation, folders without their
// slash, the 404 page, no escape from the served folder, and a busy port said in one line.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheControl, pickEncoding, serve } from '../../scripts/serve.mjs';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((ok, fail) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end();
  });
}

const page = `<!doctype html><title>Hello</title>${'<p>A paragraph of text that compresses well.</p>'.repeat(50)}`;

let dir: string;
let server: { url: string; close: () => Promise<void> };
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'adjoint-serve-'));
  mkdirSync(join(dir, 'posts', 'hello'), { recursive: true });
  mkdirSync(join(dir, '_astro'));
  writeFileSync(join(dir, 'index.html'), page);
  writeFileSync(join(dir, 'posts', 'hello', 'index.html'), page);
  writeFileSync(join(dir, '404.html'), '<!doctype html><title>Not here</title>');
  writeFileSync(join(dir, '_astro', 'app.Ab12Cd.js'), 'console.log(1);'.repeat(100));
  writeFileSync(join(dir, 'og.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  server = await serve(dir, 0);
});
afterAll(() => server.close());

describe('npm start serves like a real static host', () => {
  it('compresses text with brotli or gzip, as the browser asks', async () => {
    const br = await get(server.url, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).toString()).toBe(page);
    expect(br.body.length).toBeLessThan(page.length / 5);
    expect(br.headers.vary).toBe('Accept-Encoding');

    const gz = await get(server.url, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(page);

    const plain = await get(server.url);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(page);
  });

  it('does not compress images', async () => {
    const png = await get(`${server.url}og.png`, { 'accept-encoding': 'br, gzip' });
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.headers['content-type']).toBe('image/png');
  });

  it('caches hashed assets for a year and makes pages revalidate', async () => {
    const asset = await get(`${server.url}_astro/app.Ab12Cd.js`);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const html = await get(server.url);
    expect(html.headers['cache-control']).toBe('no-cache');
    const again = await get(server.url, { 'if-none-match': String(html.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('redirects a folder asked for without its slash, keeping the query', async () => {
    const r = await get(`${server.url}posts/hello?x=1`);
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe('/posts/hello/?x=1');
    expect((await get(`${server.url}posts/hello/`)).body.toString()).toBe(page);
  });

  it('answers a missing page with the 404 page and status 404, and never leaves the folder', async () => {
    const missing = await get(`${server.url}nope/`);
    expect(missing.status).toBe(404);
    expect(missing.body.toString()).toContain('Not here');
    for (const path of ['..%2f..%2fetc%2fpasswd', '%2e%2e/%2e%2e/etc/passwd', '%E0%A4%A']) {
      expect((await get(`${server.url}${path}`)).status).toBe(404);
    }
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get(server.url, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(Number(head.headers['content-length'])).toBe(page.length);
    expect((await get(server.url, {}, 'POST')).status).toBe(405);
  });

  it('says in one line which port is busy and how to pick another', async () => {
    const busy = createServer();
    const port = await new Promise<number>((ok) => busy.listen(0, () => ok((busy.address() as { port: number }).port)));
    try {
      const r = spawnSync(process.execPath, ['scripts/serve.mjs', dir], { env: { ...process.env, PORT: String(port) }, encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr.trim()).toBe(`Port ${port} is already in use. Stop what uses it, or pick another port: PORT=${port + 1} npm start`);
    } finally {
      busy.close();
    }
  });
});

describe('headers, by rule', () => {
  it('picks br over gzip, honours q=0 and *', () => {
    expect(pickEncoding('gzip, br')).toBe('br');
    expect(pickEncoding('br;q=0, gzip')).toBe('gzip');
    expect(pickEncoding('*')).toBe('br');
    expect(pickEncoding('identity')).toBeNull();
    expect(pickEncoding(undefined)).toBeNull();
  });
  it('cache rules by path', () => {
    expect(cacheControl('/_astro/x.js', 'x.js')).toContain('immutable');
    expect(cacheControl('/posts/a/', 'index.html')).toBe('no-cache');
    expect(cacheControl('/og.png', 'og.png')).toBe('public, max-age=3600');
  });
});
