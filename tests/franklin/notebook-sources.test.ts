// Which files of a Franklin folder are Pluto notebooks and where they are published
// (src/franklin/notebook-sources.build.ts), on folders made in a temporary directory.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { notebookPaths, notebookSources } from '../../src/franklin/notebook-sources.build.ts';
import { SOURCE_ONLY } from '../fixtures/pluto-site/notebooks.ts';
import { tempFolder as site } from './temp-folder.ts';
import { exportNotebook, plutoNotebookFile } from './pluto-export.ts';

describe('finding the notebooks of a Franklin folder', () => {
  it('exports and Pluto .jl files are notebook pages at their Franklin URLs; other files are not', () => {
    const { html } = exportNotebook(SOURCE_ONLY);
    const dir = site({
      'franklin/a/b/nb.jl.html': html,
      'franklin/a/b/nb.jl': plutoNotebookFile(SOURCE_ONLY), // the export's own source, beside it
      'franklin/solo.jl': plutoNotebookFile(SOURCE_ONLY),
      'franklin/utils.jl': 'hfun_bar(vname) = "bar"\n', // Julia, but not a notebook
      'franklin/script.jl': 'println("not a notebook")\n',
      'franklin/page.html': '<p>an HTML page</p>',
      'franklin/__site/old.jl.html': html, // Franklin's own output: skipped
      'posts/p.md': '---\ntitle: p\n---\n',
    });
    const found = notebookSources(dir).map(({ file, ...rest }) => ({ ...rest, file: file.slice(dir.length) }));
    expect(found).toEqual([
      {
        source: 'a/b/nb.jl.html',
        file: '/franklin/a/b/nb.jl.html',
        kind: 'export',
        url: '/a/b/nb.jl/',
        redirects: ['/a/b/nb.jl.html'],
        companion: 'a/b/nb.jl',
      },
      { source: 'solo.jl', file: '/franklin/solo.jl', kind: 'jl', url: '/solo.jl/', redirects: [] },
    ]);
    expect(notebookSources(site({ 'posts/p.md': '' }))).toEqual([]);
    // What the Franklin file copying leaves to the notebook pages: both notebooks and the export's .jl.
    expect([...notebookPaths(join(dir, 'franklin'))].sort()).toEqual(['a/b/nb.jl', 'a/b/nb.jl.html', 'solo.jl']);
  });
});
