// Pluto.jl notebook exports (`*.jl.html`), read at build time. An export is Pluto's editor page
// with two launch parameters inserted (Pluto.jl src/notebook/Export.jl, `generate_html`):
//   window.pluto_notebookfile = "data:text/julia;charset=utf-8;base64,<the .jl file>";
//   window.pluto_statefile = "data:;base64,<MessagePack of notebook_to_js(notebook)>";
// The state (src/webserver/Dynamic.jl, `notebook_to_js`) holds `cell_order`, `cell_inputs`
// (code, code_folded, metadata) and `cell_results` (output body + mime, errored), `bonds`
// (@bind values) and, in recent versions, the notebook `metadata` with its frontmatter. Pluto's
// MessagePack has its own extension types (src/webserver/MsgPack.jl): 0x0d is a DateTime
// (Int64 milliseconds since 1970), 0x11–0x18 are typed arrays (Int8, UInt8, Int16, UInt16,
// Int32, UInt32, Float32, Float64) — a PNG output's body is a UInt8 array.
// The .jl file format is Pluto's `save_notebook` (src/notebook/saving and loading.jl).
import { Buffer } from 'node:buffer';
import { decode, ExtensionCodec } from '@msgpack/msgpack';
import { parseJuliaValue, toPlain } from './julia-value.build.ts';

export interface PlutoOutput {
  mime: string;
  /** A string for text, HTML and SVG; bytes for PNG, JPEG, GIF; Pluto's own structure for tree/table/stacktrace mimes. */
  body: unknown;
  /** The variable the cell assigns, if any. */
  rootassignee: string | null;
}

export interface PlutoCell {
  id: string;
  code: string;
  /** Pluto hides the code of a folded cell and shows only its output. */
  folded: boolean;
  /** Disabled cells do not run; their last output is not shown. */
  disabled: boolean;
  errored: boolean;
  output: PlutoOutput | null;
  /** What the cell logged when it last ran, in order (empty for a bare `.jl`). */
  logs: PlutoLog[];
  /** Pluto's per-cell "show logs" setting (cell metadata `show_logs`, on unless turned off). */
  showLogs: boolean;
}

/**
 * One log record of a cell, as PlutoRunner relays it (src/runner/PlutoRunner/src/io/logging.jl,
 * `handle_message`): Julia's level printed (`Info`, `Warn`, `Error`, `Debug`, or `LogLevel(n)`),
 * the message and each keyword argument formatted as an output (body and mime). Text written to
 * stdout or stderr is a record of level `LogLevel(-555)` whose message is that text.
 */
export interface PlutoLog {
  level: string;
  msg: { mime: string; body: unknown };
  kwargs: [string, { mime: string; body: unknown }][];
  /** The line of the cell that logged it, when known. */
  line: number | null;
}

export interface PlutoNotebook {
  /** The export's file, for messages. */
  file: string;
  /** The notebook's `.jl` source, for a "Download notebook" link. */
  source: string;
  /** The Pluto version that wrote the `.jl` file, e.g. `v0.19.40`. */
  version: string | null;
  /** Cells in display order. */
  cells: PlutoCell[];
  frontmatter: Record<string, unknown>;
  /** Saved values of `@bind` variables. */
  bonds: Record<string, unknown>;
}

/** A broken export; the message names the file and what is wrong with it. */
export class PlutoExportError extends Error {
  readonly file: string;
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'PlutoExportError';
    this.file = file;
  }
}

const TYPED_ARRAYS = [Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array] as const;

/** Pluto's MessagePack extensions, for decoding (and, in tests, for encoding exports the way Pluto does). */
export const plutoExtensionCodec: ExtensionCodec = (() => {
  const codec = new ExtensionCodec();
  codec.register({
    type: 0x0d,
    // A JS Date always takes MessagePack's own timestamp extension when encoding; Pluto's DateTime is decode-only here.
    encode: () => null,
    decode: (data) => new Date(Number(new DataView(data.buffer, data.byteOffset, data.byteLength).getBigInt64(0, true))),
  });
  TYPED_ARRAYS.forEach((Kind, i) => {
    codec.register({
      type: 0x11 + i,
      encode: (input) => (input instanceof Kind ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : null),
      // Copy into a fresh buffer: the data is a view (into a Node Buffer pool, at any offset),
      // and the wider types need their own aligned buffer. Buffer#slice would not copy.
      decode: (data) => new Kind(Uint8Array.from(data).buffer),
    });
  });
  return codec;
})();

