// A Pluto cell's saved output as static HTML. Pluto picks the richest form a value has
// (PlutoRunner src/display/mime dance.jl, `allmimes`): its own table, tree and stack-trace
// structures (`application/vnd.pluto.*+object`, rendered by Pluto's JavaScript in the
// browser), HTML, pictures (PNG, SVG, JPEG, GIF, BMP as bytes), or plain text. Here each
// becomes HTML at build time, so no Pluto JavaScript is needed; HTML goes through the
// sanitizer and its math and code are typeset by the caller's `html` hook.
//   tree  (display/tree viewer.jl): { type: Array|Set|Tuple|Dict|NamedTuple|struct|Pair|circular,
//          prefix, prefix_short, elements: [key, [body, mime]] | [[k, mk], [v, mv]] | "more" }
//   table (integrations.jl `table_data`): { schema: { names, types } | null, rows: [i, [[body, mime] …]] | "more" }
//   stacktrace (display/Exception.jl): { msg, stacktrace: [{ call, file, line, … }] }
import { Buffer } from 'node:buffer';

export interface OutputContext {
  /** A saved HTML fragment, sanitized and typeset (math, code), as HTML. */
  html(html: string): string;
  /** Stores a picture beside the page and returns its URL. */
  picture(bytes: Uint8Array, extension: string): string;
  /** Alt text for a picture: what the cell computed. */
  alt: string;
  /** A problem with this output, for the build's warnings. */
  problem(message: string): void;
}

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);

export const escapeHtml = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** Terminal colour codes (Julia's `showerror` prints them with `:color => true`). */
// Built from a string: a control character written in a regex literal is a lint error here.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');
export const stripAnsi = (s: string) => s.replace(ANSI, '');

const PICTURES: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/jpg': 'jpg',
  'image/gif': 'gif',
  'image/bmp': 'bmp',
  'image/svg+xml': 'svg',
};

const text = (body: unknown): string =>
  typeof body === 'string' ? body : body instanceof Uint8Array ? Buffer.from(body).toString('utf8') : String(body ?? '');

/** A [body, mime] pair inside a tree or a table, shown inline. */
function inline(pair: unknown, ctx: OutputContext): string {
  if (!Array.isArray(pair) || typeof pair[1] !== 'string') return `<code>${escapeHtml(String(pair))}</code>`;
  const [body, mime] = pair as [unknown, string];
  if (mime === 'text/plain') return `<code>${escapeHtml(stripAnsi(text(body)))}</code>`;
  return renderOutput({ mime, body }, ctx, true);
}

const more = '<li class="nb-tree__more" aria-label="more elements, not saved in the export">⋯</li>';

function tree(body: Dict, ctx: OutputContext): string {
  const type = String(body.type ?? '');
  if (type === 'circular') return '<code>(circular reference)</code>';
  if (type === 'Pair' && Array.isArray(body.key_value)) {
    return `<span class="nb-tree">${inline(body.key_value[0], ctx)} <span class="nb-tree__op">=&gt;</span> ${inline(body.key_value[1], ctx)}</span>`;
  }
  const elements = Array.isArray(body.elements) ? body.elements : [];
  const prefix = typeof body.prefix === 'string' && body.prefix ? body.prefix : '';
  const [open, close] = type === 'Tuple' || type === 'NamedTuple' ? ['(', ')'] : type === 'struct' ? ['', ''] : ['[', ']'];
  // A short list of plain values reads best on one line, as Pluto shows it folded: Float64[1.5, 2.25].
  const plain = elements.every(
    (el) => Array.isArray(el) && Array.isArray(el[1]) && el[1][1] === 'text/plain' && typeof el[1][0] === 'string',
  );
  if ((type === 'Array' || type === 'Tuple' || type === 'Set') && plain) {
    const values = elements.map((el) => stripAnsi(String((el as [unknown, [string]])[1][0])));
    if (values.join(', ').length <= 60) {
      return `<code class="nb-tree nb-tree--inline">${escapeHtml(`${prefix}${open}${values.join(', ')}${close}`)}</code>`;
    }
  }
  const items = elements.map((el) => {
    if (el === 'more') return more;
    if (!Array.isArray(el)) return `<li>${escapeHtml(String(el))}</li>`;
    if (type === 'Dict') return `<li>${inline(el[0], ctx)} <span class="nb-tree__op">=&gt;</span> ${inline(el[1], ctx)}</li>`;
    const key = escapeHtml(String(el[0]));
    const sep = type === 'Array' || type === 'Set' || type === 'Tuple' ? '' : ' <span class="nb-tree__op">=</span>';
    return `<li><span class="nb-tree__key">${key}</span>${sep} ${inline(el[1], ctx)}</li>`;
  });
  const head = prefix ? `<span class="nb-tree__prefix">${escapeHtml(prefix)}</span>` : '';
  return `<div class="nb-tree">${head}${open}<ol class="nb-tree__items" data-type="${escapeHtml(type)}">${items.join('')}</ol>${close}</div>`;
}

