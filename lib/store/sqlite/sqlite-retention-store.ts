import type Database from 'better-sqlite3';
import type { RetentionKind, RetentionStore } from '@/lib/store/retention-store';
import { prepareRetentionQueries } from './retention-queries';

/** The SQLite engine of {@link RetentionStore}: one bounded DELETE per call. */
export class SqliteRetentionStore implements RetentionStore {
  readonly #queries: ReturnType<typeof prepareRetentionQueries>;

  constructor(sqlite: Database.Database) {
    this.#queries = prepareRetentionQueries(sqlite);
  }

  async deleteExpired(kind: RetentionKind, cutoffMs: number, limit: number): Promise<number> {
    return this.#queries[kind](cutoffMs, limit);
  }
}
