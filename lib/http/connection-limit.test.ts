import { describe, expect, it } from 'vitest';
import { CONNECTIONS_RETRY_AFTER_S, ConnectionLimit } from './connection-limit';

describe('ConnectionLimit', () => {
  it('holds maxPerAddress slots, refuses the next with 429, and takes one more after a release', () => {
    const limit = new ConnectionLimit({ maxPerAddress: 3 });
    const releases = [limit.acquire('a'), limit.acquire('a'), limit.acquire('a')];

    expect(() => limit.acquire('a')).toThrow(
      expect.objectContaining({
        code: 'too_many_connections',
        status: 429,
        retryAfterS: CONNECTIONS_RETRY_AFTER_S,
      }),
    );
    releases[0]?.();
    expect(() => limit.acquire('a')).not.toThrow();
    expect(() => limit.acquire('a')).toThrow();
  });

  it('counts each address apart, and forgets an address once it holds nothing', () => {
    const limit = new ConnectionLimit({ maxPerAddress: 1 });
    const a = limit.acquire('a');
    const b = limit.acquire('b');

    expect([limit.count('a'), limit.count('b'), limit.addresses]).toEqual([1, 1, 2]);
    a?.();
    b?.();
    expect(limit.addresses).toBe(0);
  });

  it('gives a slot back once however often release is called', () => {
    const limit = new ConnectionLimit({ maxPerAddress: 2 });
    const first = limit.acquire('a');
    limit.acquire('a');
    first?.();
    first?.();
    expect(limit.count('a')).toBe(1);
  });

  it('never caps exempt or unknown addresses, does not count them, and gives nothing to release', () => {
    const limit = new ConnectionLimit({ maxPerAddress: 1, exempt: ['loopback', '10.0.0.7'] });
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.2', '10.0.0.7', undefined]) {
      expect(limit.acquire(address)).toBeUndefined();
      expect(limit.acquire(address)).toBeUndefined();
    }
    expect(limit.addresses).toBe(0);
    limit.acquire('128.0.0.1');
    expect(() => limit.acquire('128.0.0.1')).toThrow();
  });

  it('refuses a maximum that is not a whole number of at least 1', () => {
    expect(() => new ConnectionLimit({ maxPerAddress: 0 })).toThrow(TypeError);
    expect(() => new ConnectionLimit({ maxPerAddress: 1.5 })).toThrow(TypeError);
  });
});
