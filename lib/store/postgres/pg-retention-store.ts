import type { RetentionKind, RetentionStore } from '@/lib/store/retention-store';
import type { PgConnection } from './pg-connection';
import { ADVISORY_LOCK } from './pg-locks';

const ROLLUP_DELETE = (table: string) =>
  `DELETE FROM ${table} WHERE (series_id, bucket_ts) IN
     (SELECT series_id, bucket_ts FROM ${table} WHERE bucket_ts < $1 LIMIT $2)`;

/**
 * The PostgreSQL engine of {@link RetentionStore}: one bounded DELETE per call, in a transaction
 * that first tries `pg_try_advisory_xact_lock(retention)`: with N instances one deletes at a
 * time, the others delete nothing (0) and go on. Raw deletes raise the retention floor in the
 * same transaction (see RetentionStore).
 */
export class PgRetentionStore implements RetentionStore {
  readonly #db: PgConnection;

  constructor(db: PgConnection) {
    this.#db = db;
  }

  deleteExpired(kind: RetentionKind, cutoffMs: number, limit: number): Promise<number> {
    return this.#db.transaction('write', async (tx) => {
      const lock = await tx.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_xact_lock($1) AS locked',
        [ADVISORY_LOCK.retention],
      );
      if (!lock.rows[0]?.locked) return 0;
      if (kind === 'minute')
        return (await tx.query(ROLLUP_DELETE('samples_1m'), [cutoffMs, limit])).rowCount;
      if (kind === 'hour')
        return (await tx.query(ROLLUP_DELETE('samples_1h'), [cutoffMs, limit])).rowCount;
      const { rows } = await tx.query<{ n: number; highest: number | null }>(
        `WITH gone AS (DELETE FROM samples WHERE seq IN
           (SELECT seq FROM samples WHERE ts < $1 ORDER BY ts LIMIT $2) RETURNING seq)
         SELECT COUNT(*) AS n, MAX(seq) AS highest FROM gone`,
        [cutoffMs, limit],
      );
      const { n = 0, highest = null } = rows[0] ?? {};
      if (highest !== null) {
        await tx.query(
          `INSERT INTO retention_floor (id, seq) VALUES (1, $1)
           ON CONFLICT (id) DO UPDATE SET seq = GREATEST(retention_floor.seq, excluded.seq)`,
          [highest],
        );
      }
      return n;
    });
  }
}
