import { describe, expect, it } from 'vitest';
import { guessTimestampUnit, sampleTimestampProblem } from './sample-timestamps';

const NOW = 1_764_000_000_000;
const WINDOW = { maxFutureMs: 300_000, rawRetentionMs: 48 * 3_600_000 };

describe('sampleTimestampProblem', () => {
  it.each([
    ['the oldest accepted', NOW - WINDOW.rawRetentionMs],
    ['now', NOW],
    ['the latest accepted', NOW + WINDOW.maxFutureMs],
  ])('accepts %s', (_name, ts) => {
    expect(sampleTimestampProblem(ts, WINDOW, NOW)).toBeUndefined();
  });

  it.each([
    ['1 ms too old', NOW - WINDOW.rawRetentionMs - 1, /behind the server clock/],
    ['1 ms too far ahead', NOW + WINDOW.maxFutureMs + 1, /ahead of the server clock/],
    ['0 (1970)', 0, /older than the raw retention/],
  ])('refuses %s', (_name, ts, message) => {
    expect(sampleTimestampProblem(ts, WINDOW, NOW)).toMatch(message);
  });
});

describe('guessTimestampUnit', () => {
  it.each([
    [NOW / 1000, 'seconds'],
    [NOW * 1000, 'microseconds'],
    [NOW * 1e6, 'nanoseconds'],
    // Within a factor of 3 either way: a clock years off still gets the hint.
    [(NOW / 1000) * 2.99, 'seconds'],
    [(NOW * 1e6) / 2.99, 'nanoseconds'],
  ])('reads %d as %s', (ts, unit) => {
    expect(guessTimestampUnit(ts, NOW)?.unit).toBe(unit);
  });

  it.each([
    ['milliseconds', NOW],
    ['a value 3 times seconds', (NOW / 1000) * 3],
    ['the largest date', 8.64e15],
    ['0', 0],
    ['a negative value', -NOW],
  ])('has no guess for %s', (_name, ts) => {
    expect(guessTimestampUnit(ts, NOW)).toBeUndefined();
  });
});
