import type Database from 'better-sqlite3';
import type { Point, SnapshotSeries } from '@/lib/protocol';
import type { SnapshotQuery, SnapshotRead } from '@/lib/store/metric-store';
import { byRecency, snapshotPointsLevel } from '@/lib/store/snapshot-bounds';
import type { SeriesQueries } from './series-queries';

type Chosen = { id: number; name: string; unit: string | null };

/**
 * A bounded snapshot in one read transaction (exact at `query.upToSeq`): the `maxSeries` series
 * with the newest samples (the series_last_ts index, so 100,000 series cost no more than
 * 1,000), then for each the number of its points in the window (an index range, counted up to
 * `maxPointsPerSeries + 1`), the common level that keeps the total within `maxPoints`, and the
 * newest points up to it. Work is bounded by the limits, not by what is stored.
 */
export function readBoundedSnapshot(
  sqlite: Database.Database,
  q: SeriesQueries,
  query: SnapshotQuery,
): SnapshotRead {
  const read = sqlite.transaction((): SnapshotRead => {
    const { chosen, omittedSeries } = chooseSeries(q, query);
    const window = { sinceTs: query.sinceTs, upTo: query.upToSeq };
    const counts = chosen.map(
      (s) =>
        q.countPoints.get({ id: s.id, ...window, limit: query.maxPointsPerSeries + 1 })?.n ?? 0,
    );
    const level = snapshotPointsLevel(counts, query.maxPointsPerSeries, query.maxPoints);
    const series = chosen.map((s, i): SnapshotSeries => {
      const count = counts[i] as number;
      const keep = Math.min(count, level);
      const points =
        keep > 0 ? (q.newestPoints.all({ id: s.id, ...window, limit: keep }) as Point[]) : [];
      points.reverse();
      const item: SnapshotSeries =
        s.unit === null ? { name: s.name, points } : { name: s.name, unit: s.unit, points };
      if (count > keep) item.truncated = true;
      return item;
    });
    series.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { series, omittedSeries };
  });
  return read.deferred();
}

/** The series to list, most recent first, and how many matching ones are left out. */
function chooseSeries(
  q: SeriesQueries,
  query: SnapshotQuery,
): { chosen: Chosen[]; omittedSeries: number } {
  if (!query.series) {
    const chosen = q.mostRecent.all({ limit: query.maxSeries });
    const total = q.count.get()?.n ?? 0;
    return { chosen, omittedSeries: total - chosen.length };
  }
  const found = q.named.all({ names: JSON.stringify(query.series) });
  found.sort((a, b) =>
    byRecency({ lastTs: a.lastTs, order: a.id }, { lastTs: b.lastTs, order: b.id }),
  );
  const chosen = found.slice(0, query.maxSeries);
  return { chosen, omittedSeries: found.length - chosen.length };
}
