// Builds Pluto exports for tests the way Pluto.jl does (src/notebook/Export.jl `generate_html`,
// src/notebook/saving and loading.jl `save_notebook`, src/webserver/Dynamic.jl `notebook_to_js`):
// a .jl file, a MessagePack state with Pluto's extension types, both base64 data: URLs in the
// launch parameters of an editor page that loads Pluto from its CDN.
import { Buffer } from 'node:buffer';
import { encode, ExtData } from '@msgpack/msgpack';
import { plutoExtensionCodec } from '../../src/franklin/pluto.build.ts';

export interface FixtureCell {
  id: string;
  code: string;
  folded?: boolean;
  disabled?: boolean;
  errored?: boolean;
  output?: { mime: string; body: unknown; rootassignee?: string | null };
  /** What the cell logged, in order. */
  logs?: FixtureLog[];
  /** The cell's "show logs" setting (Pluto's default: on). */
  showLogs?: boolean;
}

/**
 * A log record: `stdout` for text the cell printed (PlutoRunner relays it as a record of level
 * `LogLevel(-555)`), else Julia's level name (`Info`, `Warn`, `Error`, `Debug`, `LogLevel(-1)`).
 * Message and keyword values are plain text unless given as `[body, mime]`.
 */
export interface FixtureLog {
  level: string;
  msg: string | [unknown, string];
  kwargs?: [string, string | [unknown, string]][];
  line?: number;
}

const mimePair = (v: string | [unknown, string]) => (typeof v === 'string' ? [v, 'text/plain'] : v);

/** A record as PlutoRunner's `handle_message` sends it (src/runner/PlutoRunner/src/io/logging.jl). */
function logRecord(cellId: string, log: FixtureLog, n: number): Record<string, unknown> {
  return {
    level: log.level === 'stdout' ? 'LogLevel(-555)' : log.level,
    msg: mimePair(log.msg),
    new_published_objects: {},
    group: 'nb',
    id: `Main_workspace#3_${n.toString(16).padStart(8, '0')}`,
    file: `/home/author/notebooks/nb.jl#==#${cellId}`,
    cell_id: cellId,
    line: log.line ?? 1,
    kwargs: (log.kwargs ?? []).map(([k, v]) => [k, mimePair(v)]),
  };
}

export interface FixtureNotebook {
  version?: string;
  frontmatter?: Record<string, string | string[]>;
  cells: FixtureCell[];
  bonds?: Record<string, unknown>;
}

const tomlValue = (v: string | string[]) => (Array.isArray(v) ? `[${v.map((s) => JSON.stringify(s)).join(', ')}]` : JSON.stringify(v));

/** The .jl file, cells written in reverse (Pluto writes topological order) so that only `Cell order:` gives the display order. */
export function plutoNotebookFile(nb: FixtureNotebook): string {
  const out = ['### A Pluto.jl notebook ###', `# ${nb.version ?? 'v0.19.46'}`];
  if (nb.frontmatter) {
    out.push('', '#> [frontmatter]');
    for (const [k, v] of Object.entries(nb.frontmatter)) out.push(`#> ${k} = ${tomlValue(v)}`);
  }
  out.push('', 'using Markdown', 'using InteractiveUtils');
  if (nb.cells.some((c) => c.code.includes('@bind'))) {
    out.push('', '# Outside Pluto, @bind just gives the variable a default value (a stand-in written for these tests).');
    out.push('macro bind(def, element)', '    :(local $(esc(def)) = 0.1)', 'end');
  }
  out.push('');
  for (const c of [...nb.cells].reverse()) {
    out.push(`# ╔═╡ ${c.id}`);
    if (c.showLogs === false) out.push('# ╠═╡ show_logs = false');
    if (c.disabled) out.push('# ╠═╡ disabled = true', `#=╠═╡\n${c.code}\n  ╠═╡ =#`, '');
    else out.push(c.code, '');
  }
  out.push('# ╔═╡ Cell order:');
  for (const c of nb.cells) out.push(`${c.folded ? '# ╟─' : '# ╠═'}${c.id}`);
  return `${out.join('\n')}\n`;
}

