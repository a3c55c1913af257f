// Citations: `[@key]` marks from a BibTeX file, the References section, and located errors,
// on Astro's real Markdown processor with the site's footnote settings.
import { createMarkdownProcessor, type MarkdownRenderer } from '@astrojs/markdown-remark';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseBibliography } from '../../src/markdown/bibliography.ts';
import rehypeHeadingAnchors from '../../src/markdown/rehype-heading-anchors.ts';
import remarkCitations, { parseCitation } from '../../src/markdown/remark-citations.ts';
import rehypeSidenotes from '../../src/markdown/rehype-sidenotes.ts';
import remarkWidgets from '../../src/markdown/remark-widgets.ts';
import { remarkRehype } from '../../src/markdown/pipeline.ts';

const BIB = `% Two entries, written the way people write BibTeX.
@article{baydin2018,
  title   = {Automatic Differentiation in Machine Learning: a Survey},
  author  = {Baydin, At{\\i}l{\\i}m G{\\"u}ne{\\c{s}} and Pearlmutter, Barak A. and Radul, Alexey Andreyevich and Siskind, Jeffrey Mark},
  journal = {Journal of Machine Learning Research},
  year    = {2018}, volume = {18}, number = {153}, pages = {1--43},
  url     = {https://jmlr.org/papers/v18/17-468.html}
}

@book{nocedal2006,
  title = {Numerical Optimization}, edition = {2},
  author = {Nocedal, Jorge and Wright, Stephen J.},
  publisher = {Springer}, year = {2006}
}
`;

let dir: string;
const processors: Record<string, MarkdownRenderer> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'adjoint-cite-'));
  mkdirSync(join(dir, 'posts'));
  writeFileSync(join(dir, 'references.bib'), BIB);
  // citation-js and citeproc load on first use; load them here, not inside a test's time limit.
  (await parseBibliography(BIB, 'warm-up.bib')).entry('baydin2018');
  for (const style of ['numeric', 'author-year'] as const) {
    processors[style] = await createMarkdownProcessor({
      // As in the site: widgets first (figures with fig: ids, and the text directives put back).
      remarkPlugins: [remarkWidgets, [remarkCitations, { style, contentDir: dir }]],
      rehypePlugins: [rehypeHeadingAnchors, rehypeSidenotes],
      remarkRehype,
    });
  }
}, 60_000);

/** Render a post body that lives at posts/<name>.md in the temporary content folder. */
async function render(markdown: string, style: 'numeric' | 'author-year' = 'numeric', frontmatter: Record<string, unknown> = {}) {
  const path = join(dir, 'posts', 'post.md');
  writeFileSync(path, markdown);
  return processors[style]!.render(markdown, { fileURL: pathToFileURL(path), frontmatter });
}

async function failure(markdown: string, frontmatter: Record<string, unknown> = {}): Promise<string> {
  const error = await render(markdown, 'numeric', frontmatter).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(error, 'expected rendering to fail').toBeInstanceOf(Error);
  return error!.message;
}

describe('parsing what is inside the brackets', () => {
  test('keys, prefixes, locators and suppressed authors', () => {
    expect(parseCitation('@a')).toEqual([{ key: 'a', prefix: '', locator: '', suppressAuthor: false }]);
    expect(parseCitation('see @nocedal2006, p. 168; -@fig:x1')).toEqual([
      { key: 'nocedal2006', prefix: 'see', locator: 'p. 168', suppressAuthor: false },
      { key: 'fig:x1', prefix: '', locator: '', suppressAuthor: true },
    ]);
  });

  test('an e-mail address or a bracket without a key is not a citation', () => {
    expect(parseCitation('mail me@example.org')).toBeNull();
    expect(parseCitation('@ alone')).toBeNull();
    expect(parseCitation('@a and more words')).toBeNull();
  });
});

