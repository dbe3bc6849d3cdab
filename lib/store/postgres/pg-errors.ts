import type { RecognisedFailure, StoreFailure } from '@/lib/store/store-errors';

/**
 * SQLSTATEs of a failed write and the store condition each is (issue 12): `53100` disk_full is
 * `full`; `25006` read_only_sql_transaction (a standby, or default_transaction_read_only) is
 * `read_only`; `55P03` lock_not_available (lock_timeout), `40001` serialization_failure,
 * `40P01` deadlock_detected and `53300` too_many_connections pass: `busy`; `57P01`
 * admin_shutdown, `57P02` crash_shutdown and `57P03` cannot_connect_now mean the server is
 * going or not there yet: `unavailable`, as is all of class `08` (connection exceptions).
 */
export const SQLSTATE_FAILURES: Readonly<Record<string, StoreFailure>> = {
  '53100': 'full',
  '25006': 'read_only',
  '55P03': 'busy',
  '40001': 'busy',
  '40P01': 'busy',
  '53300': 'busy',
  '57P01': 'unavailable',
  '57P02': 'unavailable',
  '57P03': 'unavailable',
};

/** Node's socket errors when PostgreSQL cannot be reached or the connection broke. */
const SOCKET_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * node-postgres' own errors, which carry no code: the server closed the connection, or no
 * pooled connection could be had in time (PG_CONNECT_TIMEOUT_MS).
 */
const DRIVER_MESSAGES: readonly [RegExp, string][] = [
  [/^Connection terminated/, 'connection-terminated'],
  [/^timeout exceeded when trying to connect/, 'connect-timeout'],
  [/^Client has encountered a connection error/, 'connection-error'],
  [/^Cannot use a pool after calling end/, 'pool-ended'],
];

/**
 * Recognises a failed write of the PostgreSQL engine (the `StoreFailureOf` of
 * lib/store/store-errors.ts): by SQLSTATE ({@link SQLSTATE_FAILURES}, class 08), or as a broken
 * or refused connection (`unavailable`). Anything else (a constraint, a bug) is undefined and
 * stays a 500. `engineCode` is the SQLSTATE, the socket error's code, or the driver's condition.
 */
export function postgresFailureOf(error: unknown): RecognisedFailure | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    const failure = SQLSTATE_FAILURES[code];
    if (failure) return { failure, engineCode: `SQLSTATE ${code}` };
    if (/^08[0-9A-Z]{3}$/.test(code)) {
      return { failure: 'unavailable', engineCode: `SQLSTATE ${code}` };
    }
    if (SOCKET_ERROR_CODES.has(code)) return { failure: 'unavailable', engineCode: code };
    return undefined;
  }
  for (const [pattern, condition] of DRIVER_MESSAGES) {
    if (pattern.test(error.message)) return { failure: 'unavailable', engineCode: condition };
  }
  return undefined;
}

/** SQLSTATE 23503, foreign_key_violation: a sample for a series another handle deleted. */
export function isForeignKeyFailure(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === '23503';
}
