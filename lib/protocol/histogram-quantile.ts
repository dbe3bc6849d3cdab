/**
 * The `q` quantile (0 to 1) of an explicit-bucket histogram in OTLP's layout, as Prometheus's
 * `histogram_quantile()` computes it: `counts[i]` observations fell in bucket `i`, which is
 * `(bounds[i-1], bounds[i]]`, the last one `(bounds[n-2], +Inf)`. The bucket holding the rank
 * `q * total` is found and the value interpolated linearly inside it; the first bucket starts at
 * 0 unless its bound is not positive (then the bound is the answer); a rank in the `+Inf`
 * bucket gives the highest finite bound. Undefined when there are no observations, no finite
 * bound, or `counts` does not have one more entry than `bounds`.
 */
export function histogramQuantile(
  q: number,
  bounds: readonly number[],
  counts: readonly number[],
): number | undefined {
  if (!(q >= 0 && q <= 1)) return undefined;
  if (bounds.length === 0 || counts.length !== bounds.length + 1) return undefined;
  let total = 0;
  for (const count of counts) total += count;
  if (!(total > 0)) return undefined;
  const rank = q * total;
  let below = 0;
  for (let i = 0; i < bounds.length; i++) {
    const inBucket = counts[i] ?? 0;
    const upper = bounds[i] ?? 0;
    if (below + inBucket >= rank && inBucket > 0) {
      if (i === 0 && upper <= 0) return upper;
      const lower = i === 0 ? 0 : (bounds[i - 1] ?? 0);
      return lower + (upper - lower) * ((rank - below) / inBucket);
    }
    below += inBucket;
  }
  return bounds[bounds.length - 1];
}
