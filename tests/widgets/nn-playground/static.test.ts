import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { defaultsOf } from '../../../src/widgets/attributes.ts';
import { encodePng } from '../../../src/widgets/nn-playground/png.build.ts';
import { spec } from '../../../src/widgets/nn-playground/spec.ts';
import { renderStatic as render } from '../../../src/widgets/nn-playground/static.build.ts';
import { HEAT_STRENGTH, paint, probabilityMask } from '../../../src/widgets/nn-playground/grid.ts';
import { inflateSync } from 'node:zlib';

/** The static HTML for the defaults with some attributes changed, as the directive hands them over. */
const renderStatic = (attrs: Partial<ReturnType<typeof defaultsOf<typeof spec.attributes>>>) =>
  render({ ...defaultsOf(spec.attributes), ...attrs });

describe('the playground’s static HTML', () => {
  it('has a first frame, the points, labelled disabled controls and a caption', () => {
    const html = renderStatic({ hidden: 8, activation: 'relu', dataset: 'moons', tab: 'check' });
    expect(html).toMatch(/<div class="nnp-heat nnp-heat-static" data-part="heat"><div style="mask-image:url\(data:image\/png;base64,/);
    expect(html).toMatch(/<div class="nnp-picture" data-part="picture" role="img" aria-label="Decision boundary/);
    expect(html).toContain('<noscript><p class="nnp-notice">JavaScript is off');
    expect(html.match(/<circle /g)).toHaveLength(400);
    for (const name of ['dataset', 'activation', 'hidden', 'lr', 'batch', 'points', 'noise', 'split', 'seed', 'formula']) {
      expect(html).toMatch(
        new RegExp(
          `<label[^>]*>[^<]*(<output[^>]*>[^<]*</output>)?<(select|input|span class="nnp-seed"><input)[^>]*name="${name}"[^>]*disabled`,
        ),
      );
    }
    expect(html).toContain('A 2–8–1 network, relu, two moons');
    expect(html).toMatch(/<details class="nnp-more"><summary>/);
    expect(html).toMatch(/<select name="lossAxis" disabled>/);
    expect(html).toMatch(/data-tab="check" aria-selected="true"/);
    expect(html).toMatch(/data-panel="loss" hidden/);
  });

  it('is deterministic (the build must be reproducible)', () => {
    expect(renderStatic({ seed: 3 })).toBe(renderStatic({ seed: 3 }));
    expect(renderStatic({ seed: 3 })).not.toBe(renderStatic({ seed: 4 }));
  });

  it('encodes a valid PNG (zlib stream inflates back to the filtered pixels)', () => {
    const rgba = new Uint8ClampedArray(3 * 2 * 4).map((_, i) => i * 7);
    const png = encodePng(3, 2, rgba);
    expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const idatLength = new DataView(png.buffer).getUint32(33);
    const raw = inflateSync(png.subarray(41, 41 + idatLength));
    expect([...raw]).toEqual([0, ...rgba.subarray(0, 12), 0, ...rgba.subarray(12)]);
  });

  it('stores the mask compressed: a smooth 64 × 64 grey + alpha frame is far below its raw 8 KB', () => {
    const pixels = new Uint8ClampedArray(64 * 64 * 2).map((_, i) => (i % 2 ? Math.floor(i / 512) : 0));
    expect(encodePng(64, 64, pixels, 2).length).toBeLessThan(2000);
  });

  it('encodes grey + alpha too (colour type 4)', () => {
    const png = encodePng(2, 1, new Uint8ClampedArray([0, 10, 0, 200]), 2);
    expect(png[25]).toBe(4);
    const raw = inflateSync(png.subarray(41, 41 + new DataView(png.buffer).getUint32(33)));
    expect([...raw]).toEqual([0, 0, 10, 0, 200]);
  });
});

describe('heatmap colours', () => {
  const c0 = [224, 120, 47] as const;
  const c1 = [47, 127, 208] as const;
  const bg = [21, 23, 28] as const;

  it('are affine in the probability, so smoothing the colours smooths the probabilities (no dotted boundary)', () => {
    // The midpoint of two cells' colours is the colour of the midpoint of their
    // probabilities, for cells on either side of the boundary too.
    for (const [a, b] of [
      [0.02, 0.97],
      [0.3, 0.9],
      [0.49, 0.51],
      [0, 1],
    ]) {
      const [pa, pb, pm] = [a, b, (a + b) / 2].map((p) => paint(new Float64Array([p]), c0, c1, bg));
      for (let k = 0; k < 3; k++) expect(Math.abs((pa[k] + pb[k]) / 2 - pm[k])).toBeLessThanOrEqual(1);
    }
  });

  it('mix the class colours into the background by HEAT_STRENGTH, opaque; NaN paints the middle', () => {
    const px = paint(new Float64Array([0, 1, NaN]), c0, c1, bg);
    expect([...px.subarray(0, 4)]).toEqual([...c0.map((c, k) => Math.round(bg[k] + (c - bg[k]) * HEAT_STRENGTH)), 255]);
    expect([...px.subarray(4, 8)]).toEqual([...c1.map((c, k) => Math.round(bg[k] + (c - bg[k]) * HEAT_STRENGTH)), 255]);
    expect([...px.subarray(8, 11)]).toEqual([...paint(new Float64Array([0.5]), c0, c1, bg).subarray(0, 3)]);
  });

  it('the static heatmap in the stylesheet uses HEAT_STRENGTH, like the canvas', () => {
    const css = readFileSync('src/widgets/nn-playground/nn-playground.css', 'utf8');
    expect(css).toMatch(new RegExp(`\\.nnp-heat-static \\{[^}]*opacity: ${HEAT_STRENGTH};`));
  });

  it('the static mask carries P(class 1) in its alpha, which CSS turns into the same picture', () => {
    expect([...probabilityMask(new Float64Array([0, 0.5, 1, NaN]))]).toEqual([0, 0, 0, 128, 0, 255, 0, 128]);
  });
});
