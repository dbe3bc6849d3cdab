/** Resolutions of `GET /api/range`: raw samples, minute rollups, hour rollups. */
export type RangeResolution = 'raw' | '1m' | '1h';

/** Longest span answered with raw samples, in milliseconds (15 min). */
export const RANGE_RAW_MAX_SPAN_MS = 15 * 60_000;
/** Longest span answered with minute rollups, in milliseconds (24 h); longer spans use hours. */
export const RANGE_MINUTE_MAX_SPAN_MS = 24 * 3_600_000;
/** Longest span `GET /api/range` accepts, in milliseconds (366 days). */
export const RANGE_MAX_SPAN_MS = 366 * 24 * 3_600_000;

/** Length of a bucket of each rollup resolution, in milliseconds. */
export const ROLLUP_BUCKET_MS = { '1m': 60_000, '1h': 3_600_000 } as const;

/** How long each kind of row is kept, in milliseconds (RETENTION_* env variables). */
export type RetentionSpans = { rawMs: number; minuteMs: number };

/**
 * The resolution of a range: by span (<= 15 min raw, <= 24 h minute, else hour), then moved to
 * the next coarser one while `from` is older than what the chosen one keeps (raw rows older than
 * RETENTION_RAW_HOURS are gone, so such a range is answered from minute rollups).
 */
export function chooseResolution(
  from: number,
  to: number,
  now: number,
  kept: RetentionSpans,
): RangeResolution {
  const span = to - from;
  let resolution: RangeResolution =
    span <= RANGE_RAW_MAX_SPAN_MS ? 'raw' : span <= RANGE_MINUTE_MAX_SPAN_MS ? '1m' : '1h';
  if (resolution === 'raw' && from < now - kept.rawMs) resolution = '1m';
  if (resolution === '1m' && from < now - kept.minuteMs) resolution = '1h';
  return resolution;
}

/** Start of the bucket holding `ts`: `ts` rounded down to a multiple of `bucketMs`. */
export function bucketStart(ts: number, bucketMs: number): number {
  return Math.floor(ts / bucketMs) * bucketMs;
}
