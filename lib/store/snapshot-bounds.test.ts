import { describe, expect, it } from 'vitest';
import { byRecency, snapshotPointsLevel } from './snapshot-bounds';

describe('snapshotPointsLevel', () => {
  it('keeps every point when they fit, up to the per-series bound', () => {
    expect(snapshotPointsLevel([3, 1, 2], 10, 6)).toBe(10);
    expect(snapshotPointsLevel([30, 1], 10, 100)).toBe(10);
    expect(snapshotPointsLevel([], 10, 0)).toBe(10);
  });

  it('finds the highest common level that fits, small series kept whole', () => {
    // 2 + 5 + 5 = 12 <= 13; at 6: 2 + 6 + 6 = 14.
    expect(snapshotPointsLevel([10, 8, 2], 100, 13)).toBe(5);
    expect(snapshotPointsLevel([10, 8, 2], 100, 12)).toBe(5);
    expect(snapshotPointsLevel([10, 8, 2], 100, 11)).toBe(4);
    expect(snapshotPointsLevel([5, 5], 100, 9)).toBe(4);
    expect(snapshotPointsLevel([5, 5], 100, 10)).toBe(100);
    expect(snapshotPointsLevel([5, 5], 100, 0)).toBe(0);
  });

  it('never gives more than the total, whatever the counts', () => {
    const counts = Array.from({ length: 200 }, (_, i) => (i * 37) % 101);
    for (const total of [0, 1, 50, 999, 5000, 20_000]) {
      const level = snapshotPointsLevel(counts, 60, total);
      const given = counts.reduce((sum, c) => sum + Math.min(c, level, 60), 0);
      expect(given).toBeLessThanOrEqual(total);
      const more = counts.reduce((sum, c) => sum + Math.min(c, level + 1, 60), 0);
      if (level < 60) expect(more).toBeGreaterThan(total);
    }
  });
});

describe('byRecency', () => {
  it('puts the newest sample time first, series without samples last, then the newest series', () => {
    const series = [
      { name: 'none', lastTs: null, order: 9 },
      { name: 'old', lastTs: 1, order: 1 },
      { name: 'new', lastTs: 5, order: 2 },
      { name: 'new.later', lastTs: 5, order: 3 },
      { name: 'none.first', lastTs: null, order: 4 },
    ];
    expect([...series].sort(byRecency).map((s) => s.name)).toEqual([
      'new.later',
      'new',
      'old',
      'none',
      'none.first',
    ]);
  });
});
