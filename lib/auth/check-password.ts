import { createHash, timingSafeEqual } from 'node:crypto';
import { normaliseChatName } from '@/lib/protocol';
import type { AuthConfig } from './auth-config';

/** Compares two secrets in constant time (their SHA-256 digests, so lengths never leak). */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/**
 * The session name for these credentials, or null when they are wrong. With AUTH_USERS the
 * name must be a user's and the password that user's; with AUTH_PASSWORD the name is any valid
 * chat name. A password is always compared, even for an unknown user, so timing says nothing.
 */
export function checkCredentials(
  config: AuthConfig,
  rawName: string,
  password: string,
): string | null {
  const name = normaliseChatName(rawName);
  if (config.mode === 'password') {
    const ok = secretsEqual(password, config.password ?? '');
    return ok && name !== null ? name : null;
  }
  const user = config.users.find((u) => u.name === name);
  const ok = secretsEqual(password, user?.password ?? UNKNOWN_USER_PASSWORD);
  return ok && user ? user.name : null;
}

/** Compared against for an unknown user name; no real password matches it by design. */
const UNKNOWN_USER_PASSWORD = '\u0000unknown-user\u0000';
