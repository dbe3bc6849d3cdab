/**
 * How clients come back after a server shutdown (SSE `event: shutdown`, chat close 1001):
 * each waits its own random delay in [SHUTDOWN_RETRY_MIN_MS, SHUTDOWN_RETRY_MIN_MS +
 * SHUTDOWN_RETRY_JITTER_MS), so a restart with thousands of clients is not a stampede.
 */

/** Shortest wait before reconnecting after a shutdown, in milliseconds. */
export const SHUTDOWN_RETRY_MIN_MS = 1000;
/** Width of the uniform random spread added to SHUTDOWN_RETRY_MIN_MS, in milliseconds. */
export const SHUTDOWN_RETRY_JITTER_MS = 4000;

/**
 * A jittered reconnect delay after a shutdown, in whole milliseconds, in
 * [SHUTDOWN_RETRY_MIN_MS, SHUTDOWN_RETRY_MIN_MS + SHUTDOWN_RETRY_JITTER_MS).
 * `random` returns a number in [0, 1) (Math.random by default).
 */
export function shutdownRetryMs(random: () => number = Math.random): number {
  return SHUTDOWN_RETRY_MIN_MS + Math.floor(random() * SHUTDOWN_RETRY_JITTER_MS);
}