describe('numeric marks', () => {
  test('numbered by first citation, linked to a References list in that order', async () => {
    const { code } = await render(
      'Second [@nocedal2006, p. 168], then [see @baydin2018; @nocedal2006] and [@baydin2018; @nocedal2006, ch. 8].\n\nAgain [@nocedal2006].',
    );
    expect(code).toContain(
      '[<a href="#ref-nocedal2006" class="citation__link" role="doc-biblioref" data-cite="nocedal2006">1</a>, p. 168]',
    );
    expect(code).toMatch(/\[see <a href="#ref-baydin2018"[^>]*>2<\/a>, <a href="#ref-nocedal2006"[^>]*>1<\/a>\]/);
    // A locator is kept apart from the next number by a semicolon.
    expect(code).toMatch(/\[<a href="#ref-baydin2018"[^>]*>2<\/a>; <a href="#ref-nocedal2006"[^>]*>1<\/a>, ch\. 8\]/);
    const list = code.slice(code.indexOf('<ol class="references__list'));
    expect(list.indexOf('id="ref-nocedal2006"')).toBeLessThan(list.indexOf('id="ref-baydin2018"'));
    expect(code).toContain('<h2 class="references__title end-title" id="references">References</h2>');
    // citeproc's APA entry: TeX accents resolved, the URL made a link.
    expect(code).toContain('Baydin, A. G., Pearlmutter, B. A., Radul, A. A., &#x26; Siskind, J. M. (2018).');
    expect(code).toContain('<a href="https://jmlr.org/papers/v18/17-468.html">https://jmlr.org/papers/v18/17-468.html</a>');
  });

  test('a post that cites nothing gets no References section; code and links are left alone', async () => {
    const { code } = await render('Code `[@baydin2018]` and a [link @baydin2018](https://example.org), mail [me@example.org].');
    expect(code).not.toContain('references');
    expect(code).toContain('<code>[@baydin2018]</code>');
    expect(code).toContain('[<a href="mailto:me@example.org">me@example.org</a>]');
  });
});