function table(body: Dict, ctx: OutputContext): string {
  const schema = isDict(body.schema) ? body.schema : null;
  const names = Array.isArray(schema?.names) ? schema.names.map(String) : [];
  const types = Array.isArray(schema?.types) ? schema.types.map(String) : [];
  const rows = Array.isArray(body.rows) ? body.rows : [];
  const head = names.length
    ? `<thead><tr><th scope="col"><span class="sr-only">row</span></th>${names
        .map((n, i) =>
          n === 'more'
            ? '<th scope="col">⋯</th>'
            : `<th scope="col">${escapeHtml(n)}${types[i] ? `<br><small>${escapeHtml(types[i]!)}</small>` : ''}</th>`,
        )
        .join('')}</tr></thead>`
    : '';
  const bodyRows = rows.map((row) => {
    if (!Array.isArray(row)) return `<tr><th scope="row">⋮</th>${names.map(() => '<td>⋮</td>').join('')}</tr>`;
    const cells = Array.isArray(row[1]) ? row[1] : [];
    return `<tr><th scope="row">${escapeHtml(String(row[0]))}</th>${cells.map((c) => `<td>${c === 'more' ? '⋯' : inline(c, ctx)}</td>`).join('')}</tr>`;
  });
  // Built from escaped text and already-sanitized cells, so it skips the sanitizer; the scroll
  // box and its label are the ones the Markdown pipeline gives tables (rehype-scroll-tables.ts).
  const label = names.length ? `columns ${names.slice(0, 4).join(', ')}` : 'table';
  return (
    `<div class="table-scroll" tabindex="0" role="region" aria-label="${escapeHtml(`Table: ${label} (scrolls sideways)`)}">` +
    `<table>${head}<tbody>${bodyRows.join('')}</tbody></table></div>`
  );
}

function stacktrace(body: Dict): string {
  const msg = stripAnsi(typeof body.msg === 'string' ? body.msg : text(body.msg));
  const frames = Array.isArray(body.stacktrace) ? body.stacktrace.filter(isDict) : [];
  const list = frames.length
    ? `<ol class="nb-error__trace">${frames
        .map((f) => {
          const where = f.file
            ? ` <span class="nb-error__where">@ ${escapeHtml(String(f.file))}${f.line ? `:${escapeHtml(String(f.line))}` : ''}</span>`
            : '';
          return `<li><code>${escapeHtml(String(f.call ?? f.func ?? '?'))}</code>${where}</li>`;
        })
        .join('')}</ol>`
    : '';
  return `<p class="nb-error__message">${escapeHtml(msg)}</p>${list}`;
}

/**
 * One saved output as HTML. `nested` is for a value inside a tree or table (no box around it).
 * @example renderOutput({ mime: 'text/plain', body: '42' }, ctx) // '<pre class="nb-out nb-out--text"><code>42</code></pre>'
 */
export function renderOutput(output: { mime: string; body: unknown }, ctx: OutputContext, nested = false): string {
  const { mime, body } = output;
  const picture = PICTURES[mime];
  if (picture) {
    const bytes = body instanceof Uint8Array ? body : typeof body === 'string' ? new Uint8Array(Buffer.from(body, 'utf8')) : null;
    if (!bytes || bytes.length === 0) {
      ctx.problem(`an ${mime} output without data is not shown`);
      return '';
    }
    const src = ctx.picture(bytes, picture);
    if (!src) return '';
    return `<img class="nb-out nb-out--picture" src="${escapeHtml(src)}" alt="${escapeHtml(ctx.alt)}" loading="lazy" decoding="async">`;
  }
  switch (mime) {
    case 'text/plain': {
      const s = stripAnsi(text(body));
      if (nested) return `<code>${escapeHtml(s)}</code>`;
      return s === '' ? '' : `<pre class="nb-out nb-out--text"><code>${escapeHtml(s)}</code></pre>`;
    }
    case 'text/html':
      return ctx.html(text(body));
    case 'text/latex':
      return ctx.html(`<p class="tex">$$${escapeHtml(text(body).replace(/^[\s$]+|[\s$]+$/g, ''))}$$</p>`);
    case 'text/markdown':
      return `<pre class="nb-out nb-out--text"><code>${escapeHtml(text(body))}</code></pre>`;
    case 'application/vnd.pluto.tree+object':
      return isDict(body) ? tree(body, ctx) : '';
    case 'application/vnd.pluto.table+object':
      return isDict(body) ? table(body, ctx) : '';
    case 'application/vnd.pluto.divelement+object': {
      const children = isDict(body) && Array.isArray(body.children) ? body.children : [];
      return `<div class="nb-div">${children.map((c) => inline(c, ctx)).join('')}</div>`;
    }
    case 'application/vnd.pluto.stacktrace+object':
      return isDict(body) ? stacktrace(body) : '';
    case 'application/vnd.pluto.parseerror+object': {
      const msg = isDict(body) && typeof body.msg === 'string' ? body.msg : 'syntax error';
      return `<p class="nb-error__message">${escapeHtml(stripAnsi(msg))}</p>`;
    }
    default:
      ctx.problem(`an output of type ${mime} cannot be shown without Pluto; it is left out with a note`);
      return `<p class="nb-note">This output (${escapeHtml(mime)}) needs Pluto to be shown.</p>`;
  }
}
