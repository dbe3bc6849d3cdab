import { errorFields, log } from '@/lib/logger';
import { type StoreState, stateAfterFailure, toStoreWriteError } from './store-errors';

/**
 * Whether the database takes writes, as learned from the last write: shared by the metric and
 * chat stores, read by `/api/health`. Reads never change it; the next successful write clears it.
 */
export class StoreStatus {
  #state: StoreState = 'ok';
  /** Writes refused because of the storage (full, read-only, busy, I/O error). */
  failedWrites = 0;

  get state(): StoreState {
    return this.#state;
  }

  /** Runs a write; maps a storage failure to a clear AppError and records the state. */
  write<T>(notStored: string, run: () => T): T {
    try {
      const result = run();
      if (this.#state !== 'ok') log.info('store writable again', { was: this.#state });
      this.#state = 'ok';
      return result;
    } catch (error) {
      const mapped = toStoreWriteError(error, notStored);
      if (!mapped) throw error;
      this.failedWrites++;
      const next = stateAfterFailure(mapped);
      if (next !== this.#state)
        log.warn('store write failed', { state: next, ...errorFields(error) });
      this.#state = next;
      throw mapped;
    }
  }
}
