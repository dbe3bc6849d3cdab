import { describe, expect, it } from 'vitest';
import { SHUTDOWN_RETRY_JITTER_MS, SHUTDOWN_RETRY_MIN_MS } from '@/lib/protocol';
import {
  backoffDelayMs,
  chatReconnectDelayMs,
  RECONNECT_BASE_DELAY_MS,
  RECONNECT_MAX_DELAY_MS,
} from './backoff';

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

describe('chatReconnectDelayMs', () => {
  it('waits at least SHUTDOWN_RETRY_MIN_MS after a 1001, at the bottom of the random range', () => {
    expect(chatReconnectDelayMs(1001, () => 0)).toBe(SHUTDOWN_RETRY_MIN_MS);
  });

  it('waits under SHUTDOWN_RETRY_MIN_MS + SHUTDOWN_RETRY_JITTER_MS after a 1001, at the top', () => {
    expect(chatReconnectDelayMs(1001, () => 1 - Number.EPSILON)).toBe(
      SHUTDOWN_RETRY_MIN_MS + SHUTDOWN_RETRY_JITTER_MS - 1,
    );
  });

  it('spreads clients closed together by a restart over the jitter range', () => {
    const delays = Array.from({ length: 1000 }, () => chatReconnectDelayMs(1001) as number);
    expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(
      SHUTDOWN_RETRY_JITTER_MS * 0.9,
    );
  });

  it('comes back slowly after 1008 and leaves other codes to the backoff', () => {
    expect(chatReconnectDelayMs(1008)).toBe(RECONNECT_MAX_DELAY_MS);
    expect(chatReconnectDelayMs(1006)).toBeUndefined();
    expect(chatReconnectDelayMs(1013)).toBeUndefined();
  });
});
