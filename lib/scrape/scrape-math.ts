import { histogramQuantile as quantileOfBuckets } from '@/lib/protocol/histogram-quantile';

/**
 * What a scrape turns counters and histograms into: per-second rates and quantiles over the
 * time between two scrapes, computed as Prometheus's `rate()` and `histogram_quantile()` do.
 */

/**
 * How much a counter grew from `previous` to `current`. A counter that went down was reset
 * (its process restarted): it counted from 0 again, so it grew by `current`, as Prometheus's
 * `increase()` has it. Never negative.
 */
export function counterIncrease(previous: number, current: number): number {
  return current >= previous ? current - previous : current;
}

/**
 * Per-second rate of a counter between two scrapes `elapsedMs` apart; undefined when no time
 * passed or a value is not finite. Never negative (see counterIncrease).
 */
export function counterRate(
  previous: number,
  current: number,
  elapsedMs: number,
): number | undefined {
  if (!(elapsedMs > 0) || !Number.isFinite(previous) || !Number.isFinite(current)) return undefined;
  if (current < 0) return undefined;
  return counterIncrease(previous, current) / (elapsedMs / 1000);
}

/** A cumulative histogram bucket: observations at most `le`. */
export type Bucket = { le: number; count: number };

/**
 * The buckets' growth from `previous` to `current` (cumulative counts per `le`). When any bucket
 * or the total went down the histogram was reset, and the growth is `current` itself. A bucket
 * new in `current` grew by its count.
 */
export function bucketIncrease(
  previous: ReadonlyMap<number, number>,
  current: readonly Bucket[],
): Bucket[] {
  const reset = current.some((b) => b.count < (previous.get(b.le) ?? 0));
  return current.map((b) => ({
    le: b.le,
    count: reset ? b.count : b.count - (previous.get(b.le) ?? 0),
  }));
}

/**
 * The `q` quantile (0 to 1) of cumulative `buckets`, as Prometheus's `histogram_quantile()`:
 * the bucket holding the rank is found and the value interpolated linearly inside it (the
 * first bucket starts at 0 unless its bound is negative). Undefined without a `+Inf` bucket,
 * with fewer than two buckets, or with no observations. A rank in the `+Inf` bucket gives the
 * highest finite bound. Counts that are not monotonic are made so (as Prometheus does).
 */
export function histogramQuantile(q: number, buckets: readonly Bucket[]): number | undefined {
  if (Number.isNaN(q)) return undefined;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  if (sorted.length < 2 || sorted.at(-1)?.le !== Number.POSITIVE_INFINITY) return undefined;
  // Cumulative counts (made monotonic) to the count of each bucket, in OTLP's layout: the one
  // quantile definition both ingest protocols share (lib/protocol/histogram-quantile.ts).
  let seen = 0;
  const counts = sorted.map((b) => {
    const cumulative = Math.max(seen, b.count);
    const inBucket = cumulative - seen;
    seen = cumulative;
    return inBucket;
  });
  const bounds = sorted.slice(0, -1).map((b) => b.le);
  return quantileOfBuckets(q, bounds, counts);
}
