import { describe, expect, it } from 'vitest';
import type { SeriesBuffer } from '../../client/series-buffer';
import { bigNumber } from './big-number';

const buffer = (points: [number, number][]): SeriesBuffer => ({
  name: 'x',
  ts: points.map((p) => p[0]),
  values: points.map((p) => p[1]),
});

describe('bigNumber', () => {
  const hourly = buffer([[3_600_000, 0.93]]);
  const live = buffer([
    [3_700_000, 1],
    [3_701_000, 2],
  ]);

  it('is the latest raw sample when live, whatever the drawn resolution', () => {
    expect(bigNumber(hourly, live, 'live', '1h')).toEqual({
      value: 2,
      ts: 3_701_000,
      says: 'latest',
    });
  });

  it('says it is a bucket average when only rolled-up data is there', () => {
    expect(bigNumber(hourly, undefined, 'live', '1h')).toEqual({
      value: 0.93,
      ts: 3_600_000,
      says: 'avg of last 1h bucket',
    });
    expect(bigNumber(hourly, live, 'static', '1h')?.says).toBe('avg of last 1h bucket');
  });

  it('is the last raw point of a past range, said so', () => {
    expect(bigNumber(live, undefined, 'static', 'raw')).toEqual({
      value: 2,
      ts: 3_701_000,
      says: 'last in range',
    });
  });

  it('is nothing without data', () => {
    expect(bigNumber(undefined, undefined, 'live', 'raw')).toBeUndefined();
  });
});
