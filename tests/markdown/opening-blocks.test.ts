import { describe, expect, test } from 'vitest';
import { openingBlocks } from '../../src/markdown/opening-blocks.ts';

describe('openingBlocks', () => {
  test('the first top-level elements, nested markup and text between them included', () => {
    const html = '<p>a <em>b</em></p>\n<div class="x"><p>c</p><ul><li>d</li></ul></div>\n<h2 id="h">e</h2><p>f</p>';
    expect(openingBlocks(html, 1)).toBe('<p>a <em>b</em></p>');
    expect(openingBlocks(html, 2)).toBe('<p>a <em>b</em></p>\n<div class="x"><p>c</p><ul><li>d</li></ul></div>');
    expect(openingBlocks(html, 3)).toBe(html.slice(0, html.indexOf('<p>f')));
  });

  test('void and self-closed elements, comments, quoted `>` and raw text do not unbalance it', () => {
    const html =
      '<hr><!-- <p> --><p title="a > b">x<br>y<svg><path d="M0 0"/></svg></p><script>if (a<b) document.write("</p>")</script><p>z</p>';
    expect(openingBlocks(html, 2)).toBe('<hr><!-- <p> --><p title="a > b">x<br>y<svg><path d="M0 0"/></svg></p>');
    expect(openingBlocks(html, 3)).toBe(html.slice(0, html.indexOf('<p>z')));
  });

  test('fewer blocks than asked for: all of it', () => {
    expect(openingBlocks('<p>only</p>', 3)).toBe('<p>only</p>');
    expect(openingBlocks('', 3)).toBe('');
  });
});
