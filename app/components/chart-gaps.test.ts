import { describe, expect, it } from 'vitest';
import {
  alignSeries,
  CHART_GAP_MIN_INTERVALS,
  isolatedIndices,
  typicalIntervalMs,
  withGaps,
} from './chart-gaps';

describe('typicalIntervalMs', () => {
  it('is the median step, so one long pause does not stretch it', () => {
    expect(typicalIntervalMs([0, 1000, 2000, 3000, 60_000])).toBe(1000);
  });
  it('is 0 under two points', () => {
    expect(typicalIntervalMs([])).toBe(0);
    expect(typicalIntervalMs([5])).toBe(0);
  });
});

describe('withGaps', () => {
  it('inserts one null row in a pause longer than the gap limit, in every column', () => {
    const ts = [0, 1000, 2000, 3000, 10_000, 11_000];
    const out = withGaps(ts, [
      [1, 2, 3, 4, 5, 6],
      [0, 0, 0, 0, 0, 0],
    ]);
    expect(out.gaps).toBe(1);
    expect(out.ts).toEqual([0, 1000, 2000, 3000, 6500, 10_000, 11_000]);
    expect(out.columns[0]).toEqual([1, 2, 3, 4, null, 5, 6]);
    expect(out.columns[1]).toEqual([0, 0, 0, 0, null, 0, 0]);
  });

  it('bridges a pause of exactly the limit and breaks one just over it', () => {
    const limit = 1000 * CHART_GAP_MIN_INTERVALS;
    const at = (last: number) => withGaps([0, 1000, 2000, 3000, 3000 + last], [[1, 1, 1, 1, 1]]);
    expect(at(limit).gaps).toBe(0);
    expect(at(limit + 1).gaps).toBe(1);
  });

  it('leaves regular data as it is', () => {
    const out = withGaps([0, 1000, 2000], [[1, 2, 3]]);
    expect(out).toEqual({ ts: [0, 1000, 2000], columns: [[1, 2, 3]], gaps: 0 });
  });
});

describe('isolatedIndices', () => {
  it('finds a single sample and one between two gaps', () => {
    expect(isolatedIndices([7])).toEqual([0]);
    expect(isolatedIndices([1, 2, null, 3, null, 4, 5])).toEqual([3]);
  });
  it('finds none in a continuous line', () => {
    expect(isolatedIndices([1, 2, 3])).toEqual([]);
  });
});

describe('isolatedIndices over aligned series', () => {
  it('looks through rows another series owns', () => {
    expect(isolatedIndices([1, undefined, 2])).toEqual([]);
    expect(isolatedIndices([null, undefined, 2, undefined, null])).toEqual([2]);
  });
});

describe('alignSeries', () => {
  it('puts several series on the union of their times, undefined where one has no sample', () => {
    const out = alignSeries([
      { ts: [0, 2000], values: [1, 2] },
      { ts: [1000, 2000], values: [5, 6] },
    ]);
    expect(out.ts).toEqual([0, 1000, 2000]);
    expect(out.columns).toEqual([
      [1, undefined, 2],
      [undefined, 5, 6],
    ]);
    expect(out.gaps).toBe(0);
  });

  it("keeps each series' own gaps as null", () => {
    const out = alignSeries([
      { ts: [0, 1000, 2000, 60_000], values: [1, 1, 1, 1] },
      { ts: [0, 1000], values: [2, 2] },
    ]);
    expect(out.gaps).toBe(1);
    expect(out.ts).toEqual([0, 1000, 2000, 31_000, 60_000]);
    expect(out.columns[0]).toEqual([1, 1, 1, null, 1]);
    expect(out.columns[1]).toEqual([2, 2, undefined, undefined, undefined]);
  });
});
