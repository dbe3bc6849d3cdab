import type { Point, SnapshotSeries } from '@/lib/protocol';
import type { SnapshotQuery, SnapshotRead } from '@/lib/store/metric-store';
import { byRecency, snapshotPointsLevel } from '@/lib/store/snapshot-bounds';
import type { PgConnection, SqlRunner } from './pg-connection';

type Chosen = { id: number; name: string; unit: string | null; lastTs: number | null };

/**
 * A bounded snapshot in one REPEATABLE READ transaction (exact at `query.upToSeq`), as the
 * SQLite engine reads it, in three statements whatever the number of series: the `maxSeries`
 * series with the newest samples (series_last_ts index), the count of each one's points in the
 * window (each capped at `maxPointsPerSeries + 1`), then the newest points of each up to the
 * common level (snapshotPointsLevel, shared by every engine).
 */
export function readPgSnapshot(db: PgConnection, query: SnapshotQuery): Promise<SnapshotRead> {
  return db.transaction('snapshot', async (tx) => {
    const { chosen, omittedSeries } = await chooseSeries(tx, query);
    const ids = chosen.map((s) => s.id);
    const counted = await tx.query<{ id: number; n: number }>(
      `SELECT c.id, (SELECT COUNT(*) FROM (SELECT 1 FROM samples
          WHERE series_id = c.id AND ts >= $2 AND seq <= $3 LIMIT $4) AS p) AS n
       FROM unnest($1::bigint[]) AS c(id)`,
      [ids, query.sinceTs, query.upToSeq, query.maxPointsPerSeries + 1],
    );
    const countOf = new Map(counted.rows.map((r) => [r.id, r.n]));
    const counts = chosen.map((s) => countOf.get(s.id) ?? 0);
    const level = snapshotPointsLevel(counts, query.maxPointsPerSeries, query.maxPoints);
    const keeps = counts.map((count) => Math.min(count, level));
    const points = await tx.query<{ id: number; ts: number; value: number }>(
      `SELECT c.id, p.ts, p.value
       FROM unnest($1::bigint[], $2::bigint[]) AS c(id, keep)
       CROSS JOIN LATERAL (SELECT ts, value, seq FROM samples
         WHERE series_id = c.id AND ts >= $3 AND seq <= $4
         ORDER BY ts DESC, seq DESC LIMIT c.keep) AS p
       WHERE c.keep > 0`,
      [ids, keeps, query.sinceTs, query.upToSeq],
    );
    const pointsOf = new Map<number, Point[]>();
    for (const row of points.rows) {
      const list = pointsOf.get(row.id) ?? [];
      list.push([row.ts, row.value]);
      pointsOf.set(row.id, list);
    }
    const series = chosen.map((s, i): SnapshotSeries => {
      // Newest first as read; a snapshot lists them oldest first.
      const list = (pointsOf.get(s.id) ?? []).reverse();
      const item: SnapshotSeries =
        s.unit === null
          ? { name: s.name, points: list }
          : { name: s.name, unit: s.unit, points: list };
      if ((counts[i] as number) > (keeps[i] as number)) item.truncated = true;
      return item;
    });
    series.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { series, omittedSeries };
  });
}

async function chooseSeries(
  tx: SqlRunner,
  query: SnapshotQuery,
): Promise<{ chosen: Chosen[]; omittedSeries: number }> {
  const columns = 'id, name, unit, last_ts AS "lastTs"';
  if (!query.series) {
    const { rows } = await tx.query<Chosen>(
      `SELECT ${columns} FROM series ORDER BY last_ts DESC NULLS LAST, id DESC LIMIT $1`,
      [query.maxSeries],
    );
    const total = await tx.query<{ n: number }>('SELECT COUNT(*) AS n FROM series');
    return { chosen: rows, omittedSeries: (total.rows[0]?.n ?? 0) - rows.length };
  }
  const { rows } = await tx.query<Chosen>(
    `SELECT ${columns} FROM series WHERE name = ANY($1::text[])`,
    [query.series],
  );
  rows.sort((a, b) =>
    byRecency({ lastTs: a.lastTs, order: a.id }, { lastTs: b.lastTs, order: b.id }),
  );
  const chosen = rows.slice(0, query.maxSeries);
  return { chosen, omittedSeries: rows.length - chosen.length };
}
