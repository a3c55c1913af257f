import { describe, expect, test } from 'vitest';
import { crosses, placeLabels, type Segment } from '../../../src/widgets/kink/labels.ts';

const box = { left: 10, top: 10, right: 50, bottom: 20 };

describe('crosses', () => {
  test('a segment through the box, along it outside, and ending short of it', () => {
    expect(crosses([0, 15, 100, 15], box)).toBe(true);
    expect(crosses([30, 0, 30, 100], box)).toBe(true);
    expect(crosses([0, 0, 60, 30], box)).toBe(true);
    expect(crosses([0, 25, 100, 25], box)).toBe(false);
    expect(crosses([0, 15, 9, 15], box)).toBe(false);
    expect(crosses([0, 40, 40, 0], { left: 30, top: 30, right: 40, bottom: 40 })).toBe(false);
  });
});

describe('placeLabels', () => {
  const plot = { left: 100, right: 200, width: 360, height: 206 };

  test('a label with nothing in the way sits right of the segments, centred on its end', () => {
    expect(placeLabels([{ text: 'JAX: 1', y: 50 }], plot, [])).toEqual([{ x: 200, y: 54, anchor: 'start' }]);
  });

  test('a line through the first spot moves the label off it, and two labels never share a spot', () => {
    const axis: Segment = [0, 50, 360, 50];
    const [first, second] = placeLabels(
      [
        { text: 'PyTorch, JAX, Flux: 0', y: 50 },
        { text: 'Flux: 0.5', y: 50 },
      ],
      plot,
      [axis],
    );
    for (const label of [first!, second!]) {
      const top = label.y - 10;
      const bottom = label.y + 3;
      expect(top > 50 || bottom < 50).toBe(true);
    }
    expect(first).not.toEqual(second);
  });

  test('a long label that does not fit on the right goes left of the segments', () => {
    const [label] = placeLabels([{ text: 'PyTorch, JAX, Flux: 0', y: 50 }], { ...plot, left: 300, right: 330 }, []);
    expect(label).toMatchObject({ x: 300, anchor: 'end' });
  });
});
