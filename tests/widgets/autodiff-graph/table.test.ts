// The trace table's window over a long trace: it holds the current row with context on both
// sides, and moves in chunks, so a walk through every step moves it rarely.
import { describe, expect, test } from 'vitest';
import { buildGraph } from '../../../src/widgets/autodiff-graph/model.ts';
import { TABLE_CHUNK, TABLE_WINDOW, tableIndex, tableRows } from '../../../src/widgets/autodiff-graph/render.ts';
import { MODES, stepCount, walk } from '../../../src/widgets/autodiff-graph/stepper.ts';

describe('the table window of a long trace', () => {
  // 60 terms: 241 rows, three windows' worth.
  const graph = buildGraph(Array.from({ length: 60 }, (_, i) => `sin(x*y + ${i + 1})`).join(' + '), 'x=0.5, y=-1');

  test.each(MODES)('%s: every step shows its row with context; the window moves once per chunk of steps', (mode) => {
    const steps = stepCount(graph, mode);
    const w = walk(graph, mode, 0, [1, 0]);
    const starts: number[] = [];
    for (let step = 1; step <= steps; step++) {
      w.to(step);
      const { rows, from, total } = tableRows(graph, w.frame);
      expect(total).toBe(241);
      expect(rows).toHaveLength(TABLE_WINDOW);
      expect(from === 0 || from === total - TABLE_WINDOW || from % TABLE_CHUNK === 0).toBe(true);
      const at = tableIndex(graph, w.frame.current!);
      expect(rows[at - from]?.id).toBe(w.frame.current);
      // Context on both sides, short of the table's ends.
      if (from > 0) expect(at - from).toBeGreaterThanOrEqual(TABLE_CHUNK / 2);
      if (from < total - TABLE_WINDOW) expect(from + TABLE_WINDOW - 1 - at).toBeGreaterThanOrEqual(TABLE_CHUNK / 2 - 1);
      if (starts.at(-1) !== from) starts.push(from);
    }
    // Each step moves the current row by one: the window moves at most once per TABLE_CHUNK steps.
    expect(starts.length).toBeLessThanOrEqual(Math.ceil(steps / TABLE_CHUNK) + 1);
    expect(starts.length).toBeGreaterThan(2);
  });
});