/** `window.pluto_<name> = <JS string literal | undefined>` in the export's launch parameters. */
function launchParameter(html: string, name: string): string | null {
  const m = new RegExp(`window\\.pluto_${name}\\s*=\\s*("(?:[^"\\\\]|\\\\.)*"|'(?:[^'\\\\]|\\\\.)*'|undefined|null)`).exec(html);
  if (!m || m[1] === 'undefined' || m[1] === 'null') return null;
  const literal = m[1].startsWith("'") ? `"${m[1].slice(1, -1).replace(/"/g, '\\"')}"` : m[1];
  try {
    return JSON.parse(literal.replace(/\\\$/g, '$')) as string;
  } catch {
    return m[1].slice(1, -1);
  }
}

/** The bytes of a `data:…;base64,` URL (or of bare base64), checked strictly: a corrupt export fails here, by name. */
function dataBytes(file: string, name: string, value: string): Uint8Array {
  let payload = value;
  if (value.startsWith('data:')) {
    const comma = value.indexOf(',');
    if (comma < 0 || !value.slice(0, comma).endsWith(';base64')) {
      throw new PlutoExportError(file, `window.pluto_${name} is a data: URL without base64 content`);
    }
    payload = value.slice(comma + 1);
  } else if (/^(https?:)?\/\/|^\.{0,2}\//.test(value)) {
    throw new PlutoExportError(
      file,
      `window.pluto_${name} points to ${value} instead of embedding it; export the notebook from Pluto with "Static HTML" so the file holds its own data`,
    );
  }
  payload = payload.replace(/\s+/g, '');
  const bad = /[^A-Za-z0-9+/=]/.exec(payload);
  if (bad)
    throw new PlutoExportError(file, `window.pluto_${name}: corrupt base64 (unexpected \`${bad[0]}\` at character ${bad.index + 1})`);
  if (payload.length % 4 !== 0 || /=[^=]/.test(payload))
    throw new PlutoExportError(file, `window.pluto_${name}: corrupt base64 (truncated or badly padded)`);
  return Buffer.from(payload, 'base64');
}

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);

/**
 * Reads a Pluto export into a typed notebook, in display order, with the outputs Pluto saved.
 * @example readPlutoExport(readFileSync('nb.jl.html', 'utf8'), 'notebooks/nb.jl.html').cells[0].output?.mime // 'text/html'
 */
