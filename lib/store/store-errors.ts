import { AppError } from '@/lib/errors';

/** Seconds a client is told to wait (`Retry-After`) after `store_busy`. */
export const STORE_BUSY_RETRY_AFTER_S = 1;
/** Seconds a client is told to wait (`Retry-After`) after `store_read_only` or `store_unavailable`. */
export const STORE_UNWRITABLE_RETRY_AFTER_S = 30;

/** What the store can still do after a failed write: `ok` means writes work. */
export type StoreState = 'ok' | 'full' | 'read_only';

/**
 * The storage conditions a failed write can meet, whatever the engine: another writer holds
 * the lock (`busy`), no room left (`full`), the database refuses writes (`read_only`), or the
 * file or server cannot be written (`unavailable`).
 */
export type StoreFailure = 'busy' | 'full' | 'read_only' | 'unavailable';

/** A storage condition recognised by an engine, with the engine's own code for it (shown in messages). */
export type RecognisedFailure = { failure: StoreFailure; engineCode: string };

/**
 * How an engine recognises its storage errors (lib/store/sqlite/sqlite-errors.ts for SQLite):
 * undefined for anything else, which stays a 500.
 */
export type StoreFailureOf = (error: unknown) => RecognisedFailure | undefined;

/**
 * The {@link AppError} a client gets for a write that met `recognised`, with a clear message;
 * `notStored` says what was lost ("the samples were not stored").
 */
export function toStoreWriteError(
  recognised: RecognisedFailure,
  notStored: string,
  cause: unknown,
): AppError {
  switch (recognised.failure) {
    case 'busy':
      return new AppError(
        'store_busy',
        `the database is busy with another writer; ${notStored}; retry shortly`,
        { cause, retryAfterS: STORE_BUSY_RETRY_AFTER_S },
      );
    case 'full':
      return new AppError('store_full', `the server's storage is full; ${notStored}`, { cause });
    case 'read_only':
      return new AppError('store_read_only', `the database is read-only; ${notStored}`, {
        cause,
        retryAfterS: STORE_UNWRITABLE_RETRY_AFTER_S,
      });
    case 'unavailable':
      return new AppError(
        'store_unavailable',
        `the database cannot be written (${recognised.engineCode}); ${notStored}`,
        { cause, retryAfterS: STORE_UNWRITABLE_RETRY_AFTER_S },
      );
  }
}

/** The store state a failed write leaves behind (busy is passing: the store stays `ok`). */
export function stateAfterFailure(error: AppError): StoreState {
  if (error.code === 'store_full') return 'full';
  if (error.code === 'store_read_only' || error.code === 'store_unavailable') return 'read_only';
  return 'ok';
}
