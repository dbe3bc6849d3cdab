import { StoreStatus } from '@/lib/store/store-status';
import type { EngineStores } from '@/lib/store/stores';
import { PgChangePoll } from './pg-change-poll';
import { PgChatStore } from './pg-chat-store';
import type { PgConnection } from './pg-connection';
import { postgresFailureOf } from './pg-errors';
import { PgLayoutStore } from './pg-layout-store';
import { PgMetricStore } from './pg-metric-store';
import { migratePostgres } from './pg-migrate';
import { openPoolConnection } from './pg-pool-connection';
import { PgRetentionStore } from './pg-retention-store';
import { PgSessionStore } from './pg-session-store';

/** Options of the PostgreSQL engine. */
export type PostgresStoreOptions = {
  /** `postgres://user:password@host:port/db` (DATABASE_URL). */
  url: string;
  /** Most distinct series (SERIES_MAX); no cap when absent. */
  seriesMax?: number | undefined;
  /** Names this instance's connections in pg_stat_activity (INSTANCE_ID). */
  instanceId?: string | undefined;
};

/**
 * Opens a pool on DATABASE_URL, applies pending migrations (under an advisory lock: instances
 * starting at once are safe) and builds every store on it. Its background task: the change
 * poll. Closing the stores ends the pool.
 */
export async function openPostgresStores(options: PostgresStoreOptions): Promise<EngineStores> {
  const db = openPoolConnection({ url: options.url, applicationName: options.instanceId });
  try {
    await migratePostgres(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return postgresStoresOn(db, { seriesMax: options.seriesMax });
}

/**
 * Every store on a migrated database (`db` is closed with them): for openPostgresStores, and
 * for tests on PGlite or a second handle on one database.
 */
export function postgresStoresOn(
  db: PgConnection,
  options: { seriesMax?: number | undefined } = {},
): EngineStores {
  const status = new StoreStatus(postgresFailureOf);
  const metrics = new PgMetricStore(db, status, { seriesMax: options.seriesMax });
  const changePoll = new PgChangePoll(db, () => metrics.emit());
  return {
    metrics,
    chat: new PgChatStore(db, status),
    layout: new PgLayoutStore(db, status),
    retention: new PgRetentionStore(db),
    sessions: new PgSessionStore(db, status),
    status,
    tasks: [changePoll],
    wal: undefined,
    async close() {
      await changePoll.stop();
      await metrics.close();
      await db.close();
    },
  };
}
