import { sql } from 'drizzle-orm';
import {
  bigint,
  doublePrecision,
  index,
  type PgColumnBuilderBase,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * The PostgreSQL schema (DATABASE_URL=postgres://...), the twin of the SQLite one in
 * db/schema.ts: the same tables, columns, nullability and keys, so both engines pass one
 * contract suite. db/pg/schema-parity.test.ts fails when the two drift apart; change both,
 * then `npm run db:generate` and `npm run db:generate:pg`.
 *
 * Every integer is `bigint` (ms timestamps pass 2^31), read as a JS number by the engine
 * (lib/store/postgres/pg-types.ts): every value stored is below 2^53.
 */

/** bigint read as a number (never past 2^53: ms timestamps, seqs, counts). */
const int8 = (name: string) => bigint(name, { mode: 'number' });

/** One row per metric series; `id` comes from an identity (never reused). */
export const series = pgTable(
  'series',
  {
    id: int8('id').primaryKey().generatedByDefaultAsIdentity(),
    name: text('name').notNull().unique(),
    /**
     * The metric name: the key without its labels (as db/schema.ts; the `''` default mirrors
     * SQLite's, and drizzle-pg/0002 fills it for rows that do not name it).
     */
    metric: text('metric').notNull().default(''),
    /** The labels as canonical JSON (keys sorted by name); `{}` for a series without labels. */
    labels: text('labels').notNull().default('{}'),
    unit: text('unit'),
    createdAt: int8('created_at').notNull(),
    /** Newest sample time, ms since the epoch; kept by the statement trigger on samples. */
    lastTs: int8('last_ts'),
  },
  (t) => [index('series_last_ts').on(t.lastTs), index('series_metric').on(t.metric)],
);

/**
 * Metric samples. `seq` has no default: the engine assigns it from `samples_seq` under an
 * advisory lock (lib/store/postgres/pg-metric-writes.ts), so seqs follow commit order and a
 * rolled-back batch leaves no gap.
 */
export const samples = pgTable(
  'samples',
  {
    seq: int8('seq').primaryKey(),
    seriesId: int8('series_id')
      .notNull()
      .references(() => series.id, { onDelete: 'cascade' }),
    ts: int8('ts').notNull(),
    value: doublePrecision('value').notNull(),
  },
  (t) => [index('samples_series_ts').on(t.seriesId, t.ts), index('samples_ts').on(t.ts)],
);

function rollupColumns() {
  return {
    seriesId: int8('series_id')
      .notNull()
      .references(() => series.id, { onDelete: 'cascade' }),
    bucketTs: int8('bucket_ts').notNull(),
    min: doublePrecision('min').notNull(),
    max: doublePrecision('max').notNull(),
    sum: doublePrecision('sum').notNull(),
    count: int8('count').notNull(),
  } satisfies Record<string, PgColumnBuilderBase>;
}

/** Per-minute rollups, kept by the statement-level trigger `samples_rollup` (drizzle-pg/0001_rollup_trigger_and_seq_row.sql). */
export const samples1m = pgTable('samples_1m', rollupColumns(), (t) => [
  primaryKey({ columns: [t.seriesId, t.bucketTs] }),
  index('samples_1m_bucket_ts').on(t.bucketTs),
]);

/** Per-hour rollups, kept by the same trigger. */
export const samples1h = pgTable('samples_1h', rollupColumns(), (t) => [
  primaryKey({ columns: [t.seriesId, t.bucketTs] }),
  index('samples_1h_bucket_ts').on(t.bucketTs),
]);

/** Chat messages; `id` (assigned under an advisory lock, in commit order) is the `since` cursor. */
export const chatMessages = pgTable(
  'chat_messages',
  {
    id: int8('id').primaryKey(),
    name: text('name').notNull(),
    text: text('text').notNull(),
    ts: int8('ts').notNull(),
    /** Who sent it, the scope of `clientMsgId` (see db/schema.ts). */
    sender: text('sender').notNull().default(''),
    clientMsgId: text('client_msg_id'),
    /** When its author last edited it, in Unix milliseconds; null when never edited. */
    editedAt: int8('edited_at'),
    /** When its author deleted it, in Unix milliseconds (its text is cleared); null while not. */
    deletedAt: int8('deleted_at'),
    /** The room it was sent in: `general` or a board's slug (db/schema.ts). */
    room: text('room').notNull().default('general'),
  },
  (t) => [
    uniqueIndex('chat_messages_sender_client_msg_id').on(t.sender, t.clientMsgId),
    index('chat_messages_room_id').on(t.room, t.id),
  ],
);

/** The shared dashboard layout: one row (id = 1). */
export const dashboardLayout = pgTable('dashboard_layout', {
  id: int8('id').primaryKey(),
  version: int8('version').notNull(),
  json: text('json').notNull(),
  updatedAt: int8('updated_at').notNull(),
});

/** The boards besides the default one, each with its own layout (db/schema.ts). */
export const boards = pgTable('boards', {
  slug: text('slug').primaryKey(),
  name: text('name').notNull(),
  version: int8('version').notNull(),
  json: text('json').notNull(),
  createdAt: int8('created_at').notNull(),
  updatedAt: int8('updated_at').notNull(),
});

/** Each saved version of every board's layout (db/schema.ts). */
export const layoutHistory = pgTable(
  'layout_history',
  {
    board: text('board').notNull(),
    version: int8('version').notNull(),
    json: text('json').notNull(),
    savedAt: int8('saved_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.board, t.version] })],
);

/** The retention floor: the highest samples.seq retention ever deleted (one row, id = 1). */
export const retentionFloor = pgTable('retention_floor', {
  id: int8('id').primaryKey(),
  seq: int8('seq').notNull(),
});

/** The database epoch (one row, id = 1): see db/schema.ts. */
export const databaseEpoch = pgTable('database_epoch', {
  id: int8('id').primaryKey(),
  epoch: text('epoch').notNull(),
});

/** Every deleted series, with the highest seq assigned when it was deleted. */
export const seriesDeletions = pgTable(
  'series_deletions',
  {
    id: int8('id').primaryKey().generatedByDefaultAsIdentity(),
    name: text('name').notNull(),
    seq: int8('seq').notNull(),
    deletedAt: int8('deleted_at').notNull(),
  },
  (t) => [index('series_deletions_seq').on(t.seq)],
);

/** Login sessions (see db/schema.ts). */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    createdAt: int8('created_at').notNull(),
    expiresAt: int8('expires_at').notNull(),
    revokedAt: int8('revoked_at'),
  },
  (t) => [
    index('sessions_expires_at').on(t.expiresAt),
    index('sessions_revoked_expires_at').on(t.expiresAt).where(sql`${t.revokedAt} IS NOT NULL`),
  ],
);

/** The revocation version (one row, id = 1). */
export const sessionRevocationVersion = pgTable('session_revocation_version', {
  id: int8('id').primaryKey(),
  version: int8('version').notNull(),
});

/**
 * PostgreSQL only, the twin of SQLite's internal `sqlite_sequence` row of `samples`: the highest
 * `samples.seq` ever assigned (one row, id = 1), updated in the transaction that inserts the
 * samples. `MAX(samples.seq)` is not enough: it goes back while a series delete's batches have
 * removed the newest rows and not yet recorded the deletion, and a seq must never be reused.
 * A sequence is not either: `nextval` is not rolled back, so a failed batch would leave a gap.
 */
export const samplesSeq = pgTable('samples_seq', {
  id: int8('id').primaryKey(),
  seq: int8('seq').notNull(),
});

/**
 * PostgreSQL only: the instances sharing this database (lib/store/postgres/pg-cluster-store.ts).
 * `instance_id` is one process (INSTANCE_ID plus a random suffix); `heartbeat_at` is the
 * database's clock in ms, refreshed every CLUSTER_HEARTBEAT_INTERVAL_MS; an instance whose
 * heartbeat is older than CLUSTER_INSTANCE_TIMEOUT_MS counts as gone. `presence_version` grows
 * with every change of its online names (the `p:<version>` hint).
 */
export const clusterInstances = pgTable('cluster_instances', {
  instanceId: text('instance_id').primaryKey(),
  heartbeatAt: int8('heartbeat_at').notNull(),
  presenceVersion: int8('presence_version').notNull(),
});

/** PostgreSQL only: the chat names online on each instance (one row per instance, room and name). */
export const clusterPresence = pgTable(
  'cluster_presence',
  {
    instanceId: text('instance_id')
      .notNull()
      .references(() => clusterInstances.instanceId, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The chat room the name is online in (`general` or a board's slug). */
    room: text('room').notNull().default('general'),
  },
  (t) => [primaryKey({ columns: [t.instanceId, t.room, t.name] })],
);

/**
 * PostgreSQL only: the chat names each instance holds (lib/chat/name-holds.ts), so a name held
 * on one instance is refused on every other. `sender` is a digest of the holding identity (never
 * a key itself); `held_until` is null while a connection is open there, else the database's
 * clock in ms until which the name stays held. A gone instance's holds count no more.
 */
export const clusterNameHolds = pgTable(
  'cluster_name_holds',
  {
    instanceId: text('instance_id')
      .notNull()
      .references(() => clusterInstances.instanceId, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    sender: text('sender').notNull(),
    heldUntil: int8('held_until'),
  },
  (t) => [
    primaryKey({ columns: [t.instanceId, t.name] }),
    index('cluster_name_holds_name').on(t.name),
  ],
);

/** Tables of this schema with no twin in db/schema.ts, and why (schema-parity.test.ts). */
export const PG_ONLY_TABLES: Record<string, string> = {
  samples_seq: 'SQLite keeps the same number in its own sqlite_sequence table (AUTOINCREMENT)',
  cluster_instances:
    'instances sharing one PostgreSQL database; SQLite has one process, its presence in memory',
  cluster_presence:
    'chat names online per instance; SQLite has one process, its presence in memory',
  cluster_name_holds: 'chat names held per instance; SQLite has one process, its holds in memory',
};

/** Alert rules (db/schema.ts). */
export const alertRules = pgTable('alert_rules', {
  id: int8('id').primaryKey().generatedByDefaultAsIdentity(),
  series: text('series').notNull(),
  condition: text('condition').notNull(),
  threshold: doublePrecision('threshold'),
  forMs: int8('for_ms').notNull(),
  severity: text('severity').notNull(),
  board: text('board'),
  name: text('name'),
  createdAt: int8('created_at').notNull(),
});

/** Each rule's lifecycle state, written by compare-and-set on `version` (db/schema.ts). */
export const alertStates = pgTable('alert_states', {
  ruleId: int8('rule_id').primaryKey(),
  status: text('status').notNull(),
  since: int8('since').notNull(),
  version: int8('version').notNull(),
  value: doublePrecision('value'),
  notified: text('notified'),
  notifiedAt: int8('notified_at'),
  ackedBy: text('acked_by'),
  silencedUntil: int8('silenced_until'),
  firingSince: int8('firing_since'),
});

/** Markers on the charts' timeline (db/schema.ts). */
export const annotations = pgTable(
  'annotations',
  {
    id: int8('id').primaryKey().generatedByDefaultAsIdentity(),
    ts: int8('ts').notNull(),
    text: text('text').notNull(),
    board: text('board'),
    createdAt: int8('created_at').notNull(),
  },
  (t) => [index('annotations_ts').on(t.ts)],
);
