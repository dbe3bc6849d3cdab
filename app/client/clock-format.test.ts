import { describe, expect, it } from 'vitest';
import { formatClock, formatDateTime, formatDay, sameDay } from './clock-format';

describe('clock format', () => {
  // Local time, whatever the machine's zone.
  const t = new Date(2026, 11, 5, 17, 4, 9).getTime();

  it('writes a 24-hour, zero-padded clock, with seconds only when asked', () => {
    expect(formatClock(t)).toBe('17:04');
    expect(formatClock(t, { seconds: true })).toBe('17:04:09');
    expect(formatClock(new Date(2026, 0, 1, 0, 0, 0).getTime(), { seconds: true })).toBe(
      '00:00:00',
    );
  });

  it('writes the full date and time and compares local days', () => {
    expect(formatDay(t)).toBe('2026-12-05');
    expect(formatDateTime(t)).toBe('2026-12-05 17:04:09');
    expect(sameDay(t, new Date(2026, 11, 5, 23, 59, 59).getTime())).toBe(true);
    expect(sameDay(t, new Date(2026, 11, 6, 0, 0, 0).getTime())).toBe(false);
  });
});
