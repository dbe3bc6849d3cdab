import { describe, expect, it } from 'vitest';
import { disconnectedStatus, OFFLINE_AFTER_FAILURES } from './connection-status';

describe('disconnectedStatus', () => {
  it('is reconnecting while attempts are few and the browser is online', () => {
    expect(disconnectedStatus(0, true)).toBe('reconnecting');
    expect(disconnectedStatus(OFFLINE_AFTER_FAILURES - 1, true)).toBe('reconnecting');
  });

  it('is offline after OFFLINE_AFTER_FAILURES failures in a row', () => {
    expect(disconnectedStatus(OFFLINE_AFTER_FAILURES, true)).toBe('offline');
  });

  it('is offline whenever the browser reports no network', () => {
    expect(disconnectedStatus(0, false)).toBe('offline');
  });
});
