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

  test('a widget without a picture is skipped; a post without one has no thumbnail', () => {
    expect(thumbnailOf(figure('', '<button>Play</button>'))).toBeUndefined();
    expect(thumbnailOf('<p>no figures</p>')).toBeUndefined();
  });
});