/** Pluto's DateTime extension (0x0d): Int64 milliseconds since 1970, little-endian as Julia writes it on x86. */
export function plutoDateTime(date: Date): ExtData {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigInt64(0, BigInt(date.getTime()), true);
  return new ExtData(0x0d, bytes);
}

/** The shared state Pluto packs into the statefile. */
export function plutoState(nb: FixtureNotebook): Record<string, unknown> {
  const byId = <T>(f: (c: FixtureCell) => T) => Object.fromEntries(nb.cells.map((c) => [c.id, f(c)]));
  return {
    notebook_id: 'b7c1e0a2-5f1d-11ef-0000-000000000000',
    path: '/home/author/notebooks/nb.jl',
    shortpath: 'nb.jl',
    in_temp_dir: false,
    cell_inputs: byId((c) => ({
      cell_id: c.id,
      code: c.code,
      code_folded: c.folded ?? false,
      metadata: { disabled: c.disabled ?? false, show_logs: c.showLogs ?? true },
    })),
    cell_results: byId((c) => ({
      cell_id: c.id,
      queued: false,
      running: false,
      errored: c.errored ?? false,
      runtime: 1234567,
      logs: (c.logs ?? []).map((log, n) => logRecord(c.id, log, n)),
      output: {
        body: c.output?.body ?? '',
        mime: c.output?.mime ?? 'text/plain',
        rootassignee: c.output?.rootassignee ?? null,
        last_run_timestamp: plutoDateTime(new Date('2024-05-06T07:08:09Z')),
        persist_js_state: false,
      },
    })),
    cell_order: nb.cells.map((c) => c.id),
    bonds: Object.fromEntries(Object.entries(nb.bonds ?? {}).map(([k, v]) => [k, { value: v }])),
    metadata: nb.frontmatter ? { frontmatter: nb.frontmatter } : {},
  };
}

/** `generate_html`: the launch parameters, inserted before Pluto's insertion-spot meta tag. */
export function plutoExportHtml(
  notebookText: string,
  state: unknown,
  options: { notebookfileJs?: string; statefileJs?: string } = {},
): string {
  const notebookfile =
    options.notebookfileJs ??
    JSON.stringify(`data:text/julia;charset=utf-8;base64,${Buffer.from(notebookText, 'utf8').toString('base64')}`);
  const statefile =
    options.statefileJs ??
    JSON.stringify(`data:;base64,${Buffer.from(encode(state, { extensionCodec: plutoExtensionCodec })).toString('base64')}`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>⚡ Pluto.jl ⚡</title>
<meta name="pluto-insertion-spot-meta">
<script data-pluto-file="launch-parameters">
window.pluto_notebook_id = undefined;
window.pluto_isolated_cell_ids = undefined;
window.pluto_notebookfile = ${notebookfile};
window.pluto_disable_ui = true;
window.pluto_slider_server_url = undefined;
window.pluto_binder_url = "https://mybinder.org/v2/gh/fonsp/pluto-on-binder/v0.19.46";
window.pluto_statefile = ${statefile};
window.pluto_preamble_html = undefined;
</script>
<meta name="pluto-insertion-spot-parameters">
<script type="module" src="https://cdn.jsdelivr.net/gh/fonsp/Pluto.jl@0.19.46/frontend-dist/editor.js"></script>
<link rel="stylesheet" href="https://cdn.jsdelivr.net/gh/fonsp/Pluto.jl@0.19.46/frontend-dist/editor.css">
<meta name="pluto-insertion-spot-preload">
</head>
<body><div id="app"></div></body>
</html>
`;
}

/** Export HTML for a fixture notebook, the three steps together. */
export function exportNotebook(nb: FixtureNotebook): { html: string; source: string } {
  const source = plutoNotebookFile(nb);
  return { html: plutoExportHtml(source, plutoState(nb)), source };
}
