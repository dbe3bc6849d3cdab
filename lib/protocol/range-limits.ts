/**
 * The limits and resolutions of `GET /api/range` (docs/ranges.md), shared by the server that
 * answers and the page that asks and merges live samples into the answer.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** Resolutions of `GET /api/range`: raw samples, minute rollups, hour rollups. */
export const RANGE_RESOLUTIONS = ['raw', '1m', '1h'] as const;
export type RangeResolution = (typeof RANGE_RESOLUTIONS)[number];
/** The resolutions answered from rollup tables. */
export type RollupResolution = Exclude<RangeResolution, 'raw'>;

/**
 * Length of a bucket of each rollup resolution, in milliseconds: 1 min (60,000) and 1 h
 * (3,600,000). The rollup triggers in drizzle/0002_rollup_triggers.sql use the same numbers
 * (SQL cannot import them; lib/metrics/range-resolution.test.ts ties them).
 */
export const ROLLUP_BUCKET_MS: Readonly<Record<RollupResolution, number>> = {
  '1m': MINUTE_MS,
  '1h': HOUR_MS,
};
/** Bucket length of every resolution, in milliseconds; 0 for raw samples (no bucket). */
export const RESOLUTION_BUCKET_MS: Readonly<Record<RangeResolution, number>> = {
  raw: 0,
  ...ROLLUP_BUCKET_MS,
};

/** Longest span answered with raw samples, in milliseconds (15 min). */
export const RANGE_RAW_MAX_SPAN_MS = 15 * MINUTE_MS;
/** Longest span answered with minute rollups, in milliseconds (24 h); longer spans use hours. */
export const RANGE_MINUTE_MAX_SPAN_MS = 24 * HOUR_MS;
/** Longest span `GET /api/range` accepts (and the page's custom range), in days. */
export const RANGE_MAX_SPAN_DAYS = 366;
/** RANGE_MAX_SPAN_DAYS in milliseconds (31,622,400,000). */
export const RANGE_MAX_SPAN_MS = RANGE_MAX_SPAN_DAYS * DAY_MS;
/** Most digits of `from`/`to` (ms timestamps until the year 2286 have 13). */
export const RANGE_BOUND_MAX_DIGITS = 15;

/** Start of the bucket holding `ts`: `ts` rounded down to a multiple of `bucketMs`. */
export function bucketStart(ts: number, bucketMs: number): number {
  return Math.floor(ts / bucketMs) * bucketMs;
}
