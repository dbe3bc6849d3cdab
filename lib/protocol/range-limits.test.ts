import { describe, expect, it } from 'vitest';
import {
  bucketStart,
  RANGE_MAX_SPAN_MS,
  RESOLUTION_BUCKET_MS,
  ROLLUP_BUCKET_MS,
} from './range-limits';

describe('range limits', () => {
  it('spans at most 366 days and buckets by the minute and the hour', () => {
    expect(RANGE_MAX_SPAN_MS).toBe(31_622_400_000);
    expect(ROLLUP_BUCKET_MS).toEqual({ '1m': 60_000, '1h': 3_600_000 });
    expect(RESOLUTION_BUCKET_MS).toEqual({ raw: 0, '1m': 60_000, '1h': 3_600_000 });
  });
});

describe('bucketStart', () => {
  it('rounds down to the bucket start and keeps a start as it is', () => {
    expect(bucketStart(120_000, 60_000)).toBe(120_000);
    expect(bucketStart(179_999, 60_000)).toBe(120_000);
    expect(bucketStart(180_000, 60_000)).toBe(180_000);
    expect(bucketStart(7_199_999, 3_600_000)).toBe(3_600_000);
  });
});
