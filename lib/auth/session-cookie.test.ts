import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  clearedCookieHeader,
  readSessionCookie,
  SESSION_COOKIE_MAX_CHARS,
  sessionCookieHeader,
  signSession,
  verifySession,
} from './session-cookie';

const secret = Buffer.from('a-test-secret-that-is-long-enough!!');
const now = 1_700_000_000_000;
const session = { name: 'ada', exp: now + 60_000 };

describe('signSession / verifySession', () => {
  it('round-trips a session signed with the same secret', () => {
    expect(verifySession(signSession(session, secret), secret, now)).toEqual(session);
  });

  it('accepts a session 1 ms before its expiry and refuses it at its expiry', () => {
    const value = signSession(session, secret);
    expect(verifySession(value, secret, session.exp - 1)).toEqual(session);
    expect(verifySession(value, secret, session.exp)).toBeNull();
  });

  it('refuses a cookie signed with another secret', () => {
    const value = signSession(session, Buffer.from('another-secret-another-secret-!!!'));
    expect(verifySession(value, secret, now)).toBeNull();
  });

  it('refuses a tampered payload (a longer expiry or another name)', () => {
    const signature = signSession(session, secret).split('.')[1];
    for (const forged of [
      { ...session, exp: session.exp + 1 },
      { ...session, name: 'bob' },
    ]) {
      const payload = Buffer.from(JSON.stringify(forged)).toString('base64url');
      expect(verifySession(`${payload}.${signature}`, secret, now)).toBeNull();
    }
  });

  it.each([
    '',
    'no-dot',
    '.',
    'abc.',
    `${signSession(session, secret)}x`,
    `${signSession(session, secret).slice(0, -1)}`,
    'x'.repeat(SESSION_COOKIE_MAX_CHARS + 1),
  ])('refuses the malformed value %#', (value) => {
    expect(verifySession(value, secret, now)).toBeNull();
  });

  it('refuses a signed payload that is not {name, exp}', () => {
    const payload = Buffer.from(JSON.stringify({ name: 1, exp: 'x' })).toString('base64url');
    const mac = createHmac('sha256', secret).update(payload).digest('base64url');

    expect(verifySession(`${payload}.${mac}`, secret, now)).toBeNull();
  });
});

describe('cookie headers', () => {
  it('reads the session cookie among others', () => {
    expect(readSessionCookie('a=1; pulseboard_session=v.s; b=2')).toBe('v.s');
    expect(readSessionCookie('a=1')).toBeUndefined();
    expect(readSessionCookie(undefined)).toBeUndefined();
  });

  it('sets HttpOnly, SameSite=Lax, Path=/ and Max-Age, and Secure only over https', () => {
    expect(sessionCookieHeader('v.s', 43200, false)).toBe(
      'pulseboard_session=v.s; HttpOnly; SameSite=Lax; Path=/; Max-Age=43200',
    );
    expect(sessionCookieHeader('v.s', 60, true)).toContain('; Secure;');
    expect(clearedCookieHeader(false)).toBe(
      'pulseboard_session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0',
    );
  });
});
