// A Pluto cell's logs as static HTML, under the cell as Pluto shows them (frontend/components/
// Logs.js): what the cell printed to stdout/stderr (records of level `LogLevel(-555)`) is merged
// into one block of text, kept where the first of it came; every other record shows its level,
// its message and its keyword arguments, each rendered like an output. A progress bar
// (ProgressLogging's `LogLevel(-1)` with a `progress` keyword) shows only its latest state, as a
// percentage. Long logs keep their first 60 and last 20 entries, as Pluto does, with a count of
// the rest. Everything goes through the output renderer, so text is escaped and HTML sanitized.
import { escapeHtml, type OutputContext, renderOutput, stripAnsi } from './notebook-outputs.build.ts';
import type { PlutoLog } from './pluto.build.ts';

const STDOUT_LEVEL = 'LogLevel(-555)';
const PROGRESS_LEVEL = 'LogLevel(-1)';
const VISIBLE_START = 60;
const VISIBLE_END = 20;

type Entry = { kind: 'stdout'; text: string } | { kind: 'progress'; name: string; done: number | null } | { kind: 'record'; log: PlutoLog };

const progressOf = (log: PlutoLog) => (log.level === PROGRESS_LEVEL ? log.kwargs.find(([k]) => k === 'progress') : undefined);

/** ProgressLogging's progress as Pluto reads it: `nothing` is 0, `"done"` is 1, else a fraction; null when unreadable. */
function fraction(value: unknown): number | null {
  const text = String(value).trim();
  if (text === 'nothing') return 0;
  if (text === '"done"') return 1;
  const n = Number.parseFloat(text);
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : null;
}

/** Pluto's grouping: one stdout block at the first stdout record, one line per progress bar at its first record with its last value. */
function entries(logs: PlutoLog[]): Entry[] {
  const stdout = logs
    .filter((l) => l.level === STDOUT_LEVEL)
    .map((l) => String(l.msg.body))
    .join('');
  const latest = new Map<string, PlutoLog>();
  for (const log of logs) if (progressOf(log)) latest.set(String(log.msg.body), log);
  const out: Entry[] = [];
  let stdoutShown = false;
  const progressShown = new Set<string>();
  for (const log of logs) {
    if (log.level === STDOUT_LEVEL) {
      if (!stdoutShown) out.push({ kind: 'stdout', text: stdout });
      stdoutShown = true;
    } else if (progressOf(log)) {
      const name = String(log.msg.body);
      if (progressShown.has(name)) continue;
      progressShown.add(name);
      out.push({ kind: 'progress', name, done: fraction(progressOf(latest.get(name)!)![1].body) });
    } else {
      out.push({ kind: 'record', log });
    }
  }
  return out;
}

/** Julia's level names as a reader knows them; other levels (`LogLevel(-100)`) as Julia prints them. */
const LEVEL_LABEL: Record<string, string> = { Debug: 'debug', Info: 'info', Warn: 'warning', Error: 'error' };

function entryHtml(entry: Entry, ctx: OutputContext): string {
  if (entry.kind === 'stdout') {
    return `<li class="nb-log nb-log--stdout"><span class="nb-log__level">stdout</span><pre class="nb-log__text" tabindex="0">${escapeHtml(stripAnsi(entry.text))}</pre></li>`;
  }
  if (entry.kind === 'progress') {
    const done = entry.done === null ? '' : ` ${Math.ceil(entry.done * 100)}%`;
    return `<li class="nb-log nb-log--progress"><span class="nb-log__level">progress</span><span class="nb-log__message">${escapeHtml(entry.name)}${done}</span></li>`;
  }
  const { log } = entry;
  const label = LEVEL_LABEL[log.level] ?? log.level;
  const level = /^[A-Za-z]+$/.test(log.level) ? log.level.toLowerCase() : 'other';
  // A text message reads as a sentence, as Pluto shows it; other values (HTML, trees) as outputs.
  const message =
    log.msg.mime === 'text/plain'
      ? `<span class="nb-log__text-message">${escapeHtml(stripAnsi(String(log.msg.body)))}</span>`
      : renderOutput(log.msg, ctx, true);
  const kwargs = log.kwargs.length
    ? `<dl class="nb-log__kwargs">${log.kwargs.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${renderOutput(v, ctx, true)}</dd>`).join('')}</dl>`
    : '';
  return `<li class="nb-log nb-log--${level}"><span class="nb-log__level">${escapeHtml(label)}</span><div class="nb-log__message">${message}${kwargs}</div></li>`;
}

/**
 * The logs of one cell as a list, or '' when it logged nothing.
 * @example renderLogs([{ level: 'Info', msg: { mime: 'text/plain', body: 'hi' }, kwargs: [], line: 1 }], ctx) // '<ul class="nb-logs" …'
 */
export function renderLogs(logs: PlutoLog[], ctx: OutputContext, label = 'Logs'): string {
  const all = entries(logs);
  if (all.length === 0) return '';
  const shown =
    all.length <= VISIBLE_START + VISIBLE_END
      ? all.map((e) => entryHtml(e, ctx))
      : [
          ...all.slice(0, VISIBLE_START).map((e) => entryHtml(e, ctx)),
          `<li class="nb-log nb-log--truncated">${all.length - VISIBLE_START - VISIBLE_END} log entries not shown</li>`,
          ...all.slice(-VISIBLE_END).map((e) => entryHtml(e, ctx)),
        ];
  return `<ul class="nb-logs" aria-label="${escapeHtml(label)}">${shown.join('')}</ul>`;
}
