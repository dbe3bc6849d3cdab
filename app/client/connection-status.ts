/**
 * What a channel indicator shows:
 * - `live`: connected and receiving (stream open, or chat welcomed);
 * - `reconnecting`: not connected yet or lost, and a retry is scheduled or under way;
 * - `paused`: closed on purpose because every tab of the page is hidden (see tab sharing in
 *   the README); it reopens from the cursor when a tab is visible again;
 * - `offline`: the browser reports no network, or OFFLINE_AFTER_FAILURES attempts in a row
 *   failed. Retries continue (at the maximum backoff) and a browser `online` event retries at once.
 */
export type ConnectionStatus = 'live' | 'reconnecting' | 'paused' | 'offline';

/** Consecutive failed connection attempts after which a channel is shown as offline. */
export const OFFLINE_AFTER_FAILURES = 5;

/** The status to show while not connected, after `failures` consecutive failed attempts. */
export function disconnectedStatus(failures: number, browserOnline: boolean): ConnectionStatus {
  if (!browserOnline || failures >= OFFLINE_AFTER_FAILURES) return 'offline';
  return 'reconnecting';
}
