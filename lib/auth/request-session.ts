import { normaliseChatName } from '@/lib/protocol';
import type { AuthConfig } from './auth-config';
import { readSessionCookie, type Session, verifySession } from './session-cookie';

/**
 * The session of a request's `Cookie` header, or null: the cookie must be signed with the
 * current key, not expired, and name a user who still exists (AUTH_USERS) or a valid chat name.
 */
export function sessionFromCookie(
  config: AuthConfig,
  cookieHeader: string | null | undefined,
  now = Date.now(),
): Session | null {
  const value = readSessionCookie(cookieHeader);
  if (value === undefined) return null;
  const session = verifySession(value, config.secret, now);
  if (!session) return null;
  if (config.mode === 'users') {
    return config.users.some((u) => u.name === session.name) ? session : null;
  }
  return normaliseChatName(session.name) === session.name ? session : null;
}
