// The files that go with each notebook page ([...notebook].astro): its .jl source (the
// "Download notebook" link), its pictures, and a redirect page at the old `nb.jl.html` URL.
import type { APIRoute, GetStaticPaths } from 'astro';
import { contentDir } from '../../content.config.ts';
import { redirectPage, siteNotebooks } from '../notebooks.build.ts';

const TYPES: Record<string, string> = {
  jl: 'text/plain; charset=utf-8',
  png: 'image/png',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
  svg: 'image/svg+xml',
  html: 'text/html; charset=utf-8',
};

export const getStaticPaths = (async () => {
  const pages = await siteNotebooks(contentDir);
  return pages.flatMap((page) => [
    ...page.files.map((f) => ({ params: { notebookFile: f.path.slice(1) }, props: { body: f.body } })),
    ...page.route.redirects.map((from) => ({
      params: { notebookFile: from.slice(1) },
      props: { body: redirectPage(from, page.route.url, page.title) },
    })),
  ]);
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props, params }) => {
  const ext = String(params.notebookFile).split('.').pop()!.toLowerCase();
  const body = props.body as Uint8Array | string;
  return new Response(typeof body === 'string' ? body : new Uint8Array(body), {
    headers: { 'content-type': TYPES[ext] ?? 'application/octet-stream' },
  });
};
