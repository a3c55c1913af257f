// The sanitizer for saved notebook outputs (src/franklin/notebook-sanitize.build.ts): what a
// notebook's HTML and SVG may keep, and that nothing in them can run script on our origin.
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { sanitizeOutputHtml, sanitizeSvgFile } from '../../src/franklin/notebook-sanitize.build.ts';

const clean = (html: string) => {
  const { tree, removed } = sanitizeOutputHtml(html, 'nb-1-');
  return { html: toHtml(tree), removed };
};

describe('sanitizing saved outputs', () => {
  it.each([
    ['<p>a</p><script>alert(1)</script>', '<p>a</p>', '<script>'],
    ['<script src="https://cdn.jsdelivr.net/x.js"></script><b>b</b>', '<b>b</b>', '<script>'],
    ['<img src="x.png" onerror="alert(1)" alt="x">', '<img src="x.png" alt="x">', 'onerror='],
    ['<a href="javascript:alert(1)">c</a>', '<a>c</a>', 'a javascript: URL'],
    ['<a href=" JaVaScRiPt:alert(1)">c</a>', '<a>c</a>', 'a javascript: URL'],
    ['<svg width="4"><script>alert(1)</script><circle r="2"/></svg>', '<svg width="4"><circle r="2"></circle></svg>', '<script>'],
    ['<svg><a href="javascript:x()"><text>t</text></a></svg>', '<svg><a><text>t</text></a></svg>', 'a javascript: URL'],
    ['<svg><foreignObject><p onclick="x()">p</p></foreignObject></svg>', '<svg></svg>', '<foreignObject>'],
    ['<iframe src="https://example.org/"></iframe><p>d</p>', '<p>d</p>', '<iframe>'],
    ['<object data="x.swf"></object><embed src="y">e', 'e', '<object>'],
    ['<img src="data:text/html;base64,PHNjcmlwdD4=" alt="z">', '<img alt="z">', 'a data: URL on <img>'],
    ['<div style="background: url(https://tracker.example/p.gif)">f</div>', '<div>f</div>', 'a style that loads or runs something'],
    ['<style>body{display:none}</style><p>g</p>', '<p>g</p>', '<style>'],
    ['<form action="/x"><input name="q"><button>go</button></form>h', 'h', '<form>'],
  ])('%s', (input, expected, what) => {
    const { html, removed } = clean(input);
    expect(html).toBe(expected);
    expect(removed).toContain(what);
  });

  it('keeps what outputs are made of: tables, lists, pictures as data: URLs, classes, safe styles, SVG plots', () => {
    const html =
      '<table><tr><th>a</th></tr><tr><td>1</td></tr></table><ul><li>x</li></ul>' +
      '<img src="data:image/png;base64,iVBO" alt="p"><span class="tex" style="color: red">$x$</span>' +
      '<svg viewBox="0 0 4 4"><path d="M0 0L4 4" stroke-width="2" fill="none"/></svg>';
    expect(clean(html)).toEqual({
      html:
        '<table><tbody><tr><th>a</th></tr><tr><td>1</td></tr></tbody></table><ul><li>x</li></ul>' +
        '<img src="data:image/png;base64,iVBO" alt="p"><span class="tex" style="color: red">$x$</span>' +
        '<svg viewBox="0 0 4 4"><path d="M0 0L4 4" stroke-width="2" fill="none"></path></svg>',
      removed: [],
    });
  });

  it('prefixes ids and their references, so two plots never share an id and no output shadows the page’s', () => {
    const { html } = clean(
      '<svg><defs><clipPath id="c1"><rect/></clipPath></defs><path clip-path="url(#c1)"/><use href="#c1"/></svg><p id="main">m</p>',
    );
    expect(html).toBe(
      '<svg><defs><clipPath id="nb-1-c1"><rect></rect></clipPath></defs><path clip-path="url(#nb-1-c1)"></path><use href="#nb-1-c1"></use></svg><p id="nb-1-main">m</p>',
    );
  });

  it('an SVG file keeps its own style and ids, loses scripts, handlers and outside links', () => {
    const { svg, removed } = sanitizeSvgFile(
      '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="x()"><style>.a{fill:red}</style><script>x()</script>' +
        '<image href="https://tracker.example/p.png"/><path id="p" class="a" d="M0 0"/></svg>',
    );
    expect(svg).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg"><style>.a{fill:red}</style><image></image><path id="p" class="a" d="M0 0"></path></svg>',
    );
    expect(removed).toEqual(expect.arrayContaining(['<script>', 'onload=']));
    expect(sanitizeSvgFile('<p>not a picture</p>').svg).toBe('');
  });
});
