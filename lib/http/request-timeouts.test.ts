import { describe, expect, it } from 'vitest';
import { HTTP_TIMEOUT_CHECK_INTERVAL_MS, requestTimeoutOptions } from './request-timeouts';

describe('requestTimeoutOptions', () => {
  it('gives Node the headers timeout, headers plus body as the whole-request backstop, and a 1 s check', () => {
    expect(requestTimeoutOptions({ headersTimeoutMs: 10_000, bodyTimeoutMs: 10_000 })).toEqual({
      headersTimeout: 10_000,
      requestTimeout: 20_000,
      connectionsCheckingInterval: HTTP_TIMEOUT_CHECK_INTERVAL_MS,
    });
  });

  it('checks at least as often as the headers timeout when it is under a second', () => {
    expect(
      requestTimeoutOptions({ headersTimeoutMs: 300, bodyTimeoutMs: 100 })
        .connectionsCheckingInterval,
    ).toBe(300);
  });
});
