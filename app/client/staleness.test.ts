import { describe, expect, it } from 'vitest';
import {
  isStale,
  RESYNCED_BADGE_MS,
  STALE_MIN_MS,
  STREAM_DOWN_BANNER_DELAY_MS,
  showsResynced,
  showsStreamDown,
  staleThresholdMs,
  usualIntervalMs,
} from './staleness';

describe('usualIntervalMs', () => {
  it('is undefined below two points', () => {
    expect(usualIntervalMs([])).toBeUndefined();
    expect(usualIntervalMs([5])).toBeUndefined();
  });

  it('is the median gap, so one long pause does not move it', () => {
    expect(usualIntervalMs([0, 1000, 2000, 3000, 60_000])).toBe(1000);
    expect(usualIntervalMs([0, 1000, 3000])).toBe(1500);
  });

  it('looks at the last ten gaps only', () => {
    const old = Array.from({ length: 20 }, (_, i) => i * 100); // 100 ms apart
    const recent = Array.from({ length: 10 }, (_, i) => 1900 + (i + 1) * 2000); // 2 s apart
    expect(usualIntervalMs([...old, ...recent])).toBe(2000);
  });
});

describe('staleness threshold', () => {
  it('is never below STALE_MIN_MS', () => {
    expect(staleThresholdMs(undefined)).toBe(STALE_MIN_MS);
    expect(staleThresholdMs(100)).toBe(STALE_MIN_MS);
  });

  it('is three usual intervals for slow series', () => {
    expect(staleThresholdMs(10_000)).toBe(30_000);
  });

  it('turns stale just over the threshold, not at it', () => {
    expect(isStale(0, 1000, STALE_MIN_MS)).toBe(false);
    expect(isStale(0, 1000, STALE_MIN_MS + 1)).toBe(true);
    expect(isStale(0, 10_000, 30_000)).toBe(false);
    expect(isStale(0, 10_000, 30_001)).toBe(true);
  });
});

describe('badges and banner', () => {
  it('shows "resynced" for RESYNCED_BADGE_MS', () => {
    expect(showsResynced(undefined, 0)).toBe(false);
    expect(showsResynced(0, RESYNCED_BADGE_MS - 1)).toBe(true);
    expect(showsResynced(0, RESYNCED_BADGE_MS)).toBe(false);
  });

  it('shows the stream-down banner from STREAM_DOWN_BANNER_DELAY_MS on', () => {
    expect(showsStreamDown(undefined, 10_000)).toBe(false);
    expect(showsStreamDown(0, STREAM_DOWN_BANNER_DELAY_MS - 1)).toBe(false);
    expect(showsStreamDown(0, STREAM_DOWN_BANNER_DELAY_MS)).toBe(true);
  });
});
