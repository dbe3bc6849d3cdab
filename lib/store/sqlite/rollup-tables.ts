/**
 * The rollup tables of the SQLite engine. They are created, backfilled and kept by migrations,
 * not by code: `drizzle/0001_rollups.sql` (the tables) and `drizzle/0002_rollup_triggers.sql`
 * (the `samples_rollup_1m` and `samples_rollup_1h` AFTER INSERT triggers on `samples`, so rows
 * written by any process are rolled up). Each row is one series and bucket: `bucket_ts` (the
 * bucket's start, a multiple of its length) with min, max, sum and count of its samples.
 * Retention deletes samples without touching the rollups, and rollups by their own spans.
 */
export const ROLLUP_TABLES = {
  /** Minute buckets (60,000 ms). */
  '1m': 'samples_1m',
  /** Hour buckets (3,600,000 ms). */
  '1h': 'samples_1h',
} as const;