export function readPlutoExport(html: string, file: string): PlutoNotebook {
  // Read the launch-parameters script when it is marked (Pluto ≥ 0.19); an older export has an unmarked one.
  const marked = /<script[^>]*data-pluto-file="launch-parameters"[^>]*>([\s\S]*?)<\/script>/.exec(html)?.[1];
  const params = marked ?? html;
  const notebookParam = launchParameter(params, 'notebookfile');
  const stateParam = launchParameter(params, 'statefile');
  if (notebookParam === null && stateParam === null) {
    throw new PlutoExportError(file, 'not a Pluto export: window.pluto_notebookfile and window.pluto_statefile are missing');
  }
  if (stateParam === null) throw new PlutoExportError(file, 'window.pluto_statefile is missing: the export has no saved outputs');
  if (notebookParam === null) throw new PlutoExportError(file, 'window.pluto_notebookfile is missing: the export has no notebook source');
  const source = new TextDecoder('utf-8', { fatal: false }).decode(dataBytes(file, 'notebookfile', notebookParam));
  const parsed = parsePlutoNotebookFile(source, file);

  let state: unknown;
  try {
    state = decode(dataBytes(file, 'statefile', stateParam), { extensionCodec: plutoExtensionCodec, useBigInt64: false });
  } catch (error) {
    if (error instanceof PlutoExportError) throw error;
    throw new PlutoExportError(file, `window.pluto_statefile: corrupt MessagePack (${(error as Error).message})`);
  }
  if (!isDict(state)) throw new PlutoExportError(file, 'window.pluto_statefile: the saved state is not a notebook (expected a map)');
  const order = state.cell_order;
  const inputs = state.cell_inputs;
  const results = isDict(state.cell_results) ? state.cell_results : {};
  if (!Array.isArray(order) || !order.every((id) => typeof id === 'string'))
    throw new PlutoExportError(file, 'saved state has no cell_order list');
  if (!isDict(inputs)) throw new PlutoExportError(file, 'saved state has no cell_inputs');

  const cells = order.map((id: string): PlutoCell => {
    const input = inputs[id];
    if (!isDict(input) || typeof input.code !== 'string')
      throw new PlutoExportError(file, `cell ${id}: listed in cell_order but its code is missing from cell_inputs`);
    const result = results[id];
    const metadata = isDict(input.metadata) ? input.metadata : (parsed.cells.get(id)?.metadata ?? {});
    let output: PlutoOutput | null = null;
    if (isDict(result) && isDict(result.output) && typeof result.output.mime === 'string') {
      const o = result.output;
      output = { mime: o.mime as string, body: o.body, rootassignee: typeof o.rootassignee === 'string' ? o.rootassignee : null };
    }
    return {
      id,
      code: input.code,
      folded: input.code_folded === true,
      disabled: metadata.disabled === true,
      errored: isDict(result) && result.errored === true,
      output,
      logs: isDict(result) ? readLogs(result.logs) : [],
      showLogs: metadata.show_logs !== false,
    };
  });

  const bonds: Record<string, unknown> = {};
  if (isDict(state.bonds)) for (const [name, b] of Object.entries(state.bonds)) bonds[name] = isDict(b) ? b.value : b;
  const metadata = isDict(state.metadata) ? state.metadata : {};
  const frontmatter = isDict(metadata.frontmatter) ? metadata.frontmatter : parsed.frontmatter;
  return { file, source, version: parsed.version, cells, frontmatter, bonds };
}

/** A formatted value as PlutoRunner sends it, `(body, mime)` (a tuple, packed as a two-element array). */
function mimePair(value: unknown): { mime: string; body: unknown } | null {
  if (!Array.isArray(value) || value.length < 2 || typeof value[1] !== 'string') return null;
  return { body: value[0], mime: value[1] };
}

/** A cell result's `logs`; records not in the shape PlutoRunner writes are skipped, not guessed at. */
export function readLogs(value: unknown): PlutoLog[] {
  if (!Array.isArray(value)) return [];
  const logs: PlutoLog[] = [];
  for (const record of value) {
    if (!isDict(record) || typeof record.level !== 'string') continue;
    const msg = mimePair(record.msg);
    if (!msg) continue;
    const kwargs = Array.isArray(record.kwargs)
      ? record.kwargs.flatMap((kv): [string, { mime: string; body: unknown }][] => {
          const pair = Array.isArray(kv) && typeof kv[0] === 'string' ? mimePair(kv[1]) : null;
          return pair ? [[kv[0] as string, pair]] : [];
        })
      : [];
    logs.push({ level: record.level, msg, kwargs, line: typeof record.line === 'number' ? record.line : null });
  }
  return logs;
}

/**
 * A Pluto `.jl` notebook placed in the content as it is: the same typed notebook as an export
 * gives, without saved outputs (Adjoint cannot run Julia to make them).
 * @example readPlutoNotebook(readFileSync('nb.jl', 'utf8'), 'nb.jl').cells.every((c) => c.output === null) // true
 */
export function readPlutoNotebook(text: string, file: string): PlutoNotebook {
  const parsed = parsePlutoNotebookFile(text, file);
  const cells = parsed.order.map((id): PlutoCell => {
    const cell = parsed.cells.get(id)!;
    return {
      id,
      code: cell.code,
      folded: cell.folded,
      disabled: cell.metadata.disabled === true,
      errored: false,
      output: null,
      logs: [],
      showLogs: cell.metadata.show_logs !== false,
    };
  });
  return { file, source: text, version: parsed.version, cells, frontmatter: parsed.frontmatter, bonds: {} };
}

export interface PlutoFileCell {
  id: string;
  code: string;
  folded: boolean;
  metadata: Dict;
}

