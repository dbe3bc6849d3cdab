import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scheduleSessionEnd } from './session-timer';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('scheduleSessionEnd', () => {
  it('fires once at the expiry, not 1 ms before', () => {
    const onExpire = vi.fn();
    scheduleSessionEnd(Date.now() + 1000, onExpire);

    vi.advanceTimersByTime(999);
    expect(onExpire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onExpire).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('fires at once for a session already expired', () => {
    const onExpire = vi.fn();
    scheduleSessionEnd(Date.now() - 5, onExpire);
    vi.advanceTimersByTime(0);
    expect(onExpire).toHaveBeenCalledTimes(1);
  });

  it('leaves no timer behind once cancelled (the connection closed first)', () => {
    const onExpire = vi.fn();
    const cancel = scheduleSessionEnd(Date.now() + 1000, onExpire);
    expect(vi.getTimerCount()).toBe(1);

    cancel();

    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(2000);
    expect(onExpire).not.toHaveBeenCalled();
  });
});
