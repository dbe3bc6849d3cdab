import { describe, expect, it } from 'vitest';
import { SHUTDOWN_RETRY_JITTER_MS, SHUTDOWN_RETRY_MIN_MS, shutdownRetryMs } from './shutdown-retry';

describe('shutdownRetryMs', () => {
  it('is SHUTDOWN_RETRY_MIN_MS at the bottom of the random range', () => {
    expect(shutdownRetryMs(() => 0)).toBe(SHUTDOWN_RETRY_MIN_MS);
  });

  it('stays under SHUTDOWN_RETRY_MIN_MS + SHUTDOWN_RETRY_JITTER_MS at the top of the range', () => {
    const top = shutdownRetryMs(() => 1 - Number.EPSILON);
    expect(top).toBe(SHUTDOWN_RETRY_MIN_MS + SHUTDOWN_RETRY_JITTER_MS - 1);
  });

  it('spreads real random draws over the jitter range', () => {
    const draws = Array.from({ length: 1000 }, () => shutdownRetryMs());
    const spread = Math.max(...draws) - Math.min(...draws);
    expect(spread).toBeGreaterThan(SHUTDOWN_RETRY_JITTER_MS * 0.9);
  });
});