describe('author-year marks', () => {
  test('(Author, year), suppressed author, alphabetical References', async () => {
    const { code } = await render(
      'One [@nocedal2006, p. 168]. Baydin et al. [-@baydin2018]. Both [@nocedal2006; @baydin2018].',
      'author-year',
    );
    expect(code).toMatch(/\(<a href="#ref-nocedal2006"[^>]*>Nocedal &#x26; Wright, 2006<\/a>, p\. 168\)/);
    expect(code).toMatch(/\(<a href="#ref-baydin2018"[^>]*>2018<\/a>\)/);
    const list = code.slice(code.indexOf('<ul class="references__list'));
    expect(list.indexOf('id="ref-baydin2018"')).toBeLessThan(list.indexOf('id="ref-nocedal2006"'));
  });
});

describe('errors name the place', () => {
  test('an unknown key fails at its file:line:column with the nearest key, every bad key in one message', async () => {
    const message = await failure('Intro.\n\nAs shown [@baydn2018] and [@nobody].');
    expect(message).toContain('posts/post.md:3:10: unknown citation key "@baydn2018"');
    expect(message).toContain('Did you mean "@baydin2018"?');
    expect(message).toMatch(/post\.md:3:27: unknown citation key "@nobody"/);
  });

  test('a citation without any bibliography says where to put one', async () => {
    const alone = mkdtempSync(join(tmpdir(), 'adjoint-nobib-'));
    const processor = await createMarkdownProcessor({ remarkPlugins: [[remarkCitations, { contentDir: alone }]], remarkRehype });
    const error = await processor.render('See [@x].', { fileURL: pathToFileURL(join(alone, 'p.md')) }).catch((e: Error) => e);
    expect(String(error)).toMatch(/p\.md:1:5: \[@x\] is a citation, but there is no bibliography: add .*references\.bib/);
  });

  test('a broken .bib fails with its own line:column', async () => {
    await expect(parseBibliography(`${BIB}@misc{late, title = {x}\n`, 'refs.bib')).rejects.toThrow(
      /^refs\.bib:16:1: BibTeX could not be read: expected "}", got EOF/,
    );
    await expect(parseBibliography(`${BIB}@misc{baydin2018, title = {x}}\n`, 'refs.bib')).rejects.toThrow(
      'refs.bib:15:1: the key "baydin2018" is defined twice (first on line 2)',
    );
  });

  test('a post can name its own .bib file, relative to itself', async () => {
    writeFileSync(join(dir, 'posts', 'own.bib'), '@misc{own1, title = {Own}, author = {Doe, Jane}, year = {2020}}\n');
    const { code } = await render('Mine [@own1].', 'numeric', { bibliography: 'own.bib' });
    expect(code).toContain('id="ref-own1"');
    expect(code).toContain('Doe, J. (2020). <i>Own</i>.');
    const missing = await failure('Mine [@own1].', { bibliography: 'gone.bib' });
    expect(missing).toMatch(/gone\.bib named in the frontmatter does not exist/);
  });
});

describe('numbered figures', () => {
  test('images and widgets with a fig: id are numbered in order and referenced as "Figure N"', async () => {
    const { code } = await render(
      [
        'As [@fig:curve] and [-@fig:check] show; see [@fig:curve; @fig:check].',
        '',
        '![A tangent to a curve](https://example.org/curve.png){#fig:curve}',
        '',
        '::grad-check[Central differences against the engine]{#fig:check fn=sin}',
      ].join('\n'),
    );
    expect(code).toContain('<span class="figure-reference">Figure\u00a0<a href="#fig:curve" class="figref">1</a></span>');
    expect(code).toContain('<span class="figure-reference"><a href="#fig:check" class="figref">2</a></span>');
    expect(code).toMatch(/Figures\u00a0<a href="#fig:curve" class="figref">1<\/a> and <a href="#fig:check" class="figref">2<\/a>/);
    expect(code).toMatch(
      /<figure id="fig:curve" class="figure">.*<img src="https:\/\/example.org\/curve.png" alt="A tangent to a curve">.*<figcaption class="figure__caption"><strong>Figure 1.<\/strong> A tangent to a curve<\/figcaption><\/figure>/s,
    );
    expect(code).toMatch(
      /<figure class="widget[^"]*" id="fig:check"[^>]*>.*<figcaption class="widget__caption"><strong>Figure 2.<\/strong> Central differences/s,
    );
    // Figure references alone need no bibliography and add no References section.
    expect(code).not.toContain('references__list');
  });

  test('an unknown figure fails at the reference with the nearest id', async () => {
    const message = await failure('See [@fig:curv].\n\n![Curve](https://example.org/c.png){#fig:curve}');
    expect(message).toContain('post.md:1:5: no figure #fig:curv in this post. Did you mean "@fig:curve"?');
  });
});

describe('sidenotes', () => {
  test('each footnote is copied beside its reference, inert, and the endnote stays', async () => {
    const { code } = await render(
      [
        'Text with a note.[^a] And a table:',
        '',
        '| x[^a] |',
        '|---|',
        '| 1 |',
        '',
        '[^a]: See [the docs](https://example.org) and [@baydin2018].',
      ].join('\n'),
    );
    const sidenote =
      /<span class="sidenote" aria-hidden="true"><span class="sidenote__number">1<\/span> <span class="sidenote__para">See <a href="https:\/\/example.org" tabindex="-1">the docs<\/a> and <span class="citation"[^>]*>\[<a href="#ref-baydin2018"[^>]*tabindex="-1">1<\/a>\]<\/span>\.<\/span><\/span>/;
    expect(code).toMatch(sidenote);
    // Not in a table cell; no back-link or id copied; the endnote keeps both.
    expect(code.match(/class="sidenote"/g)).toHaveLength(1);
    expect(code.match(/id="user-content-fn-a"/g)).toHaveLength(1);
    expect(code).toContain('data-footnote-backref');
    // The paragraph holding the note is marked for the rule that keeps it unclipped (prose.css); nothing else is.
    expect(code).toMatch(/<p class="has-sidenote">Text with a note\./);
    expect(code.match(/has-sidenote/g)).toHaveLength(1);
  });
});
