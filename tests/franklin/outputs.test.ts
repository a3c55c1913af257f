import { describe, expect, it } from 'vitest';
import { figureFile, type OutputReader, outputLocation, outputUrl, renderFigure, renderOutput } from '../../src/franklin/outputs.build.ts';
import { tempFolder } from './temp-folder.ts';

/** A site folder in memory: path → text. */
function reader(files: Record<string, string>): OutputReader {
  return {
    find(pagePath, name, ext) {
      const { dir, base } = outputLocation(pagePath, name);
      for (const root of ['__site/assets', '_assets']) {
        const path = [root, dir, 'output', `${base}.${ext}`].filter(Boolean).join('/');
        if (path in files) return path;
      }
      return null;
    },
    read(path) {
      if (!(path in files)) throw new Error(`no ${path}`);
      return files[path]!;
    },
  };
}

describe("where Franklin saved a code block's output", () => {
  it('resolves names as Franklin does: relative to the page, or from the site assets with a leading /', () => {
    expect(outputLocation('blog/post.md', 'ex')).toEqual({ dir: 'blog/post/code', base: 'ex' });
    expect(outputLocation('blog/post.md', './ex.jl')).toEqual({ dir: 'blog/post/code', base: 'ex' });
    expect(outputLocation('blog/post.md', './group/ex')).toEqual({ dir: 'blog/post/code/group', base: 'ex' });
    expect(outputLocation('blog/index.md', 'ex')).toEqual({ dir: 'blog/code', base: 'ex' });
    expect(outputLocation('blog/post.md', '/scripts/ex')).toEqual({ dir: 'scripts', base: 'ex' });
    expect(outputUrl('__site/assets/blog/post/code/output/ex.png')).toBe('/assets/blog/post/code/output/ex.png');
    expect(outputUrl('_assets/x/output/ex.png')).toBe('/assets/x/output/ex.png');
  });
});

describe('\\output, \\show, \\textoutput, \\plotlyfig and \\input', () => {
  const files = reader({
    '__site/assets/blog/post/code/output/ex.out': 'x = 2\n',
    '__site/assets/blog/post/code/output/ex.res': '4\n',
    '_assets/blog/post/code/output/quiet.out': '',
    '_assets/blog/post/code/output/quiet.res': 'nothing',
    '_assets/blog/post/code/output/md.out': 'Some **bold** output\n',
    '_assets/blog/post/code/output/fig.png': 'PNG',
    '_assets/scripts/hello.jl': 'println("hi")\n',
  });

  it('shows the saved stdout and result, leaving out a result of nothing', () => {
    expect(renderOutput(files, 'blog/post.md', 'output', ['ex'])).toBe('<pre class="franklin-output"><code>x = 2\n4</code></pre>');
    expect(renderOutput(files, 'blog/post.md', 'show', ['quiet'])).toContain('Output not computed');
    expect(renderOutput(files, 'blog/post.md', 'textoutput', ['md'])).toEqual({ markdown: 'Some **bold** output\n' });
  });

  it('shows a saved plot as an image with alt text, and a marked note when nothing was saved', () => {
    expect(renderOutput(files, 'blog/post.md', 'plotlyfig', ['fig'])).toBe(
      '<img class="franklin-plot" src="/assets/blog/post/code/output/fig.png" alt="Plot saved by code block fig">',
    );
    const note = renderOutput(files, 'blog/post.md', 'output', ['never']);
    expect(note).toContain(
      '<p class="franklin-not-computed" role="note"><strong>Output not computed:</strong> <code>\\output{never}</code>',
    );
  });

  it('shows \\input{julia}{file} as highlighted code, and its outputs through \\input{output}', () => {
    expect(renderOutput(files, 'blog/post.md', 'input', ['julia', '/_assets/scripts/hello.jl'])).toEqual({
      markdown: '```julia\nprintln("hi")\n```',
    });
    expect(renderOutput(files, 'blog/post.md', 'input', ['julia', 'hello.jl'])).toEqual({ markdown: '```julia\nprintln("hi")\n```' });
    expect(renderOutput(files, 'blog/post.md', 'input', ['julia', 'missing.jl'])).toContain('Output not computed');
    expect(renderOutput(files, 'blog/post.md', 'input', ['output', 'ex'])).toContain('x = 2');
    expect(renderOutput(files, 'blog/post.md', 'other', ['ex'])).toBeUndefined();
  });
});

describe('\\fig and \\figalt: the picture Franklin would show', () => {
  const site = tempFolder({
    '_assets/syntax/intro/diagram.svg': '<svg/>',
    '__site/assets/syntax/intro/code/output/loss.png': 'png',
    '_assets/logo.gif': 'gif',
    'figures/map.jpg': 'jpg',
  });

  it('finds ./ paths in the page assets (and its code output), guessing the extension', () => {
    expect(figureFile(site, 'syntax/intro.md', './diagram')).toBe('_assets/syntax/intro/diagram.svg');
    expect(figureFile(site, 'syntax/intro.md', './output/loss')).toBe('__site/assets/syntax/intro/code/output/loss.png');
    // Franklin also looks in an output/ folder beside the name given.
    expect(figureFile(site, 'syntax/intro.md', './loss')).toBe('__site/assets/syntax/intro/code/output/loss.png');
  });

  it('reads a bare path from the assets and a /path from the site root', () => {
    expect(figureFile(site, 'a.md', 'logo')).toBe('_assets/logo.gif');
    expect(figureFile(site, 'a.md', '/assets/logo.gif')).toBe('_assets/logo.gif');
    expect(figureFile(site, 'a.md', '/figures/map')).toBe('figures/map.jpg');
    expect(figureFile(site, 'a.md', './nowhere')).toBeNull();
    // A plot saved by one of the page's code blocks, named as FranklinTemplates' pyplot page does.
    expect(figureFile(site, 'syntax/intro.md', 'loss')).toBe('__site/assets/syntax/intro/code/output/loss.png');
    // Franklin before 0.10: ./x from the assets folder of the page's folder.
    expect(figureFile(site, 'syntax/other.md', './intro/diagram.svg')).toBe('_assets/syntax/intro/diagram.svg');
  });

  it('gives an image at the URL the file is published at, or a marked note with a warning', () => {
    expect(renderFigure(site, 'syntax/intro.md', './output/loss', 'Loss [per step]')).toEqual({
      markdown: '![Loss \\[per step\\]](</assets/syntax/intro/code/output/loss.png>)',
    });
    expect(renderFigure(site, 'a.md', 'https://example.org/x.png', '')).toEqual({ markdown: '![](<https://example.org/x.png>)' });
    const missing = renderFigure(site, 'syntax/intro.md', './output/test', '');
    expect(missing).toMatchObject({ html: expect.stringContaining('Picture not found') });
    expect((missing as { warning: string }).warning).toMatch(/^\\fig\{\.\/output\/test\}: no picture at the paths Franklin looks in/);
  });
});
