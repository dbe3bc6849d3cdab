import type { SeriesDeletion } from '@/lib/store/metric-store';
import { announceChange } from './pg-change-listener';
import type { PgConnection } from './pg-connection';
import { ADVISORY_LOCK } from './pg-locks';

/**
 * Rows one delete transaction of a series removes (samples, then each rollup table), as on
 * SQLite (SERIES_DELETE_BATCH_ROWS there): other writers and readers go on between batches.
 */
export const PG_SERIES_DELETE_BATCH_ROWS = 5000;

/** Runs one write (the caller maps storage failures: StoreStatus.write). */
export type PgWriteStep = <T>(run: () => Promise<T>) => Promise<T>;

const BATCHES = [
  'DELETE FROM samples WHERE seq IN (SELECT seq FROM samples WHERE series_id = $1 LIMIT $2)',
  `DELETE FROM samples_1m WHERE series_id = $1 AND bucket_ts IN
     (SELECT bucket_ts FROM samples_1m WHERE series_id = $1 LIMIT $2)`,
  `DELETE FROM samples_1h WHERE series_id = $1 AND bucket_ts IN
     (SELECT bucket_ts FROM samples_1h WHERE series_id = $1 LIMIT $2)`,
];

/**
 * Deletes series `id` in batches of `batchRows` (samples, then minute and hour rollups, each
 * batch a transaction of its own), then in one last transaction under the samples lock: what
 * was pushed to it meanwhile, the series row (the cascade takes the rest) and the deletion
 * record at the highest seq assigned (`samples_seq`). Undefined when the series row is already
 * gone (deleted by another handle or instance meanwhile).
 */
export async function deletePgSeriesInBatches(
  db: PgConnection,
  write: PgWriteStep,
  target: { id: number; name: string },
  batchRows = PG_SERIES_DELETE_BATCH_ROWS,
): Promise<SeriesDeletion | undefined> {
  let samples = 0;
  for (const [index, statement] of BATCHES.entries()) {
    for (;;) {
      const { rowCount } = await write(() => db.query(statement, [target.id, batchRows]));
      if (index === 0) samples += rowCount;
      if (rowCount < batchRows) break;
    }
  }
  return write(() =>
    db.transaction('write', async (tx): Promise<SeriesDeletion | undefined> => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCK.samples]);
      const late = await tx.query<{ n: number }>(
        'SELECT COUNT(*) AS n FROM samples WHERE series_id = $1',
        [target.id],
      );
      const gone = await tx.query('DELETE FROM series WHERE id = $1', [target.id]);
      if (gone.rowCount === 0) return undefined;
      const { rows } = await tx.query<{ id: number; seq: number }>(
        `INSERT INTO series_deletions (name, seq, deleted_at)
         SELECT $1, seq, $2 FROM samples_seq WHERE id = 1 RETURNING id, seq`,
        [target.name, Date.now()],
      );
      await announceChange(tx, `d:${rows[0]?.id}`);
      return { samples: samples + (late.rows[0]?.n ?? 0), seq: rows[0]?.seq ?? 0 };
    }),
  );
}
