import type Database from 'better-sqlite3';
import type { RetentionKind } from '@/lib/store/retention-store';
import { ROLLUP_TABLES } from './rollup-tables';

/**
 * The delete statements of retention, prepared once. Each deletes at most `limit` rows older
 * than `cutoff` (ms since the epoch) in one IMMEDIATE transaction and returns how many it
 * deleted.
 *
 * Raw samples are deleted wherever they are in `seq` order (through the `samples_ts` index),
 * so a row that never expires (a timestamp far in the future) holds nothing back. The same
 * transaction raises the retention floor (`retention_floor`) to the highest seq it deleted:
 * `SqliteMetricStore.replay` refuses cursors below it, so a stream whose following rows were
 * deleted gets a snapshot, never a replay with a gap.
 */
export function prepareRetentionQueries(sqlite: Database.Database) {
  const deleteRaw = sqlite.prepare<{ cutoff: number; limit: number }, { seq: number }>(
    `DELETE FROM samples WHERE seq IN
       (SELECT seq FROM samples WHERE ts < :cutoff ORDER BY ts LIMIT :limit)
     RETURNING seq`,
  );
  const raiseFloor = sqlite.prepare<{ seq: number }>(
    `INSERT INTO retention_floor (id, seq) VALUES (1, :seq)
     ON CONFLICT (id) DO UPDATE SET seq = max(seq, excluded.seq)`,
  );
  const raw = sqlite.transaction((cutoff: number, limit: number): number => {
    const deleted = deleteRaw.all({ cutoff, limit });
    let highest = 0;
    for (const row of deleted) if (row.seq > highest) highest = row.seq;
    if (deleted.length > 0) raiseFloor.run({ seq: highest });
    return deleted.length;
  });
  const rollup = (table: string) =>
    sqlite.prepare<{ cutoff: number; limit: number }>(
      `DELETE FROM ${table} WHERE rowid IN
         (SELECT rowid FROM ${table} WHERE bucket_ts < :cutoff LIMIT :limit)`,
    );
  const minute = rollup(ROLLUP_TABLES['1m']);
  const hour = rollup(ROLLUP_TABLES['1h']);
  return {
    raw: (cutoff: number, limit: number) => raw.immediate(cutoff, limit),
    minute: (cutoff: number, limit: number) => minute.run({ cutoff, limit }).changes,
    hour: (cutoff: number, limit: number) => hour.run({ cutoff, limit }).changes,
  } satisfies Record<RetentionKind, (cutoff: number, limit: number) => number>;
}
