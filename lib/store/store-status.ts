import { errorFields, log } from '@/lib/logger';
import {
  type StoreFailureOf,
  type StoreState,
  stateAfterFailure,
  toStoreWriteError,
} from './store-errors';

/**
 * Whether the database takes writes, as learned from the last write: shared by every store of
 * an engine, read by `/api/health`. Reads never change it; the next successful write clears it.
 */
export class StoreStatus {
  readonly #failureOf: StoreFailureOf;
  #state: StoreState = 'ok';
  /** Writes refused because of the storage (full, read-only, busy, I/O error). */
  failedWrites = 0;

  /** `failureOf` recognises the engine's storage errors (SQLite: `sqliteFailureOf`). */
  constructor(failureOf: StoreFailureOf) {
    this.#failureOf = failureOf;
  }

  get state(): StoreState {
    return this.#state;
  }

  /** Runs a write; maps a storage failure to a clear AppError and records the state. */
  async write<T>(notStored: string, run: () => Promise<T>): Promise<T> {
    try {
      const result = await run();
      if (this.#state !== 'ok') log.info('store writable again', { was: this.#state });
      this.#state = 'ok';
      return result;
    } catch (error) {
      const recognised = this.#failureOf(error);
      if (!recognised) throw error;
      const mapped = toStoreWriteError(recognised, notStored, error);
      this.failedWrites++;
      const next = stateAfterFailure(mapped);
      if (next !== this.#state)
        log.warn('store write failed', { state: next, ...errorFields(error) });
      this.#state = next;
      throw mapped;
    }
  }
}
