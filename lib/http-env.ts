import { z } from 'zod';
import { commaList } from './env-fields';
import { CONNECTIONS_MAX_PER_ADDRESS_DEFAULT } from './http/connection-limit';
import { RATE_LIMIT_DEFAULT_EXEMPT } from './http/ip-rate-limit';
import { parseTrustProxy, type TrustProxy } from './http/proxy-trust';
import {
  HTTP_HEADERS_TIMEOUT_DEFAULT_MS,
  REQUEST_BODY_TIMEOUT_DEFAULT_MS,
} from './http/request-timeouts';
import {
  RANGE_CONCURRENCY_MAX_DEFAULT,
  RANGE_QUEUE_MAX_DEFAULT,
  RATE_LIMIT_RANGE_PER_MIN_DEFAULT,
} from './metrics/range-route';
import { RATE_LIMIT_SERIES_PER_MIN_DEFAULT } from './metrics/series-route';

/**
 * Default SHUTDOWN_TIMEOUT_MS, in milliseconds: with SHUTDOWN_GRACE_MS (2 s) the process is gone
 * within 7 s, inside `docker stop`'s 10 s before SIGKILL.
 */
export const SHUTDOWN_TIMEOUT_DEFAULT_MS = 5000;
/** Smallest SHUTDOWN_TIMEOUT_MS accepted, in milliseconds. */
export const SHUTDOWN_TIMEOUT_MIN_MS = 100;
/** Largest SHUTDOWN_TIMEOUT_MS accepted, in milliseconds (process managers kill well before). */
export const SHUTDOWN_TIMEOUT_MAX_MS = 60_000;

/** The HTTP edge's settings: proxies, hosts, connection and rate limits, timeouts, shutdown. */
export const httpEnvSchema = z.object({
  /**
   * Which peers are trusted proxies, whose X-Forwarded-For / X-Forwarded-Proto are believed:
   * `0`/`false` none (default), `1`/`true` one hop, `N` hops, or a comma list of addresses,
   * CIDRs and `loopback`, `linklocal`, `uniquelocal`. The client is the rightmost untrusted
   * X-Forwarded-For entry (docs/security.md#client-address).
   */
  TRUST_PROXY: z
    .string()
    .default('0')
    .transform((raw, ctx): TrustProxy => {
      const parsed = parseTrustProxy(raw);
      if (typeof parsed !== 'string') return parsed;
      ctx.addIssue({ code: 'custom', message: parsed });
      return z.NEVER;
    }),
  /**
   * Host names (optionally `name:port`) the server answers besides localhost, IP addresses and
   * HOST, comma separated: the names it is reached by through a proxy or DNS. Any other Host
   * gets 403 `host_not_allowed` (the DNS-rebinding guard, docs/security.md#dns-rebinding).
   */
  ALLOWED_HOSTS: commaList,
  /**
   * Open SSE streams plus chat sockets one client address may hold at once (default 64); one
   * more gets 429 `too_many_connections`. Addresses in RATE_LIMIT_EXEMPT are not capped.
   */
  CONNECTIONS_MAX_PER_ADDRESS: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(CONNECTIONS_MAX_PER_ADDRESS_DEFAULT),
  /** `GET /api/range` requests per minute per client address (burst: the same); then 429. */
  RATE_LIMIT_RANGE_PER_MIN: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(RATE_LIMIT_RANGE_PER_MIN_DEFAULT),
  /**
   * `GET /api/series` searches plus `DELETE /api/series/<name>` deletes per minute per client
   * address (burst: the same; default 120); then 429.
   */
  RATE_LIMIT_SERIES_PER_MIN: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(RATE_LIMIT_SERIES_PER_MIN_DEFAULT),
  /** `GET /api/range` reads running at once, server-wide (default 1); SQLite runs each in a worker thread. */
  RANGE_CONCURRENCY_MAX: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(RANGE_CONCURRENCY_MAX_DEFAULT),
  /** `GET /api/range` requests waiting for a read slot (default 16); one more gets 503 `overloaded`. */
  RANGE_QUEUE_MAX: z.coerce.number().int().min(0).max(10_000).default(RANGE_QUEUE_MAX_DEFAULT),
  /** Time a client has to send the request line and headers, in milliseconds; then 408. */
  HTTP_HEADERS_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(HTTP_HEADERS_TIMEOUT_DEFAULT_MS),
  /** Time a client has to send a request body once its headers are in, in milliseconds; then 408. */
  REQUEST_BODY_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(REQUEST_BODY_TIMEOUT_DEFAULT_MS),
  /** `POST /api/metrics` requests per minute per client address (burst: the same); then 429. */
  RATE_LIMIT_INGEST_PER_MIN: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /** New SSE streams plus chat sockets per minute per client address (burst: the same); then 429. */
  RATE_LIMIT_CONNECT_PER_MIN: z.coerce.number().int().min(1).max(1_000_000).default(300),
  /**
   * Client addresses never rate limited, comma separated; default loopback (the operator's own
   * machine, and every client behind a local proxy unless TRUST_PROXY is set). Empty: none.
   */
  RATE_LIMIT_EXEMPT: z
    .string()
    .default(RATE_LIMIT_DEFAULT_EXEMPT.join(','))
    .transform((v) =>
      v
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    ),
  /**
   * Longest a graceful shutdown (SIGTERM) waits for in-flight requests and sockets to finish,
   * in milliseconds, before it answers `503 shutting_down` and cuts the rest; the process
   * exits at most 2 s (SHUTDOWN_GRACE_MS) later.
   */
  SHUTDOWN_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(SHUTDOWN_TIMEOUT_MIN_MS)
    .max(SHUTDOWN_TIMEOUT_MAX_MS)
    .default(SHUTDOWN_TIMEOUT_DEFAULT_MS),
});
