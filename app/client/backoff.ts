import { CloseCode, shutdownRetryMs } from '@/lib/protocol';

/** First reconnect delay ceiling, in milliseconds (doubled after each consecutive failure). */
export const RECONNECT_BASE_DELAY_MS = 500;
/** Largest reconnect delay ceiling, in milliseconds. */
export const RECONNECT_MAX_DELAY_MS = 10_000;

/**
 * Delay before reconnect attempt number `attempt` (0 for the first after a drop), with
 * "full jitter": a uniform random delay between 0 and `min(maxMs, baseMs * 2^attempt)`, so a
 * crowd of clients dropped together by a restart does not come back in one burst.
 * `random` returns a number in [0, 1) (Math.random by default).
 */
export function backoffDelayMs(
  attempt: number,
  random: () => number = Math.random,
  baseMs: number = RECONNECT_BASE_DELAY_MS,
  maxMs: number = RECONNECT_MAX_DELAY_MS,
): number {
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), 30);
  const ceiling = Math.min(maxMs, baseMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}

/**
 * The delay a chat client waits after its socket closed with `code`, in milliseconds, or
 * undefined for the ordinary backoff: after 1001 (server restarting) a jittered
 * shutdownRetryMs() so that every client does not come back at once; after 1008 (flooding)
 * RECONNECT_MAX_DELAY_MS.
 */
export function chatReconnectDelayMs(
  code: number,
  random: () => number = Math.random,
): number | undefined {
  if (code === CloseCode.GoingAway) return shutdownRetryMs(random);
  if (code === CloseCode.PolicyViolation) return RECONNECT_MAX_DELAY_MS;
  return undefined;
}
