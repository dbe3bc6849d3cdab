import type { ServerOptions } from 'node:http';

/**
 * How long a client may take to send a request. They cover receiving the request only: a
 * response that lasts (an SSE stream) is never cut by them. See docs/limits.md.
 */

/** Default of HTTP_HEADERS_TIMEOUT_MS: time to send the request line and headers, in ms. */
export const HTTP_HEADERS_TIMEOUT_DEFAULT_MS = 10_000;
/** Default of REQUEST_BODY_TIMEOUT_MS: time to send a request body once the headers are in, in ms. */
export const REQUEST_BODY_TIMEOUT_DEFAULT_MS = 10_000;
/**
 * How often Node checks its header and request timers, in milliseconds (Node's default is
 * 30 s, which would let a slow client hold a connection up to 30 s past the timeout).
 */
export const HTTP_TIMEOUT_CHECK_INTERVAL_MS = 1000;

/**
 * Options for `createServer`: Node answers a request whose headers take longer than
 * `headersTimeoutMs` with `408` and closes it. Its whole-request timer is set to headers plus
 * body, a backstop for bodies read by Next; the ingest body has its own timer (JSON 408).
 */
export function requestTimeoutOptions(limits: {
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
}): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.headersTimeoutMs + limits.bodyTimeoutMs,
    connectionsCheckingInterval: Math.min(HTTP_TIMEOUT_CHECK_INTERVAL_MS, limits.headersTimeoutMs),
  };
}
