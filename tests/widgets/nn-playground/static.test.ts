import { describe, expect, it } from 'vitest';
import { spec } from '../../../src/widgets/nn-playground/spec.ts';
import { encodePng } from '../../../src/widgets/nn-playground/png.ts';
import { inflateSync } from 'node:zlib';

describe('the playground’s static HTML', () => {
  it('has a first frame, the points, labelled disabled controls and a caption', () => {
    const html = spec.renderStatic({ hidden: 8, activation: 'relu', dataset: 'moons', tab: 'check' });
    expect(html).toMatch(/<img class="nnp-heat" data-part="heat" src="data:image\/png;base64,/);
    expect(html.match(/<circle /g)).toHaveLength(400);
    for (const name of ['dataset', 'activation', 'hidden', 'lr', 'batch', 'points', 'noise', 'split', 'seed', 'formula']) {
      expect(html).toMatch(new RegExp(`<label[^>]*>[^<]*(<output[^>]*>[^<]*</output>)?<(select|input|span class="nnp-seed"><input)[^>]*name="${name}"[^>]*disabled`));
    }
    expect(html).toContain('A 2–8–1 network (relu hidden layer');
    expect(html).toMatch(/data-tab="check" aria-selected="true"/);
    expect(html).toMatch(/data-panel="loss" hidden/);
  });

  it('is deterministic (the build must be reproducible)', () => {
    expect(spec.renderStatic({ seed: 3 })).toBe(spec.renderStatic({ seed: 3 }));
    expect(spec.renderStatic({ seed: 3 })).not.toBe(spec.renderStatic({ seed: 4 }));
  });

  it('encodes a valid PNG (zlib stream inflates back to the filtered pixels)', () => {
    const rgba = new Uint8ClampedArray(3 * 2 * 4).map((_, i) => i * 7);
    const png = encodePng(3, 2, rgba);
    expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const idatLength = new DataView(png.buffer).getUint32(33);
    const raw = inflateSync(png.subarray(41, 41 + idatLength));
    expect([...raw]).toEqual([0, ...rgba.subarray(0, 12), 0, ...rgba.subarray(12)]);
  });
});
