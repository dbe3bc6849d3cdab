/**
 * How a bounded snapshot shares its points out (engine-neutral: every engine gives the same
 * answer, see `SnapshotQuery` and tests/store-contract).
 */

/**
 * The number of newest points each listed series keeps when `counts` (points per series in
 * the window) must fit in `maxPoints` in all and `maxPerSeries` each: the highest common level
 * L (at most `maxPerSeries`) such that the sum of min(count, L) is at most `maxPoints`. A series
 * with fewer points than L keeps them all, so small series are never cut for big ones.
 */
export function snapshotPointsLevel(
  counts: readonly number[],
  maxPerSeries: number,
  maxPoints: number,
): number {
  const ascending = counts.map((c) => Math.min(c, maxPerSeries)).sort((a, b) => a - b);
  let remaining = maxPoints;
  let left = ascending.length;
  for (const count of ascending) {
    // Every series still left has at least `count` points: can all of them keep `count`?
    if (count * left > remaining) return Math.floor(remaining / left);
    remaining -= count;
    left--;
  }
  return maxPerSeries;
}

/** A series as a snapshot chooses it: its newest sample time (null: none) and creation order. */
export type SeriesRecency = { lastTs: number | null; order: number };

/**
 * Orders series most recent first: newest sample time first, series without samples last,
 * then the series created last first. The first `maxSeries` of this order are listed.
 */
export function byRecency(a: SeriesRecency, b: SeriesRecency): number {
  if (a.lastTs !== b.lastTs) {
    if (a.lastTs === null) return 1;
    if (b.lastTs === null) return -1;
    return b.lastTs - a.lastTs;
  }
  return b.order - a.order;
}
