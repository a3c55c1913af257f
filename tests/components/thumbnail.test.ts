// The picture on a post's card (src/components/thumbnail.ts).
import { describe, expect, test } from 'vitest';
import { thumbnailOf } from '../../src/components/thumbnail.ts';

const figure = (attrs: string, body: string) =>
  `<figure class="widget widget--inline"${attrs} data-widget="kink"><div class="widget__body"><div class="kink">${body}</div></div></figure>`;

describe('thumbnailOf', () => {
  test('the first widget picture, made decorative', () => {
    const thumb = thumbnailOf(`<p>text</p>${figure('', '<svg role="img" aria-label="a kink" id="k1"><path d="M0 0"/></svg>')}`);
    expect(thumb).toEqual({ widget: 'kink', rootClass: 'kink', html: '<svg aria-hidden="true"><path d="M0 0"></path></svg>' });
  });

  test('a numbered figure ({#fig:name} puts an id before the widget name) still gives its picture', () => {
    expect(thumbnailOf(figure(' id="fig:swap"', '<svg role="img" aria-label="x"></svg>'))?.widget).toBe('kink');
  });

  test('a picture that names its thumbnail part (data-thumbnail-viewbox) is cropped to it, filling the frame', () => {
    const thumb = thumbnailOf(
      figure('', '<svg viewBox="0 0 358 326" data-thumbnail-viewbox="30 30 264 264" role="img" aria-label="x"><rect/></svg>'),
    );
    expect(thumb?.html).toBe('<svg viewBox="30 30 264 264" preserveAspectRatio="xMidYMid slice" aria-hidden="true"><rect></rect></svg>');
    // Without it the picture is copied whole.
    expect(thumbnailOf(figure('', '<svg viewBox="0 0 10 10" role="img"></svg>'))?.html).toBe(
      '<svg viewBox="0 0 10 10" aria-hidden="true"></svg>',
    );
  });

  test('a picture over twice the card frame wide loses its text, which would be specks there', () => {
    const wide = thumbnailOf(figure('', '<svg viewBox="0 0 672 222" role="img"><g><rect/><text>v₁ 0.69</text></g><text>∂</text></svg>'));
    expect(wide?.html).toBe('<svg viewBox="0 0 672 222" aria-hidden="true"><g><rect></rect></g></svg>');
    const narrow = thumbnailOf(figure('', '<svg viewBox="0 0 320 170" role="img"><text>0.5</text></svg>'));
    expect(narrow?.html).toBe('<svg viewBox="0 0 320 170" aria-hidden="true"><text>0.5</text></svg>');
  });

  test('a widget without a picture is skipped; a post without one has no thumbnail', () => {
    expect(thumbnailOf(figure('', '<button>Play</button>'))).toBeUndefined();
    expect(thumbnailOf('<p>no figures</p>')).toBeUndefined();
  });
});
