import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  clearedCookieHeader,
  decodeBase64UrlStrict,
  newSessionId,
  readSessionCookie,
  SESSION_COOKIE_MAX_CHARS,
  SESSION_ID_BYTES,
  sessionCookieHeader,
  signSession,
  verifySession,
} from './session-cookie';

const secret = Buffer.from('a-test-secret-that-is-long-enough!!');
const now = 1_700_000_000_000;
const session = { id: 'q1w2e3r4t5y6u7i8o9p0aZ', name: 'ada', exp: now + 60_000 };

/** A payload signed with `secret`, whatever it holds. */
function signedPayload(data: unknown): string {
  const payload = Buffer.from(JSON.stringify(data)).toString('base64url');
  return `${payload}.${createHmac('sha256', secret).update(payload).digest('base64url')}`;
}

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
      { sid: session.id, name: session.name, exp: session.exp + 1 },
      { sid: session.id, name: 'bob', exp: session.exp },
      { sid: 'AAAAAAAAAAAAAAAAAAAAAA', name: session.name, exp: session.exp },
    ]) {
      const payload = Buffer.from(JSON.stringify(forged)).toString('base64url');
      expect(verifySession(`${payload}.${signature}`, secret, now)).toBeNull();
    }
  });

  it('carries the session id as `sid` in the signed payload', () => {
    const payload = signSession(session, secret).split('.')[0] as string;

    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toEqual({
      sid: session.id,
      name: 'ada',
      exp: session.exp,
    });
  });

  it.each([
    ['no session id (a cookie from before sessions were stored)', { name: 'ada', exp: now + 1 }],
    ['a short session id', { sid: 'abc', name: 'ada', exp: now + 1 }],
    [
      'a session id with other characters',
      { sid: `${'a'.repeat(21)}=`, name: 'ada', exp: now + 1 },
    ],
    ['a numeric session id', { sid: 1, name: 'ada', exp: now + 1 }],
  ])('refuses a correctly signed payload with %s', (_what, data) => {
    expect(verifySession(signedPayload(data), secret, now)).toBeNull();
  });

  it('makes new session ids of 128 random bits, 22 base64url characters each', () => {
    const ids = new Set(Array.from({ length: 100 }, () => newSessionId()));

    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(SESSION_ID_BYTES * 8).toBe(128);
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

  describe('a forged encoding of the right signature', () => {
    const value = signSession(session, secret);
    const [payload, signature] = value.split('.') as [string, string];
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // The last of 43 characters carries 4 bits of the 32 bytes and 2 unused bits: flipping the
    // unused ones gives another text that Node's lenient decoder reads as the same bytes.
    const last = ALPHABET.indexOf(signature.at(-1) as string);
    const sameBytes = `${signature.slice(0, -1)}${ALPHABET[last ^ 1]}`;

    it('is the same bytes to a lenient decoder (so each row below would pass without strictness)', () => {
      for (const forged of [`${signature}=`, `${signature}!!`, sameBytes]) {
        expect(Buffer.from(forged, 'base64url').equals(Buffer.from(signature, 'base64url'))).toBe(
          true,
        );
      }
    });

    it.each([
      ['padding "="', `${payload}.${signature}=`],
      ['padding "=="', `${payload}.${signature}==`],
      ['trailing "!!"', `${payload}.${signature}!!`],
      ['a "=" inside', `${payload}.${signature.slice(0, 20)}=${signature.slice(20, -1)}`],
      ['a changed last character that decodes to the same bytes', `${payload}.${sameBytes}`],
      [
        'standard base64 "+/" for "-_"',
        `${payload}.${Buffer.from(signature, 'base64url').toString('base64').replace(/=+$/, '')}`,
      ],
      ['a second dot', `${payload}.${signature}.x`],
      ['padding on the payload', `${payload}=.${signature}`],
    ])('refuses %s', (_name, forged) => {
      expect(forged).not.toBe(value);
      expect(verifySession(forged, secret, now)).toBeNull();
    });

    it('still accepts the canonical value', () => {
      expect(verifySession(value, secret, now)).toEqual(session);
    });
  });

  it.each([
    ['', null],
    ['AQ', [1]],
    ['AR', null],
    ['AQ==', null],
    ['A+/', null],
    ['_-8', [255, 239]],
  ])('decodes %j strictly as %j', (text, bytes) => {
    const decoded = decodeBase64UrlStrict(text);
    expect(decoded === null ? null : [...decoded]).toEqual(bytes);
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
