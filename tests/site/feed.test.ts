// The feed's copy of a post (src/components/feed.ts): absolute links, widgets as a note.
import { describe, expect, test } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { cdataSection, feedHtml } from '../../src/components/feed.ts';

const origin = 'https://a.org';
const page = '/posts/p/';

describe('feedHtml', () => {
  test('root-relative and in-page links become absolute; others and the rest of the HTML stay byte for byte', () => {
    const html =
      '<p>See <a href="/posts/q/">q</a>, <a href="#sec" class="eqref">(1)</a>, <a href="//cdn.x/y">cdn</a>, ' +
      '<a href="https://b.org/">b</a>, <a href="rel/">rel</a> and <img src="/i.png?a=1&amp;b=2" alt="i &amp; j">.</p>' +
      '<!-- <a href="/c/"> --><pre><code>&lt;a href="/x/"&gt;</code></pre>';
    expect(feedHtml(html, origin, page)).toBe(
      '<p>See <a href="https://a.org/posts/q/">q</a>, <a href="https://a.org/posts/p/#sec" class="eqref">(1)</a>, ' +
        '<a href="//cdn.x/y">cdn</a>, <a href="https://b.org/">b</a>, <a href="rel/">rel</a> and ' +
        '<img src="https://a.org/i.png?a=1&amp;b=2" alt="i &amp; j">.</p><!-- <a href="/c/"> --><pre><code>&lt;a href="/x/"&gt;</code></pre>',
    );
  });

  test('the height estimates of paragraphs and lists are left out, other styles kept', () => {
    const html =
      '<p style="--chars:12">Twelve chars</p><ul style="--chars:7;--items:2"><li>one</li><li>two</li></ul><p style="color:red">r</p>';
    expect(feedHtml(html, origin, page)).toBe('<p>Twelve chars</p><ul><li>one</li><li>two</li></ul><p style="color:red">r</p>');
  });

  test('a widget becomes a note linking to the post, keeping its caption (links in it made absolute)', () => {
    const html =
      '<p>Before.</p><figure class="widget widget--aside" data-widget="grad-check"><style>.w{}</style>' +
      '<div><select disabled><option>tanh</option></select><figure><svg></svg></figure><button disabled>Go</button></div>' +
      '<figcaption class="widget__caption">The derivative of <a href="#eq-f">f</a>.</figcaption><script>x()</script></figure><p>After.</p>';
    expect(feedHtml(html, origin, page)).toBe(
      '<p>Before.</p><figure class="widget"><p><em>Interactive figure: </em><a href="https://a.org/posts/p/">open the post</a> to use it.</p>' +
        '<figcaption class="widget__caption">The derivative of <a href="https://a.org/posts/p/#eq-f">f</a>.</figcaption></figure><p>After.</p>',
    );
  });
});

describe('cdataSection', () => {
  test('carries any HTML, `]]>` included, so that an XML parser reads back the same text', () => {
    const html = '<p class="x">a &amp; b < c</p><!-- ]]> --><span title="]]>">]]]></span>';
    const xml = `<item><content>${cdataSection(html)}</content></item>`;
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(new XMLParser().parse(xml).item.content).toBe(html);
    expect(cdataSection('a]]>b')).toBe('<![CDATA[a]]]]><![CDATA[>b]]>');
  });
});
