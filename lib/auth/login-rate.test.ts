import { describe, expect, it } from 'vitest';
import { LOGIN_ATTEMPTS_PER_MINUTE, LOGIN_WINDOW_MS, LoginRate } from './login-rate';

describe('LoginRate', () => {
  it(`allows ${LOGIN_ATTEMPTS_PER_MINUTE} attempts a minute and refuses the next`, () => {
    const rate = new LoginRate();
    for (let i = 0; i < LOGIN_ATTEMPTS_PER_MINUTE; i++) {
      expect(rate.take('10.0.0.1', 1000 + i)).toEqual({ allowed: true });
    }
    expect(rate.take('10.0.0.1', 2000)).toEqual({ allowed: false, retryAfterS: 59 });
  });

  it('counts each address on its own', () => {
    const rate = new LoginRate(1);
    expect(rate.take('a', 0).allowed).toBe(true);
    expect(rate.take('b', 0).allowed).toBe(true);
    expect(rate.take('a', 0).allowed).toBe(false);
  });

  it('allows again once the oldest attempt is a full window old, not 1 ms sooner', () => {
    const rate = new LoginRate(1);
    rate.take('a', 0);
    expect(rate.take('a', LOGIN_WINDOW_MS - 1)).toEqual({ allowed: false, retryAfterS: 1 });
    expect(rate.take('a', LOGIN_WINDOW_MS).allowed).toBe(true);
  });

  it('does not count refused attempts', () => {
    const rate = new LoginRate(1);
    rate.take('a', 0);
    for (let i = 0; i < 5; i++) rate.take('a', 100 + i);
    expect(rate.take('a', LOGIN_WINDOW_MS).allowed).toBe(true);
  });
});
