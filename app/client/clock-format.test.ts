import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatClock, formatDateTime, formatDay, sameDay } from './clock-format';

const TZ = process.env.TZ;
beforeEach(() => {
  process.env.TZ = 'UTC';
});
afterEach(() => {
  process.env.TZ = TZ;
});

describe('clock format', () => {
  const t = Date.UTC(2026, 11, 5, 17, 4, 9);

  it('writes a 24-hour, zero-padded clock, with seconds only when asked', () => {
    expect(formatClock(t)).toBe('17:04');
    expect(formatClock(t, { seconds: true })).toBe('17:04:09');
    expect(formatClock(Date.UTC(2026, 0, 1, 0, 0, 0), { seconds: true })).toBe('00:00:00');
  });

  it('writes the full date and time and compares days', () => {
    expect(formatDay(t)).toBe('2026-12-05');
    expect(formatDateTime(t)).toBe('2026-12-05 17:04:09');
    expect(sameDay(t, t + 6 * 3600_000)).toBe(true);
    expect(sameDay(t, t + 7 * 3600_000)).toBe(false);
  });
});
