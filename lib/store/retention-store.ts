/** Kinds of rows retention deletes: raw samples, minute rollups, hour rollups. */
export type RetentionKind = 'raw' | 'minute' | 'hour';
export const RETENTION_KINDS: readonly RetentionKind[] = ['raw', 'minute', 'hour'];

/**
 * What the retention sweeper (lib/store/retention-sweeper.ts) needs of an engine: one bounded
 * delete at a time, so the sweeper can spread the work and keep its time budget.
 */
export interface RetentionStore {
  /**
   * Deletes at most `limit` rows of `kind` older than `cutoffMs` (ms since the epoch; a row's
   * sample time, or a rollup's bucket start) and resolves with how many it deleted.
   *
   * Expired raw samples are deleted wherever they are in `seq` order, so no row (not even one
   * with a timestamp far in the future) can hold retention back. The engine records the
   * highest `seq` it ever deleted this way (the retention floor, kept in the database), and
   * `MetricStore.replay` refuses a cursor below it: a stream whose following rows are gone
   * gets a snapshot, never a replay with a gap.
   */
  deleteExpired(kind: RetentionKind, cutoffMs: number, limit: number): Promise<number>;
}
