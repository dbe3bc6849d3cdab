import { AppError } from '@/lib/errors';

/** Seconds a client is told to wait (`Retry-After`) after `store_busy`. */
export const STORE_BUSY_RETRY_AFTER_S = 1;
/** Seconds a client is told to wait (`Retry-After`) after `store_read_only` or `store_unavailable`. */
export const STORE_UNWRITABLE_RETRY_AFTER_S = 30;

/** What the store can still do after a failed write: `ok` means writes work. */
export type StoreState = 'ok' | 'full' | 'read_only';

/**
 * Maps a SQLite error thrown by a write to an {@link AppError} with a clear message, or returns
 * undefined when `error` is not one of the storage conditions (a bug stays a 500).
 * `notStored` says what was lost ("the samples were not stored").
 */
export function toStoreWriteError(error: unknown, notStored: string): AppError | undefined {
  const code = sqliteCodeOf(error);
  if (code === undefined) return undefined;
  const cause = { cause: error };
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new AppError(
      'store_busy',
      `the database is busy with another writer; ${notStored}; retry shortly`,
      { ...cause, retryAfterS: STORE_BUSY_RETRY_AFTER_S },
    );
  }
  if (code === 'SQLITE_FULL') {
    return new AppError('store_full', `the server's storage is full; ${notStored}`, cause);
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new AppError('store_read_only', `the database is read-only; ${notStored}`, {
      ...cause,
      retryAfterS: STORE_UNWRITABLE_RETRY_AFTER_S,
    });
  }
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) {
    return new AppError(
      'store_unavailable',
      `the database file cannot be written (${code}); ${notStored}`,
      { ...cause, retryAfterS: STORE_UNWRITABLE_RETRY_AFTER_S },
    );
  }
  return undefined;
}

/** The store state a failed write leaves behind (busy is passing: the store stays `ok`). */
export function stateAfterFailure(error: AppError): StoreState {
  if (error.code === 'store_full') return 'full';
  if (error.code === 'store_read_only' || error.code === 'store_unavailable') return 'read_only';
  return 'ok';
}

/** The extended result code of a better-sqlite3 `SqliteError` (`SQLITE_FULL`, ...). */
function sqliteCodeOf(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}
