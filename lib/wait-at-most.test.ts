import { describe, expect, it, vi } from 'vitest';
import { waitAtMost } from './wait-at-most';

describe('waitAtMost', () => {
  it('resolves when the work settles, before the deadline, and clears its timer', async () => {
    vi.useFakeTimers();
    try {
      let settled = false;
      const waiting = waitAtMost(Promise.resolve(), 1000).then(() => {
        settled = true;
      });
      await waiting;
      expect(settled).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('resolves at the deadline when the work never settles, and not one ms before', async () => {
    vi.useFakeTimers();
    try {
      let settled = false;
      void waitAtMost(new Promise(() => {}), 1000).then(() => {
        settled = true;
      });
      await vi.advanceTimersByTimeAsync(999);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(settled).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('treats a rejection as settled', async () => {
    await expect(waitAtMost(Promise.reject(new Error('x')), 1000)).resolves.toBeUndefined();
  });
});
