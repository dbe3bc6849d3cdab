import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { histogramQuantile } from './histogram-quantile';

describe('histogramQuantile', () => {
  it.each([
    ['interpolates in the bucket holding the rank', 0.5, [10, 20], [0, 10, 0], 15],
    ['the first bucket starts at 0', 0.5, [10, 20], [4, 0, 0], 5],
    ['a rank on a bucket edge is its bound', 0.5, [10, 20], [5, 5, 0], 10],
    ['the +Inf bucket gives the highest bound', 0.99, [10, 20], [1, 0, 99], 20],
    ['a first bound below 0 is the answer', 0.5, [-5, 20], [3, 0, 0], -5],
    ['no observations', 0.5, [10], [0, 0], undefined],
    ['no finite bound', 0.5, [], [3], undefined],
    ['counts that do not fit the bounds', 0.5, [10], [1, 2, 3], undefined],
    ['a quantile out of range', 1.5, [10], [1, 1], undefined],
  ])('%s', (_, q, bounds, counts, expected) => {
    expect(histogramQuantile(q, bounds, counts)).toBe(expected);
  });

  it('is monotonic in q and stays within the bounds (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 4, maxLength: 4 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (counts, a, b) => {
          const bounds = [1, 2, 4];
          const lo = histogramQuantile(Math.min(a, b), bounds, counts);
          const hi = histogramQuantile(Math.max(a, b), bounds, counts);
          if (lo === undefined || hi === undefined) return;
          expect(lo).toBeLessThanOrEqual(hi);
          expect(lo).toBeGreaterThanOrEqual(0);
          expect(hi).toBeLessThanOrEqual(4);
        },
      ),
    );
  });
});
