import type { SeriesDeletionRecord, StoredSample } from '@/lib/store/metric-store';

/**
 * Cuts a batch of rows (in seq order) around the deletions read after it (in seq order): the
 * rows up to a deletion's seq go to `fanOut` first, then `announce` for the deletion, then the
 * later rows. So every stream hears of a deletion at seq D after every row up to D that it gets
 * and before any row after D: a client whose cursor is past D has heard of it, and the store
 * refuses to replay from a cursor at or below D (MetricStore.replay) so the others get a
 * snapshot. A deletion whose seq is past the whole batch is announced after it: early is
 * harmless, as the deleted series' rows are gone from every later read.
 */
export function splitAroundDeletions(
  rows: readonly StoredSample[],
  deletions: readonly SeriesDeletionRecord[],
  fanOut: (segment: readonly StoredSample[]) => void,
  announce: (deletion: SeriesDeletionRecord) => void,
): void {
  let start = 0;
  for (const deletion of deletions) {
    let end = start;
    while (end < rows.length && (rows[end] as StoredSample).seq <= deletion.seq) end++;
    if (end > start) fanOut(rows.slice(start, end));
    start = end;
    announce(deletion);
  }
  if (start < rows.length) fanOut(start === 0 ? rows : rows.slice(start));
}
