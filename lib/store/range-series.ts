import type { RangeSeries } from '@/lib/protocol';

/** A series listed by a range read. */
export type RangeSeriesRow = { id: number; name: string; unit: string | null };
/** A raw sample of a range read. */
export type RangeRawRow = { seriesId: number; ts: number; value: number };
/** A rollup bucket of a range read. */
export type RangeRollupRow = {
  seriesId: number;
  ts: number;
  min: number;
  max: number;
  sum: number;
  count: number;
};

/**
 * The `series` of a `GET /api/range` answer from what an engine read (engine-neutral): every
 * listed series, with empty points when it has none; raw rows as `[ts, value]`, or rollup
 * buckets as `[bucketStart, avg]` with a `[min, max]` band. Rows come newest first (a capped
 * read keeps the newest) and are walked backwards.
 */
export function buildRangeSeries(
  listed: readonly RangeSeriesRow[],
  raw: readonly RangeRawRow[] | undefined,
  rollup: readonly RangeRollupRow[] | undefined,
): RangeSeries[] {
  const byId = new Map<number, RangeSeries>();
  const series: RangeSeries[] = [];
  for (const row of listed) {
    const item: RangeSeries =
      row.unit === null
        ? { name: row.name, points: [] }
        : { name: row.name, unit: row.unit, points: [] };
    if (rollup) item.band = [];
    byId.set(row.id, item);
    series.push(item);
  }
  if (raw) {
    for (let i = raw.length - 1; i >= 0; i--) {
      const r = raw[i] as RangeRawRow;
      byId.get(r.seriesId)?.points.push([r.ts, r.value]);
    }
  }
  if (rollup) {
    for (let i = rollup.length - 1; i >= 0; i--) {
      const r = rollup[i] as RangeRollupRow;
      const item = byId.get(r.seriesId);
      item?.points.push([r.ts, r.sum / r.count]);
      item?.band?.push([r.min, r.max]);
    }
  }
  return series;
}
