import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { createAuthConfig, DERIVED_SECRET_BYTES, isAuthEnabled } from './auth-config';
import { SESSION_TTL_MAX_S, SESSION_TTL_MIN_S } from './auth-env';

const config = (vars: Record<string, string>) => createAuthConfig(parseEnv(vars));

describe('access-control env', () => {
  it('is off when neither AUTH_PASSWORD nor AUTH_USERS is set', () => {
    const env = parseEnv({});
    expect(isAuthEnabled(env)).toBe(false);
    expect(createAuthConfig(env)).toBeUndefined();
    expect(env.AUTH_SESSION_TTL_S).toBe(43_200);
  });

  it('reads AUTH_USERS as names bound to passwords (a password may contain ":")', () => {
    expect(config({ AUTH_USERS: 'ada:pw1, bob:p:w2' })).toMatchObject({
      mode: 'users',
      users: [
        { name: 'ada', password: 'pw1' },
        { name: 'bob', password: 'p:w2' },
      ],
    });
  });

  it.each([
    { vars: { AUTH_USERS: 'ada' }, problem: /name:password/ },
    { vars: { AUTH_USERS: 'ada:' }, problem: /empty password/ },
    { vars: { AUTH_USERS: ':pw' }, problem: /user name/ },
    { vars: { AUTH_USERS: 'ada\u202e:pw' }, problem: /user name is refused: name: U\+202E/ },
    { vars: { AUTH_USERS: 'ada:a,ada:b' }, problem: /twice/ },
    { vars: { AUTH_PASSWORD: 'x', AUTH_USERS: 'ada:b' }, problem: /not both/ },
    { vars: { AUTH_PASSWORD: 'x', AUTH_SECRET: 'short' }, problem: /AUTH_SECRET/ },
  ])('refuses $vars at boot', ({ vars, problem }) => {
    expect(() => parseEnv(vars)).toThrowError(problem);
  });

  it(`accepts AUTH_SESSION_TTL_S from ${SESSION_TTL_MIN_S} to ${SESSION_TTL_MAX_S} s, not beyond`, () => {
    expect(parseEnv({ AUTH_SESSION_TTL_S: String(SESSION_TTL_MIN_S) }).AUTH_SESSION_TTL_S).toBe(1);
    expect(parseEnv({ AUTH_SESSION_TTL_S: String(SESSION_TTL_MAX_S) }).AUTH_SESSION_TTL_S).toBe(
      SESSION_TTL_MAX_S,
    );
    expect(() => parseEnv({ AUTH_SESSION_TTL_S: String(SESSION_TTL_MIN_S - 1) })).toThrow();
    expect(() => parseEnv({ AUTH_SESSION_TTL_S: String(SESSION_TTL_MAX_S + 1) })).toThrow();
  });
});

describe('createAuthConfig', () => {
  it('derives the same key from the same password (sessions survive a restart)', () => {
    const a = config({ AUTH_PASSWORD: 'hunter2' });
    const b = config({ AUTH_PASSWORD: 'hunter2' });
    expect(a?.secret.length).toBe(DERIVED_SECRET_BYTES);
    expect(a?.secret.equals(b?.secret as Buffer)).toBe(true);
  });

  it('derives another key when a password changes (everybody is logged out)', () => {
    const a = config({ AUTH_PASSWORD: 'hunter2' });
    const b = config({ AUTH_PASSWORD: 'hunter3' });
    const c = config({ AUTH_USERS: 'ada:x' });
    const d = config({ AUTH_USERS: 'ada:y' });
    expect(a?.secret.equals(b?.secret as Buffer)).toBe(false);
    expect(c?.secret.equals(d?.secret as Buffer)).toBe(false);
  });

  it('uses AUTH_SECRET when set', () => {
    const secret = 's'.repeat(32);
    expect(config({ AUTH_PASSWORD: 'x', AUTH_SECRET: secret })?.secret.toString()).toBe(secret);
  });
});
