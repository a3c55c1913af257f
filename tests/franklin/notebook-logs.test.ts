// A Pluto cell's logs (println output, @info/@warn records): read from the export's saved state
// (pluto.build.ts readLogs) and shown under the cell (notebook-logs.build.ts) the way Pluto's
// frontend groups them. Notebooks written for these tests, exported by pluto-export.ts.
import { describe, expect, it } from 'vitest';
import { renderNotebook } from '../../src/franklin/notebook.build.ts';
import { renderLogs } from '../../src/franklin/notebook-logs.build.ts';
import type { OutputContext } from '../../src/franklin/notebook-outputs.build.ts';
import { type PlutoLog, readLogs, readPlutoExport } from '../../src/franklin/pluto.build.ts';
import { macros } from '../../src/markdown/katex-options.ts';
import { DESCENT, SLIDER } from '../fixtures/pluto-site/notebooks.ts';
import { exportNotebook, type FixtureNotebook } from './pluto-export.ts';

const highlight = async (code: string, lang: string) => `<pre data-lang="${lang}">${code.replaceAll('<', '&lt;')}</pre>`;
const read = (nb: FixtureNotebook) => readPlutoExport(exportNotebook(nb).html, 'notes/nb.jl.html');
const render = (nb: FixtureNotebook) => renderNotebook(read(nb), { url: '/notes/nb.jl/', macros, highlight, outputsSaved: true });

const problems: string[] = [];
const ctx: OutputContext = {
  html: (html) => `<div class="sanitized">${html.replace(/<script[\s\S]*?<\/script>/g, '')}</div>`,
  picture: () => '/p.png',
  alt: 'a picture',
  problem: (m) => problems.push(m),
};
const log = (level: string, body: unknown, kwargs: PlutoLog['kwargs'] = [], mime = 'text/plain'): PlutoLog => ({
  level,
  msg: { mime, body },
  kwargs,
  line: 1,
});

describe('reading logs from the saved state', () => {
  it('gives each record its level, message, keyword values and line, in order', () => {
    const cell = read(DESCENT).cells.find((c) => c.id === 'a1f0c6d2-9999-4c1e-9a51-1f0e6b7d2a09')!;
    expect(cell.showLogs).toBe(true);
    expect(cell.logs.map((l) => l.level)).toEqual(['LogLevel(-555)', 'LogLevel(-555)', 'Info', 'Warn']);
    expect(cell.logs[2]).toEqual({
      level: 'Info',
      msg: { body: 'error after six steps', mime: 'text/plain' },
      kwargs: [['err', { body: '0.046875', mime: 'text/plain' }]],
      line: 4,
    });
  });

  it("keeps a cell's show_logs setting, and a cell that logged nothing has no logs", () => {
    const nb = read(SLIDER);
    const quiet = nb.cells.find((c) => c.code === 'using PlutoUI')!;
    expect(quiet.showLogs).toBe(false);
    expect(quiet.logs).toHaveLength(1);
    expect(nb.cells.find((c) => c.code.startsWith('loss_after_ten'))!.logs).toEqual([]);
  });

  it('skips records that are not in the shape PlutoRunner writes', () => {
    expect(readLogs(undefined)).toEqual([]);
    expect(
      readLogs([{ level: 'Info' }, { msg: ['x', 'text/plain'] }, 'text', { level: 'Info', msg: ['kept', 'text/plain'], kwargs: [['k']] }]),
    ).toEqual([{ level: 'Info', msg: { body: 'kept', mime: 'text/plain' }, kwargs: [], line: null }]);
  });
});

describe('showing logs', () => {
  it('merges what was printed into one block at its first place, and shows each record with its level and keywords', () => {
    const html = renderLogs(
      [
        log('LogLevel(-555)', 'a\n'),
        log('Info', 'halfway', [['k', { mime: 'text/plain', body: '2' }]]),
        log('LogLevel(-555)', 'b\n'),
        log('Warn', 'careful'),
      ],
      ctx,
    );
    const items = html.match(/<li[\s\S]*?<\/li>/g)!;
    expect(items).toHaveLength(3);
    expect(items[0]).toContain('<span class="nb-log__level">stdout</span><pre class="nb-log__text" tabindex="0">a\nb\n</pre>');
    expect(items[1]).toContain('<span class="nb-log__level">info</span>');
    expect(items[1]).toContain('<span class="nb-log__text-message">halfway</span>');
    expect(items[1]).toContain('<dl class="nb-log__kwargs"><dt>k</dt><dd><code>2</code></dd></dl>');
    expect(items[2]).toMatch(/^<li class="nb-log nb-log--warn"><span class="nb-log__level">warning<\/span>/);
  });

  it('escapes printed text and text messages, strips terminal colours, and sanitizes HTML messages', () => {
    const html = renderLogs(
      [
        log('LogLevel(-555)', '\u001b[31m<script>alert(1)</script>\u001b[0m & done\n'),
        log('Error', '<img src=x onerror=alert(2)>'),
        log('Info', '<b>bold</b><script>alert(3)</script>', [], 'text/html'),
      ],
      ctx,
    );
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; done');
    expect(html).not.toContain('\u001b');
    expect(html).toContain('<span class="nb-log__text-message">&lt;img src=x onerror=alert(2)&gt;</span>');
    expect(html).toContain('<div class="sanitized"><b>bold</b></div>');
    expect(html).not.toMatch(/<script|<img/);
  });

  it('shows a progress bar once, at its latest value; keeps the first 60 and last 20 of a long log', () => {
    const progress = (v: string) => log('LogLevel(-1)', 'training', [['progress', { mime: 'text/plain', body: v }]]);
    const bar = renderLogs([progress('nothing'), progress('0.25'), progress('0.5')], ctx);
    expect(bar.match(/<li/g)).toHaveLength(1);
    expect(bar).toContain('training 50%');
    const many = renderLogs(
      Array.from({ length: 100 }, (_, i) => log('Info', `record ${i}`)),
      ctx,
    );
    expect(many.match(/<li/g)).toHaveLength(81);
    expect(many).toContain('20 log entries not shown');
    expect(many).toContain('record 59');
    expect(many).not.toContain('record 60<');
    expect(many).toContain('record 80');
  });

  it('is empty for a cell that logged nothing', () => {
    expect(renderLogs([], ctx)).toBe('');
  });
});

describe('logs on the notebook page', () => {
  it('come under the cell’s code, and not for a cell whose logs are turned off', async () => {
    const page = await render(DESCENT);
    const cell = page.html.slice(page.html.indexOf('id="a1f0c6d2-9999'));
    const section = cell.slice(0, cell.indexOf('</section>'));
    expect(section.indexOf('<pre data-lang="julia">for (k, x)')).toBeLessThan(
      section.indexOf('<ul class="nb-logs" aria-label="Logs of cell 8">'),
    );
    expect(section).toContain('step 1: x = 1.5\nstep 2: x = 2.25\nstep 3: x = 2.625\n</pre>');
    expect(section).toContain('every iterate stays below the minimum: x &lt; 3');
    expect(page.problems).toEqual([]);

    const slider = await render(SLIDER);
    expect(slider.html).not.toContain('Precompiling');
    expect(slider.html).not.toContain('nb-logs');
  });
});
