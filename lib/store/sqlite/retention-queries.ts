import type Database from 'better-sqlite3';

/** Kinds of rows retention deletes: raw samples, minute rollups, hour rollups. */
export type RetentionKind = 'raw' | 'minute' | 'hour';
export const RETENTION_KINDS: readonly RetentionKind[] = ['raw', 'minute', 'hour'];

/**
 * The delete statements of the retention sweeper, prepared once. Each deletes at most `limit`
 * rows older than `cutoff` (ms since the epoch) and returns how many it deleted.
 *
 * Raw samples are deleted as a prefix in `seq` order only (from the oldest seq up to the first
 * row that is still young), never from the middle: the stream's resume check (`firstSeq`, see
 * lib/stream/stream-start.ts) relies on "every row after the oldest kept seq is still there", so
 * a cursor whose following rows were deleted always gets a snapshot, never a replay with a gap.
 */
export function prepareRetentionQueries(sqlite: Database.Database) {
  const head = sqlite.prepare<{ limit: number }, { seq: number; ts: number }>(
    'SELECT seq, ts FROM samples ORDER BY seq LIMIT :limit',
  );
  const deleteRawUpTo = sqlite.prepare<{ upTo: number }>('DELETE FROM samples WHERE seq <= :upTo');
  const rollup = (table: string) =>
    sqlite.prepare<{ cutoff: number; limit: number }>(
      `DELETE FROM ${table} WHERE rowid IN
         (SELECT rowid FROM ${table} WHERE bucket_ts < :cutoff LIMIT :limit)`,
    );
  const minute = rollup('samples_1m');
  const hour = rollup('samples_1h');
  return {
    raw(cutoff: number, limit: number): number {
      let upTo: number | undefined;
      for (const row of head.all({ limit })) {
        if (row.ts >= cutoff) break;
        upTo = row.seq;
      }
      return upTo === undefined ? 0 : deleteRawUpTo.run({ upTo }).changes;
    },
    minute: (cutoff: number, limit: number) => minute.run({ cutoff, limit }).changes,
    hour: (cutoff: number, limit: number) => hour.run({ cutoff, limit }).changes,
  } satisfies Record<RetentionKind, (cutoff: number, limit: number) => number>;
}
