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
