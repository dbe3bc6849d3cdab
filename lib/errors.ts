/** The closed set of HTTP API error codes. */
export type ErrorCode =
  | 'bad_request'
  | 'invalid_json'
  | 'validation_failed'
  | 'bad_timestamp'
  | 'unauthorized'
  | 'forbidden'
  | 'host_not_allowed'
  | 'not_found'
  | 'conflict'
  | 'series_limit'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'request_timeout'
  | 'rate_limited'
  | 'too_many_connections'
  | 'unavailable'
  | 'overloaded'
  | 'store_busy'
  | 'store_full'
  | 'store_read_only'
  | 'store_unavailable'
  | 'shutting_down'
  | 'internal_error';

/** HTTP status of each error code. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 400,
  /** A sample's `ts` lies outside the accepted window (INGEST_MAX_FUTURE_MS, RETENTION_RAW_HOURS). */
  bad_timestamp: 400,
  unauthorized: 401,
  forbidden: 403,
  /** The request's Host is not a name this server answers (DNS rebinding; ALLOWED_HOSTS). */
  host_not_allowed: 403,
  not_found: 404,
  /** The write was based on a version that is no longer current (PUT /api/layout). */
  conflict: 409,
  /**
   * An ingest request would create a series past SERIES_MAX: it conflicts with the server's
   * state (how many series it holds), not with anything in the request itself, and the same
   * request succeeds once series are deleted or the cap is raised (docs/protocol.md).
   */
  series_limit: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  request_timeout: 408,
  rate_limited: 429,
  /** The client address has CONNECTIONS_MAX_PER_ADDRESS streams and chat sockets open. */
  too_many_connections: 429,
  unavailable: 503,
  /** Too many requests of this kind are in flight server-wide (RANGE_CONCURRENCY_MAX); retry. */
  overloaded: 503,
  /** Another writer held the lock past the engine's wait (SQLite: busy timeout). */
  store_busy: 503,
  /** The disk, or DATABASE_MAX_BYTES, is full (507 Insufficient Storage). */
  store_full: 507,
  /** The database is read-only. */
  store_read_only: 503,
  /** The database is there but cannot be written (an I/O error, or it went away). */
  store_unavailable: 503,
  shutting_down: 503,
  internal_error: 500,
};

/** Marks an AppError of any module copy (the route bundles and server.ts load separate ones). */
const APP_ERROR_BRAND = Symbol.for('pulseboard.AppError');

/** An error safe to show to the client: its code and message become the response body. */
export class AppError extends Error {
  /**
   * `instanceof AppError` holds for an AppError made by another copy of this module, e.g. one the
   * store (created by server.ts) throws into a route handler.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && APP_ERROR_BRAND in value;
  }

  readonly [APP_ERROR_BRAND] = true;
  readonly code: ErrorCode;
  readonly status: number;
  /** Seconds the client should wait before retrying (the `Retry-After` header), if any. */
  readonly retryAfterS: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options?: { cause?: unknown; retryAfterS?: number },
  ) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.retryAfterS = options?.retryAfterS;
  }
}

export type ErrorBody = { error: { code: ErrorCode; message: string } };

export type ErrorAnswer = {
  status: number;
  body: ErrorBody;
  known: boolean;
  /** Present when the answer carries a `Retry-After` header, in seconds. */
  retryAfterS?: number;
};

/** Maps any thrown value to a status and body; unknown errors become a generic 500. */
export function toErrorBody(error: unknown): ErrorAnswer {
  if (error instanceof AppError) {
    const answer: ErrorAnswer = {
      status: error.status,
      body: { error: { code: error.code, message: error.message } },
      known: true,
    };
    if (error.retryAfterS !== undefined) answer.retryAfterS = error.retryAfterS;
    return answer;
  }
  return {
    status: 500,
    body: { error: { code: 'internal_error', message: 'Internal server error' } },
    known: false,
  };
}

/** Counts errors by code: `pulseboard_errors_total{channel}` for HTTP answers and chat frames. */
export class ErrorTally {
  readonly counts: Record<string, number> = {};

  count(code: string): void {
    this.counts[code] = (this.counts[code] ?? 0) + 1;
  }
}
