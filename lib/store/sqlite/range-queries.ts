import type Database from 'better-sqlite3';
import {
  bucketStart,
  type RangeResolution,
  type RangeSeries,
  ROLLUP_BUCKET_MS,
} from '@/lib/protocol';
import { RANGE_MAX_ROWS, type RangeRequest } from '@/lib/store/metric-store';
import { buildRangeSeries } from '@/lib/store/range-series';
import { ROLLUP_TABLES } from './rollup-tables';

type RawRow = { seriesId: number; ts: number; value: number };
type RollupRow = {
  seriesId: number;
  ts: number;
  min: number;
  max: number;
  sum: number;
  count: number;
};
type SeriesRow = { id: number; name: string; unit: string | null };

// `:ids` is a JSON array of series ids or NULL for every series (an IN list cannot be bound).
const SERIES_FILTER = '(:ids IS NULL OR series_id IN (SELECT value FROM json_each(:ids)))';

/**
 * Prepared statements of `GET /api/range`, built once per connection (the server's, or a range
 * worker's read-only one: see ./range-worker.ts).
 */
export function prepareRangeQueries(c: Database.Database) {
  const rollup = (table: string) =>
    c.prepare<{ from: number; to: number; ids: string | null; limit: number }, RollupRow>(
      `SELECT series_id AS seriesId, bucket_ts AS ts, min, max, sum, count FROM ${table}
       WHERE bucket_ts >= :from AND bucket_ts <= :to AND ${SERIES_FILTER}
       ORDER BY bucket_ts DESC LIMIT :limit`,
    );
  return {
    raw: c.prepare<{ from: number; to: number; ids: string | null; limit: number }, RawRow>(
      `SELECT series_id AS seriesId, ts, value FROM samples
       WHERE ts >= :from AND ts <= :to AND ${SERIES_FILTER}
       ORDER BY ts DESC LIMIT :limit`,
    ),
    '1m': rollup(ROLLUP_TABLES['1m']),
    '1h': rollup(ROLLUP_TABLES['1h']),
    series: c.prepare<[], SeriesRow>('SELECT id, name, unit FROM series ORDER BY name'),
    lastSeq: c.prepare<[], { seq: number }>(
      "SELECT seq FROM sqlite_sequence WHERE name = 'samples'",
    ),
  };
}

export type RangeQueries = ReturnType<typeof prepareRangeQueries>;

/** A range read as objects: `seq` and the answer's `series`. */
export type RangeSeriesRead = { seq: number; series: RangeSeries[] };

/**
 * Reads a range in one read transaction, so the answer is exact at the `seq` it reports: raw
 * samples with `from <= ts <= to`, or the rollup buckets whose start lies in
 * [bucket of `from`, `to`] as `[bucketStart, avg]` points with a `[min, max]` band.
 * Every series (or the wanted ones that exist) is listed, with empty points when it has none.
 */
export function readRangeSeries(
  sqlite: Database.Database,
  q: RangeQueries,
  request: RangeRequest,
  resolution: RangeResolution,
): RangeSeriesRead {
  const read = sqlite.transaction(() => {
    const all = q.series.all();
    const wanted = request.series ? new Set(request.series) : undefined;
    const listed = wanted ? all.filter((s) => wanted.has(s.name)) : all;
    const ids = wanted ? JSON.stringify(listed.map((s) => s.id)) : null;
    const seq = q.lastSeq.get()?.seq ?? 0;
    if (resolution === 'raw') {
      const rows = q.raw.all({ from: request.from, to: request.to, ids, limit: RANGE_MAX_ROWS });
      return { listed, seq, raw: rows, rollup: undefined };
    }
    const from = bucketStart(request.from, ROLLUP_BUCKET_MS[resolution]);
    const rows = q[resolution].all({ from, to: request.to, ids, limit: RANGE_MAX_ROWS });
    return { listed, seq, raw: undefined, rollup: rows };
  });
  const { listed, seq, raw, rollup } = read.deferred();
  return { seq, series: buildRangeSeries(listed, raw, rollup) };
}
