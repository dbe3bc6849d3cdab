import { describe, expect, it } from 'vitest';
import { backoffDelayMs, RECONNECT_BASE_DELAY_MS, RECONNECT_MAX_DELAY_MS } from './backoff';

describe('backoffDelayMs', () => {
  it('stays below the base delay on the first attempt', () => {
    expect(backoffDelayMs(0, () => 0.999)).toBeLessThan(RECONNECT_BASE_DELAY_MS);
  });

  it('doubles the ceiling with each attempt', () => {
    expect(backoffDelayMs(1, () => 0.5, 100, 10_000)).toBe(100);
    expect(backoffDelayMs(3, () => 0.5, 100, 10_000)).toBe(400);
  });

  it('never exceeds the maximum, however many attempts failed', () => {
    expect(backoffDelayMs(1000, () => 0.999_999)).toBeLessThan(RECONNECT_MAX_DELAY_MS);
  });

  it('spreads clients over the whole range (full jitter)', () => {
    expect(backoffDelayMs(4, () => 0, 100, 10_000)).toBe(0);
    expect(backoffDelayMs(4, () => 0.25, 100, 10_000)).toBe(400);
  });

  it('treats a negative attempt as the first', () => {
    expect(backoffDelayMs(-3, () => 0.5, 100, 10_000)).toBe(50);
  });
});
