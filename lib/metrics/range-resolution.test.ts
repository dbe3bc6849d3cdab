import { describe, expect, it } from 'vitest';
import {
  bucketStart,
  chooseResolution,
  RANGE_MINUTE_MAX_SPAN_MS,
  RANGE_RAW_MAX_SPAN_MS,
} from './range-resolution';

const NOW = 1_800_000_000_000;
const KEPT = { rawMs: 48 * 3_600_000, minuteMs: 30 * 86_400_000 };

describe('chooseResolution', () => {
  it.each([
    ['exactly 15 min', RANGE_RAW_MAX_SPAN_MS, 'raw'],
    ['15 min + 1 ms', RANGE_RAW_MAX_SPAN_MS + 1, '1m'],
    ['exactly 24 h', RANGE_MINUTE_MAX_SPAN_MS, '1m'],
    ['24 h + 1 ms', RANGE_MINUTE_MAX_SPAN_MS + 1, '1h'],
    ['an empty span', 0, 'raw'],
  ])('a range ending now spanning %s is %s', (_label, span, expected) => {
    expect(chooseResolution(NOW - span, NOW, NOW, KEPT)).toBe(expected);
  });

  it('uses minute rollups for a short range older than the raw retention', () => {
    const edge = NOW - KEPT.rawMs;
    expect(chooseResolution(edge, edge + 60_000, NOW, KEPT)).toBe('raw');
    expect(chooseResolution(edge - 1, edge + 60_000, NOW, KEPT)).toBe('1m');
  });

  it('uses hour rollups for a minute-sized range older than the minute retention', () => {
    const edge = NOW - KEPT.minuteMs;
    expect(chooseResolution(edge, edge + 3_600_000, NOW, KEPT)).toBe('1m');
    expect(chooseResolution(edge - 1, edge + 3_600_000, NOW, KEPT)).toBe('1h');
    // A raw-sized range that old falls through both.
    expect(chooseResolution(edge - 1, edge + 1000, NOW, KEPT)).toBe('1h');
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
