import {
  index,
  integer,
  primaryKey,
  real,
  type SQLiteColumnBuilderBase,
  sqliteTable,
  text,
} from 'drizzle-orm/sqlite-core';

/**
 * One row per metric series; created on the first sample that names it. `id` is AUTOINCREMENT,
 * so a series deleted and pushed again gets a new id (it is a new series).
 */
export const series = sqliteTable(
  'series',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull().unique(),
    unit: text('unit'),
    createdAt: integer('created_at').notNull(),
    /**
     * Newest sample time of the series, in ms since the epoch (null before its first sample),
     * kept by the `samples_series_last_ts` trigger for rows of any writer: a bounded snapshot
     * keeps the series with the most recent samples first.
     */
    lastTs: integer('last_ts'),
  },
  (t) => [index('series_last_ts').on(t.lastTs)],
);
export type SeriesRow = typeof series.$inferSelect;
export type NewSeriesRow = typeof series.$inferInsert;

/**
 * Metric samples. `seq` (AUTOINCREMENT, so never reused even after deletes) is the SSE event
 * id and the resume cursor.
 */
export const samples = sqliteTable(
  'samples',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    seriesId: integer('series_id')
      .notNull()
      .references(() => series.id, { onDelete: 'cascade' }),
    ts: integer('ts').notNull(),
    value: real('value').notNull(),
  },
  (t) => [index('samples_series_ts').on(t.seriesId, t.ts), index('samples_ts').on(t.ts)],
);
export type SampleRow = typeof samples.$inferSelect;
export type NewSampleRow = typeof samples.$inferInsert;

/** Columns of a rollup table: one row per series and bucket (min/max/sum/count of its samples). */
function rollupColumns() {
  return {
    seriesId: integer('series_id')
      .notNull()
      .references(() => series.id, { onDelete: 'cascade' }),
    /** Start of the bucket, in ms since the epoch (a multiple of the bucket length). */
    bucketTs: integer('bucket_ts').notNull(),
    min: real('min').notNull(),
    max: real('max').notNull(),
    sum: real('sum').notNull(),
    count: integer('count').notNull(),
  } satisfies Record<string, SQLiteColumnBuilderBase>;
}

/**
 * Per-minute rollups of `samples`, kept by the `samples_rollup_1m` AFTER INSERT trigger
 * (drizzle/0002_rollup_triggers.sql), so rows written by any process are rolled up.
 */
export const samples1m = sqliteTable('samples_1m', rollupColumns(), (t) => [
  primaryKey({ columns: [t.seriesId, t.bucketTs] }),
  index('samples_1m_bucket_ts').on(t.bucketTs),
]);
export type RollupRow = typeof samples1m.$inferSelect;

/** Per-hour rollups of `samples`, kept by the `samples_rollup_1h` trigger. */
export const samples1h = sqliteTable('samples_1h', rollupColumns(), (t) => [
  primaryKey({ columns: [t.seriesId, t.bucketTs] }),
  index('samples_1h_bucket_ts').on(t.bucketTs),
]);

/** Chat messages; `id` is the chat catch-up cursor (`since`). */
export const chatMessages = sqliteTable('chat_messages', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  text: text('text').notNull(),
  ts: integer('ts').notNull(),
  /** Idempotency key chosen by the client; a repeat returns the first row's ack. */
  clientMsgId: text('client_msg_id').unique(),
});
export type ChatMessageRow = typeof chatMessages.$inferSelect;
export type NewChatMessageRow = typeof chatMessages.$inferInsert;

/** The shared dashboard layout: a single row (id = 1); `version` grows by one on every change. */
export const dashboardLayout = sqliteTable('dashboard_layout', {
  id: integer('id').primaryKey(),
  version: integer('version').notNull(),
  /** The widgets, as JSON (`Widget[]`, validated before it is written). */
  json: text('json').notNull(),
  updatedAt: integer('updated_at').notNull(),
});
export type DashboardLayoutRow = typeof dashboardLayout.$inferSelect;

/**
 * The retention floor: the highest `samples.seq` that retention ever deleted (one row, id = 1).
 * Retention deletes expired samples wherever they are in `seq` order, so a resume cursor below
 * the floor may have lost rows after it: such a stream gets a snapshot, never a replay.
 */
export const retentionFloor = sqliteTable('retention_floor', {
  id: integer('id').primaryKey(),
  seq: integer('seq').notNull(),
});
export type RetentionFloorRow = typeof retentionFloor.$inferSelect;

/**
 * Every deleted series (`DELETE /api/series/<name>`), with `seq`, the highest sample seq assigned
 * when it was deleted. A stream resuming from a cursor at or below a deletion's `seq` may hold
 * the deleted series and may have missed `event: series-deleted`: it gets a snapshot, never a
 * replay. One row per delete (a few dozen bytes; deletes are rate limited).
 */
export const seriesDeletions = sqliteTable(
  'series_deletions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    seq: integer('seq').notNull(),
    deletedAt: integer('deleted_at').notNull(),
  },
  (t) => [index('series_deletions_seq').on(t.seq)],
);
export type SeriesDeletionRow = typeof seriesDeletions.$inferSelect;
