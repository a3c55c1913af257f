// Where the kink plot's framework labels go: beside the end of the pick segment they name, at
// the first spot that stays inside the plot and crosses no line a reader could read them
// against (the axes, the one-sided rays, the picks, the curve) and no other label. Lines
// showing through the gaps between a label's words made "PyTorch, JAX, Flux: 0" unreadable.
// Geometry only, in the plot's pixel units.

/** A line segment, [x1, y1, x2, y2]. */
export type Segment = [number, number, number, number];

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Whether a segment passes through the inside of a box (Liang–Barsky clipping). */
export function crosses([x1, y1, x2, y2]: Segment, box: Box): boolean {
  const dx = x2 - x1;
  const dy = y2 - y1;
  let enter = 0;
  let leave = 1;
  for (const [p, q] of [
    [-dx, x1 - box.left],
    [dx, box.right - x1],
    [-dy, y1 - box.top],
    [dy, box.bottom - y1],
  ] as const) {
    if (p === 0) {
      if (q <= 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) enter = Math.max(enter, t);
    else leave = Math.min(leave, t);
    if (enter >= leave) return false;
  }
  return true;
}

const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** The text and the y (pixels) of the end of the segment it names. */
export interface LabelRequest {
  text: string;
  y: number;
}

export interface PlacedLabel {
  x: number;
  /** The baseline. */
  y: number;
  anchor: 'start' | 'end';
}

/** Generous width of one character of the 11 px semibold label, and its box above/below the baseline. */
const CHAR = 6.6;
const ASCENT = 10;
const DESCENT = 3;
/** Baselines tried around the segment's end (centred on it first), nearest first. */
const OFFSETS = [0, -9, 9, -18, 18, -27, 27, -36, 36];

/**
 * Place the labels in order: each right of `right` (text-anchor start), left of `left` (end)
 * or against the plot's right edge, at the first clear spot; when none is clear, the first
 * spot inside the plot.
 * e.g. placeLabels([{ text: 'JAX: 1', y: 50 }], { left: 100, right: 200, width: 360, height: 220 }, [])
 *   → [{ x: 200, y: 54, anchor: 'start' }]
 */
export function placeLabels(
  requests: LabelRequest[],
  plot: { left: number; right: number; width: number; height: number },
  lines: Segment[],
): PlacedLabel[] {
  const taken: Box[] = [];
  return requests.map(({ text, y }) => {
    const width = text.length * CHAR;
    const spot = (x: number, anchor: 'start' | 'end', dy: number) => {
      const baseline = y + 4 + dy;
      const left = anchor === 'start' ? x : x - width;
      return { x, y: baseline, anchor, box: { left, right: left + width, top: baseline - ASCENT, bottom: baseline + DESCENT } };
    };
    // Right of the segments or left of them, nearest first; failing those, against the plot's
    // right edge (a point near that edge leaves no room on its right).
    const spots = [
      ...OFFSETS.flatMap((dy) => [spot(plot.right, 'start', dy), spot(plot.left, 'end', dy)]),
      ...OFFSETS.map((dy) => spot(plot.width, 'end', dy)),
    ];
    const inside = spots.filter(({ box }) => box.left >= 0 && box.right <= plot.width && box.top >= 0 && box.bottom <= plot.height);
    const clear = inside.find(({ box }) => !lines.some((line) => crosses(line, box)) && !taken.some((t) => overlaps(t, box)));
    const chosen = clear ?? inside[0] ?? spots[0]!;
    taken.push(chosen.box);
    return { x: chosen.x, y: chosen.y, anchor: chosen.anchor };
  });
}
