import { bucketStart, type RangeResolution, ROLLUP_BUCKET_MS } from '@/lib/protocol';
import { RANGE_MAX_ROWS, type RangeRead, type RangeRequest } from '@/lib/store/metric-store';
import { encodeRangeSeries } from '@/lib/store/range-json';
import {
  buildRangeSeries,
  type RangeRawRow,
  type RangeRollupRow,
  type RangeSeriesRow,
} from '@/lib/store/range-series';
import type { PgConnection } from './pg-connection';

/** The rollup table of each resolution. */
const ROLLUP_TABLE = { '1m': 'samples_1m', '1h': 'samples_1h' } as const;

/**
 * `GET /api/range` in one REPEATABLE READ transaction, so the answer is exact at the seq it
 * reports (`samples_seq` read in the same snapshot). Rows are parsed and serialised on the event
 * loop: unlike the SQLite engine there is no worker pool yet (node-postgres already parses rows
 * on the loop); RANGE_MAX_ROWS bounds the work.
 */
export async function readPgRange(
  db: PgConnection,
  request: RangeRequest,
  resolution: RangeResolution,
): Promise<RangeRead> {
  const read = await db.transaction('snapshot', async (tx) => {
    const all = await tx.query<RangeSeriesRow>(
      'SELECT id, name, unit FROM series ORDER BY name COLLATE "C"',
    );
    const wanted = request.series ? new Set(request.series) : undefined;
    const listed = wanted ? all.rows.filter((s) => wanted.has(s.name)) : all.rows;
    const ids = wanted ? listed.map((s) => s.id) : null;
    const seqRow = await tx.query<{ seq: number }>('SELECT seq FROM samples_seq WHERE id = 1');
    const seq = seqRow.rows[0]?.seq ?? 0;
    const filter = '($3::bigint[] IS NULL OR series_id = ANY($3::bigint[]))';
    if (resolution === 'raw') {
      const rows = await tx.query<RangeRawRow>(
        `SELECT series_id AS "seriesId", ts, value FROM samples
         WHERE ts >= $1 AND ts <= $2 AND ${filter} ORDER BY ts DESC LIMIT $4`,
        [request.from, request.to, ids, RANGE_MAX_ROWS],
      );
      return { listed, seq, raw: rows.rows, rollup: undefined };
    }
    const from = bucketStart(request.from, ROLLUP_BUCKET_MS[resolution]);
    const rows = await tx.query<RangeRollupRow>(
      `SELECT series_id AS "seriesId", bucket_ts AS ts, min, max, sum, count
       FROM ${ROLLUP_TABLE[resolution]}
       WHERE bucket_ts >= $1 AND bucket_ts <= $2 AND ${filter} ORDER BY bucket_ts DESC LIMIT $4`,
      [from, request.to, ids, RANGE_MAX_ROWS],
    );
    return { listed, seq, raw: undefined, rollup: rows.rows };
  });
  const series = buildRangeSeries(read.listed, read.raw, read.rollup);
  return { seq: read.seq, seriesJson: encodeRangeSeries(series) };
}
