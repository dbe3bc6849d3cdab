import type { RouteSession } from '@/lib/http/route';
import { SessionEndReason } from '@/lib/protocol';

/**
 * Calls `onExpire` once when a session ends at `exp` (Unix ms): one timer per connection,
 * set at open. Returns the function that cancels it (call it when the connection closes).
 */
export function scheduleSessionEnd(
  exp: number,
  onExpire: () => void,
  now = Date.now(),
): () => void {
  const timer = setTimeout(onExpire, Math.max(0, exp - now));
  return () => clearTimeout(timer);
}

/**
 * Calls `onEnd` once, with why, when the session a connection holds ends: its expiry, or its
 * revocation (logout, every session ended) when the gate's session can tell (`watch`). Returns
 * the function that stops watching (call it when the connection closes).
 */
export function watchSessionEnd(
  session: Pick<RouteSession, 'exp' | 'watch'>,
  onEnd: (reason: string) => void,
): () => void {
  if (session.watch) return session.watch(onEnd);
  return scheduleSessionEnd(session.exp, () => onEnd(SessionEndReason.Expired));
}
