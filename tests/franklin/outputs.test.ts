import { describe, expect, it } from 'vitest';
import { type OutputReader, outputLocation, outputUrl, renderOutput } from '../../src/franklin/outputs.build.ts';

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