export interface PlutoFile {
  version: string | null;
  frontmatter: Dict;
  /** Cells by id, as written (in topological order). */
  cells: Map<string, PlutoFileCell>;
  /** Display order, from the `Cell order:` section. */
  order: string[];
}

const HEADER = '### A Pluto.jl notebook ###';
const CELL = '# ╔═╡ ';
const CELL_META = '# ╠═╡ ';
const SHOWN = '# ╠═';
const FOLDED = '# ╟─';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads a Pluto `.jl` notebook file: version, frontmatter (`#> [frontmatter]` TOML lines), cells
 * and display order. Pluto's package cells (ids …0001 and …0002) are left out, as Pluto does.
 */
export function parsePlutoNotebookFile(text: string, file: string): PlutoFile {
  const source = text.replace(/\r\n/g, '\n');
  if (!source.startsWith(HEADER)) throw new PlutoExportError(file, `not a Pluto notebook: the first line is not "${HEADER}"`);
  const lines = source.split('\n');
  const version = /^# (v\S+)/.exec(lines[1] ?? '')?.[1] ?? null;
  const firstCell = source.indexOf(`\n${CELL}`);
  const header = firstCell < 0 ? source : source.slice(0, firstCell);
  const frontmatter = readFrontmatter(
    header
      .split('\n')
      .filter((l) => l.startsWith('#> '))
      .map((l) => l.slice(3)),
  );

  const cells = new Map<string, PlutoFileCell>();
  const order: string[] = [];
  const chunks = firstCell < 0 ? [] : source.slice(firstCell + 1 + CELL.length).split(`\n${CELL}`);
  for (const chunk of chunks) {
    const newline = chunk.indexOf('\n');
    const head = newline < 0 ? chunk : chunk.slice(0, newline);
    let rest = newline < 0 ? '' : chunk.slice(newline + 1);
    if (head === 'Cell order:') {
      for (const line of rest.split('\n')) {
        const id = line.slice(-36);
        if ((line.startsWith(SHOWN) || line.startsWith(FOLDED)) && UUID.test(id)) {
          order.push(id);
          const cell = cells.get(id);
          if (cell) cell.folded = line.startsWith(FOLDED);
        }
      }
      break;
    }
    if (!UUID.test(head))
      throw new PlutoExportError(file, `notebook source: "${head.slice(0, 40)}" after a cell delimiter is not a cell id`);
    const metaLines: string[] = [];
    while (rest.startsWith(CELL_META)) {
      const end = rest.indexOf('\n');
      metaLines.push(rest.slice(CELL_META.length, end < 0 ? undefined : end));
      rest = end < 0 ? '' : rest.slice(end + 1);
    }
    const code = rest.replace('#=╠═╡\n', '').replace('\n  ╠═╡ =#', '').replace(/\n$/, '');
    cells.set(head, { id: head, code, folded: false, metadata: readToml(metaLines) });
  }
  const packageCells = new Set(['00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000002']);
  const shown = [...order.filter((id) => cells.has(id)), ...[...cells.keys()].filter((id) => !order.includes(id))].filter(
    (id) => !packageCells.has(id),
  );
  return { version, frontmatter, cells, order: shown };
}

/** The `[frontmatter]` table of the notebook's TOML metadata. */
function readFrontmatter(lines: string[]): Dict {
  const all = readToml(lines, true);
  return isDict(all.frontmatter) ? all.frontmatter : {};
}

/**
 * The small TOML subset Pluto writes for metadata: `[table]` headers and `key = value` with
 * strings, numbers, booleans and arrays — which read the same as Julia literals.
 */
function readToml(lines: string[], tables = false): Dict {
  const root: Dict = {};
  let current = root;
  for (const line of lines) {
    const t = line.trim();
    const table = /^\[([A-Za-z0-9_.-]+)\]$/.exec(t);
    if (table && tables) {
      current = {};
      root[table[1]] = current;
      continue;
    }
    const kv = /^("?)([A-Za-z0-9_-]+)\1\s*=\s*(.*)$/.exec(t);
    if (!kv) continue;
    const value = parseJuliaValue(kv[3]);
    if (value.ok) current[kv[2]] = toPlain(value.value);
  }
  return root;
}
