import { describe, expect, it } from 'vitest';
import { legendStats } from './chart-legend-stats';

describe('legendStats', () => {
  const buffer = { name: 'p95', ts: [1000, 2000, 3000, 4000], values: [5, 1, 9, 3] };

  it('gives last, min, max and avg of the points in view', () => {
    expect(legendStats(buffer, 0)).toEqual({ last: 3, min: 1, max: 9, avg: 4.5 });
  });

  it('leaves out points before the start of the axis', () => {
    expect(legendStats(buffer, 2500)).toEqual({ last: 3, min: 3, max: 9, avg: 6 });
  });

  it('is undefined with nothing in view', () => {
    expect(legendStats(buffer, 5000)).toBeUndefined();
    expect(legendStats(undefined, 0)).toBeUndefined();
  });
});
