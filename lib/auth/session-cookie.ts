import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Name of the session cookie. */
export const SESSION_COOKIE_NAME = 'pulseboard_session';
/** Longest cookie value read, in characters; anything longer is refused unread. */
export const SESSION_COOKIE_MAX_CHARS = 1024;

/** Length of the signature part, in characters: HMAC-SHA256's 32 bytes in unpadded base64url. */
export const SESSION_SIGNATURE_CHARS = 43;
const SIGNATURE_BYTES = 32;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Random bytes of a session id: 128 bits, as OWASP asks of a session identifier. */
export const SESSION_ID_BYTES = 16;
/** A session id as the cookie carries it: SESSION_ID_BYTES in unpadded base64url (22 characters). */
const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/**
 * What a session cookie carries: the session id (the row in the session store that says
 * whether it was revoked), the chat name and the expiry, in Unix milliseconds.
 */
export type Session = { id: string; name: string; exp: number };

/** A new random session id (SESSION_ID_BYTES from the CSPRNG, base64url). */
export function newSessionId(): string {
  return randomBytes(SESSION_ID_BYTES).toString('base64url');
}

/** `base64url(JSON payload).base64url(HMAC-SHA256(secret, first part))`; the payload is `{sid,name,exp}`. */
export function signSession(session: Session, secret: Buffer): string {
  const payload = Buffer.from(
    JSON.stringify({ sid: session.id, name: session.name, exp: session.exp }),
  ).toString('base64url');
  return `${payload}.${mac(payload, secret)}`;
}

/**
 * The session in `value` when its signature is right and it has not expired at `now` (a session
 * is valid while `now < exp`); otherwise null. Decoding is strict: exactly one `.`, both parts
 * canonical unpadded base64url (no `=`, no other character; re-encoding the bytes gives the same
 * text, so a changed last character is not the same signature), the signature exactly
 * SESSION_SIGNATURE_CHARS long. The signature bytes are compared in constant time. A payload
 * without a well-formed session id (a cookie issued before sessions were stored) is refused.
 * Whether the session was revoked is not this function's business (./login-sessions.ts).
 */
export function verifySession(value: string, secret: Buffer, now = Date.now()): Session | null {
  if (value.length > SESSION_COOKIE_MAX_CHARS) return null;
  const parts = value.split('.');
  if (parts.length !== 2) return null;
  const [payload, signature] = parts as [string, string];
  if (signature.length !== SESSION_SIGNATURE_CHARS) return null;
  const given = decodeBase64UrlStrict(signature);
  if (given?.length !== SIGNATURE_BYTES || decodeBase64UrlStrict(payload) === null) return null;
  const wanted = createHmac('sha256', secret).update(payload).digest();
  if (!timingSafeEqual(given, wanted)) return null;
  const session = parsePayload(payload);
  if (!session || now >= session.exp) return null;
  return session;
}

/** The value of the session cookie in a `Cookie` header, if any. */
export function readSessionCookie(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === SESSION_COOKIE_NAME) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The `Set-Cookie` value that stores a session for `ttlS` seconds. */
export function sessionCookieHeader(value: string, ttlS: number, secure: boolean): string {
  return `${SESSION_COOKIE_NAME}=${value}; ${attributes(secure)}; Max-Age=${ttlS}`;
}

/** The `Set-Cookie` value that removes the session cookie. */
export function clearedCookieHeader(secure: boolean): string {
  return `${SESSION_COOKIE_NAME}=; ${attributes(secure)}; Max-Age=0`;
}

function attributes(secure: boolean): string {
  return `HttpOnly; SameSite=Lax; Path=/${secure ? '; Secure' : ''}`;
}

/**
 * The bytes of canonical unpadded base64url text, or null: only `A-Z a-z 0-9 - _`, and the text
 * must be what encoding its bytes gives back (Node's decoder skips other characters and ignores
 * the unused low bits of the last one).
 */
export function decodeBase64UrlStrict(text: string): Buffer | null {
  if (!BASE64URL.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}

function mac(payload: string, secret: Buffer): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

function parsePayload(payload: string): Session | null {
  try {
    const data: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof data !== 'object' || data === null) return null;
    const { sid, name, exp } = data as Record<string, unknown>;
    if (typeof sid !== 'string' || !SESSION_ID_PATTERN.test(sid)) return null;
    if (typeof name !== 'string' || typeof exp !== 'number' || !Number.isFinite(exp)) return null;
    return { id: sid, name, exp };
  } catch {
    return null;
  }
}
