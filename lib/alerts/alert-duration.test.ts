import { describe, expect, it } from 'vitest';
import { formatDurationMs, parseDurationMs } from './alert-duration';

describe('alert durations', () => {
  it('parses 90s, 15m, 2h, 1d and nothing else', () => {
    expect(parseDurationMs('90s')).toBe(90_000);
    expect(parseDurationMs('15m')).toBe(900_000);
    expect(parseDurationMs('2h')).toBe(7_200_000);
    expect(parseDurationMs('1d')).toBe(86_400_000);
    for (const bad of ['', '0s', '5', '5w', '-5m', '1.5h', 'h'])
      expect(parseDurationMs(bad)).toBeUndefined();
  });

  it('formats the two largest units', () => {
    expect(formatDurationMs(0)).toBe('0s');
    expect(formatDurationMs(12_500)).toBe('12s');
    expect(formatDurationMs(200_000)).toBe('3m 20s');
    expect(formatDurationMs(3_600_000)).toBe('1h');
    expect(formatDurationMs(3_900_000)).toBe('1h 5m');
    expect(formatDurationMs(90_061_000)).toBe('1d 1h');
  });
});
