import { describe, expect, it } from 'vitest';
import {
  IpRateLimit,
  RATE_LIMIT_DEFAULT_EXEMPT,
  RATE_LIMIT_MAX_TRACKED_ADDRESSES,
  RATE_LIMIT_SWEEP_INTERVAL_MS,
} from './ip-rate-limit';

function limiter(perMinute: number, options: { burst?: number; exempt?: string[] } = {}) {
  const clock = { ms: 1_000_000 };
  const limit = new IpRateLimit({ perMinute, ...options, now: () => clock.ms });
  return { limit, clock };
}

describe('IpRateLimit', () => {
  it('lets a burst of exactly perMinute requests through, and refuses the next', () => {
    const { limit } = limiter(5);

    const decisions = Array.from({ length: 6 }, () => limit.take('203.0.113.1'));

    expect(decisions.slice(0, 5)).toEqual(Array(5).fill({ ok: true }));
    expect(decisions[5]).toEqual({ ok: false, retryAfterS: 12 });
  });

  it('refills one token per 60/perMinute seconds: 1 ms early is refused, on time passes', () => {
    const { limit, clock } = limiter(60);
    for (let i = 0; i < 60; i++) limit.take('a');

    clock.ms += 999;
    const early = limit.take('a');
    clock.ms += 1;
    const onTime = limit.take('a');

    expect(early).toEqual({ ok: false, retryAfterS: 1 });
    expect(onTime).toEqual({ ok: true });
  });

  it('rounds Retry-After up to whole seconds, at least 1', () => {
    const { limit, clock } = limiter(1);
    limit.take('a');

    const first = limit.take('a');
    clock.ms += 59_001;
    const last = limit.take('a');

    expect(first).toEqual({ ok: false, retryAfterS: 60 });
    expect(last).toEqual({ ok: false, retryAfterS: 1 });
  });

  it('honours a burst smaller than the rate', () => {
    const { limit } = limiter(600, { burst: 2 });

    expect([limit.take('a').ok, limit.take('a').ok, limit.take('a').ok]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('keeps a bucket per address', () => {
    const { limit } = limiter(1);

    expect([limit.take('a').ok, limit.take('a').ok, limit.take('b').ok]).toEqual([
      true,
      false,
      true,
    ]);
  });

  it('never limits exempt or unknown addresses, and does not track them', () => {
    const { limit } = limiter(1, { exempt: [...RATE_LIMIT_DEFAULT_EXEMPT, '10.0.0.7'] });
    const loopback = ['127.0.0.1', '127.0.0.2', '127.255.255.254', '::1', '::ffff:127.0.0.3'];

    const decisions = [...loopback, '10.0.0.7', undefined].flatMap((address) => [
      limit.take(address),
      limit.take(address),
    ]);

    expect(decisions.every((d) => d.ok)).toBe(true);
    expect(limit.size).toBe(0);
  });

  it('limits the addresses just outside loopback even with the loopback entry', () => {
    const { limit } = limiter(1, { exempt: [...RATE_LIMIT_DEFAULT_EXEMPT] });

    for (const address of ['128.0.0.1', '126.255.255.255', '::2', '::ffff:128.0.0.1', '10.0.0.7']) {
      expect([limit.take(address).ok, limit.take(address).ok]).toEqual([true, false]);
    }
  });

  it('sweeps buckets that have refilled completely, and keeps the others', () => {
    const { limit, clock } = limiter(60);
    limit.take('idle');
    for (let i = 0; i < 60; i++) limit.take('busy');

    clock.ms += 1000;
    limit.sweep();

    expect(limit.size).toBe(1);
    expect(limit.take('busy')).toEqual({ ok: true });
    expect(limit.take('busy').ok).toBe(false);
  });

  it('sweeps by itself once per sweep interval, inside take', () => {
    const { limit, clock } = limiter(60);
    for (let i = 0; i < 10; i++) limit.take(`198.51.100.${i}`);

    clock.ms += RATE_LIMIT_SWEEP_INTERVAL_MS - 1;
    limit.take('x');
    const beforeInterval = limit.size;
    clock.ms += 1;
    limit.take('y');

    expect(beforeInterval).toBe(11);
    expect(limit.size).toBe(2);
  });

  it('never tracks more than RATE_LIMIT_MAX_TRACKED_ADDRESSES, dropping the oldest', () => {
    const { limit } = limiter(1);
    for (let i = 0; i < RATE_LIMIT_MAX_TRACKED_ADDRESSES; i++) limit.take(`a${i}`);

    const atCap = limit.size;
    limit.take('one-more');

    expect(atCap).toBe(RATE_LIMIT_MAX_TRACKED_ADDRESSES);
    expect(limit.size).toBe(RATE_LIMIT_MAX_TRACKED_ADDRESSES);
    expect(limit.take('a0').ok).toBe(true);
    expect(limit.take('a2').ok).toBe(false);
  });

  it('refuses a rate that is not positive with a TypeError', () => {
    expect(() => new IpRateLimit({ perMinute: 0 })).toThrow(TypeError);
    expect(() => new IpRateLimit({ perMinute: 5, burst: 0 })).toThrow(TypeError);
  });
});
