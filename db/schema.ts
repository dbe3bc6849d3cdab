import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  primaryKey,
  real,
  type SQLiteColumnBuilderBase,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

/**
 * One row per metric series; created on the first sample that names it. `id` is AUTOINCREMENT,
 * so a series deleted and pushed again gets a new id (it is a new series). `name` is the series
 * key (lib/protocol/series-key.ts): the bare metric name of a series without labels, else
 * `metric{a="1",b="2"}` with the labels sorted by name.
 */
export const series = sqliteTable(
  'series',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull().unique(),
    /**
     * The metric name: the key without its labels. The `''` default exists only because SQLite
     * cannot add a NOT NULL column without one: the `series_metric_of_key` trigger replaces it
     * for rows written by other processes that do not name it, and drizzle/0008 backfilled the
     * rows from before labels (`metric = name`).
     */
    metric: text('metric').notNull().default(''),
    /** The labels as canonical JSON (keys sorted by name); `{}` for a series without labels. */
    labels: text('labels').notNull().default('{}'),
    unit: text('unit'),
    createdAt: integer('created_at').notNull(),
    /**
     * Newest sample time of the series, in ms since the epoch (null before its first sample),
     * kept by the `samples_series_last_ts` trigger for rows of any writer: a bounded snapshot
     * keeps the series with the most recent samples first.
     */
    lastTs: integer('last_ts'),
  },
  (t) => [index('series_last_ts').on(t.lastTs), index('series_metric').on(t.metric)],
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
export const chatMessages = sqliteTable(
  'chat_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    text: text('text').notNull(),
    ts: integer('ts').notNull(),
    /**
     * Who sent it, the scope of `clientMsgId` (lib/chat/chat-sender.ts): `user:<name>` for a
     * session user, `name:<name>` for a name claimed without access control. Never sent to
     * clients. Rows from before it existed got `name:<name>` (drizzle/0006).
     */
    sender: text('sender').notNull().default(''),
    /** Idempotency key chosen by the client; a repeat by the same sender returns the first row's ack. */
    clientMsgId: text('client_msg_id'),
    /** When its author last edited it, in Unix milliseconds; null when never edited. */
    editedAt: integer('edited_at'),
    /** When its author deleted it, in Unix milliseconds (its text is cleared); null while not. */
    deletedAt: integer('deleted_at'),
    /**
     * The room it was sent in: `general` or a board's slug (issue 14). A deleted board's
     * messages stay, and a board made again with that slug shows them (docs/protocol.md#rooms).
     */
    room: text('room').notNull().default('general'),
  },
  (t) => [
    uniqueIndex('chat_messages_sender_client_msg_id').on(t.sender, t.clientMsgId),
    index('chat_messages_room_id').on(t.room, t.id),
  ],
);
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
 * The boards besides the default one (whose layout is `dashboard_layout`), each with its own
 * layout: `version` grows by one on every change of `json` (the widgets, validated before).
 */
export const boards = sqliteTable('boards', {
  slug: text('slug').primaryKey(),
  name: text('name').notNull(),
  version: integer('version').notNull(),
  json: text('json').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});
export type BoardRow = typeof boards.$inferSelect;

/**
 * Each saved version of every board's layout, the default board's under `default`: at most
 * LAYOUT_HISTORY_MAX (lib/protocol/layout-history.ts) per board, the oldest dropped by the save
 * that makes one more; a board's rows go with it. `json` is the widgets, as in `boards`.
 */
export const layoutHistory = sqliteTable(
  'layout_history',
  {
    board: text('board').notNull(),
    version: integer('version').notNull(),
    json: text('json').notNull(),
    /** When the version was saved, in Unix milliseconds. */
    savedAt: integer('saved_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.board, t.version] })],
);
export type LayoutHistoryRow = typeof layoutHistory.$inferSelect;

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
 * The database epoch (one row, id = 1): a random id written when the database is created (the
 * migration that makes this table inserts it), and a new one in every backup copy
 * (`npm run db:backup`). A stream cursor is a seq *of one database*: a client that sends the
 * epoch it streamed from (`?epoch=`) gets a fresh snapshot when the database is another one
 * (recreated, or restored from a backup), never a replay of that database's rows after its seq.
 */
export const databaseEpoch = sqliteTable('database_epoch', {
  id: integer('id').primaryKey(),
  epoch: text('epoch').notNull(),
});
export type DatabaseEpochRow = typeof databaseEpoch.$inferSelect;

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

/**
 * Login sessions (access control on): one row per login, named by the random id inside the
 * signed cookie. A session is refused once `revoked_at` is set (logout, or every session ended
 * by an operator); rows are deleted some time after they expire. See lib/store/session-store.ts.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    /** The signed-in name (the chat name). */
    name: text('name').notNull(),
    createdAt: integer('created_at').notNull(),
    /** The cookie's `exp`, in Unix milliseconds. */
    expiresAt: integer('expires_at').notNull(),
    /** When it was revoked, in Unix milliseconds; null while it is not. */
    revokedAt: integer('revoked_at'),
  },
  (t) => [
    index('sessions_expires_at').on(t.expiresAt),
    index('sessions_revoked_expires_at').on(t.expiresAt).where(sql`${t.revokedAt} IS NOT NULL`),
  ],
);
export type SessionRow = typeof sessions.$inferSelect;

/**
 * The revocation version (one row, id = 1): grows by one with every commit that revokes a
 * session, so a server polls one number to learn that its list of revoked sessions is stale.
 */
export const sessionRevocationVersion = sqliteTable('session_revocation_version', {
  id: integer('id').primaryKey(),
  version: integer('version').notNull(),
});

/**
 * Alert rules (issue 16, docs/alerts.md): what a series is watched for. `id` is AUTOINCREMENT
 * (never reused); `threshold` is null for `absent`, `board` and `name` null when not given.
 */
export const alertRules = sqliteTable('alert_rules', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  series: text('series').notNull(),
  condition: text('condition').notNull(),
  threshold: real('threshold'),
  forMs: integer('for_ms').notNull(),
  severity: text('severity').notNull(),
  board: text('board'),
  name: text('name'),
  createdAt: integer('created_at').notNull(),
});
export type AlertRuleRow = typeof alertRules.$inferSelect;

/**
 * Each rule's lifecycle state (lib/store/alert-store.ts AlertState): written by compare-and-set
 * on `version`, so of N instances evaluating one transition exactly one writes (and notifies).
 */
export const alertStates = sqliteTable('alert_states', {
  ruleId: integer('rule_id').primaryKey(),
  status: text('status').notNull(),
  since: integer('since').notNull(),
  version: integer('version').notNull(),
  value: real('value'),
  notified: text('notified'),
  notifiedAt: integer('notified_at'),
  ackedBy: text('acked_by'),
  silencedUntil: integer('silenced_until'),
  /** When the current (or last) firing began, in Unix milliseconds; null before the first. */
  firingSince: integer('firing_since'),
});
export type AlertStateRow = typeof alertStates.$inferSelect;

/** Markers on the charts' timeline: `board` null shows on every board. */
export const annotations = sqliteTable(
  'annotations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ts: integer('ts').notNull(),
    text: text('text').notNull(),
    board: text('board'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('annotations_ts').on(t.ts)],
);
export type AnnotationRow = typeof annotations.$inferSelect;
