import { StoreStatus } from '@/lib/store/store-status';
import type { EngineStores } from '@/lib/store/stores';
import { PgAlertStore } from './pg-alert-store';
import { PgBoardStore } from './pg-board-store';
import { PgChangeListener } from './pg-change-listener';
import { PG_CHANGE_POLL_FALLBACK_MS, PgChangePoll } from './pg-change-poll';
import { PgChatStore } from './pg-chat-store';
import { PgClusterStore } from './pg-cluster-store';
import type { PgConnection } from './pg-connection';
import { postgresFailureOf } from './pg-errors';
import { PgLayoutHistoryStore } from './pg-layout-history-store';
import { PgLayoutStore } from './pg-layout-store';
import { PgMetricStore } from './pg-metric-store';
import { migratePostgres } from './pg-migrate';
import { openPoolConnection } from './pg-pool-connection';
import { PgRetentionStore } from './pg-retention-store';
import { PgSessionStore } from './pg-session-store';

/** The engine's stores, with its own metric store and change poll (tests reach them). */
export type PgEngineStores = EngineStores & {
  metrics: PgMetricStore;
  changePoll: PgChangePoll;
  cluster: PgClusterStore;
};

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
 * starting at once are safe) and builds every store on it. Its background tasks: a LISTEN
 * connection woken by every commit's NOTIFY (./pg-change-listener.ts) and the change poll as
 * its fallback. Closing the stores ends both and the pool.
 */
export async function openPostgresStores(options: PostgresStoreOptions): Promise<PgEngineStores> {
  const db = openPoolConnection({ url: options.url, applicationName: options.instanceId });
  try {
    await migratePostgres(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  const stores = postgresStoresOn(db, {
    seriesMax: options.seriesMax,
    pollIntervalMs: PG_CHANGE_POLL_FALLBACK_MS,
    instanceId: options.instanceId,
  });
  const listener = new PgChangeListener(
    options.url,
    (payload) => dispatchNotice(stores, payload),
    listenerApplicationName(options.instanceId),
  );
  const poll = stores.changePoll;
  return {
    ...stores,
    tasks: [...stores.tasks, listener],
    changes: {
      get stats() {
        return {
          listenNotices: listener.stats.notices,
          pollNotices: poll.notices,
          listenerConnected: listener.stats.connected,
          listenerReconnects: listener.stats.reconnects,
          notifyQueueUsage: listener.stats.queueUsage,
        };
      },
    },
    async close() {
      await listener.stop();
      await stores.close();
    },
  };
}

/**
 * The `application_name` of an instance's LISTEN connection: `<INSTANCE_ID>/listen` (the pool's
 * connections carry the bare id), so `pg_stat_activity` tells the one listener of each instance
 * apart from its pool. `/` is not allowed in INSTANCE_ID, so the suffix is unambiguous.
 */
export function listenerApplicationName(instanceId = 'pulseboard'): string {
  return `${instanceId}${LISTENER_NAME_SUFFIX}`;
}

/** What ends the application_name of every instance's LISTEN connection. */
export const LISTENER_NAME_SUFFIX = '/listen';

/**
 * Every store on a migrated database (`db` is closed with them): for openPostgresStores, and
 * for tests on PGlite or a second handle on one database.
 */
export function postgresStoresOn(
  db: PgConnection,
  options: {
    seriesMax?: number | undefined;
    pollIntervalMs?: number;
    instanceId?: string | undefined;
  } = {},
): PgEngineStores {
  const status = new StoreStatus(postgresFailureOf);
  const metrics = new PgMetricStore(db, status, { seriesMax: options.seriesMax });
  const changePoll = new PgChangePoll(db, () => metrics.emit(), options.pollIntervalMs);
  const cluster = new PgClusterStore(db, options.instanceId);
  return {
    changePoll,
    metrics,
    cluster,
    chat: new PgChatStore(db, status),
    layout: new PgLayoutStore(db, status),
    boards: new PgBoardStore(db, status),
    layoutHistory: new PgLayoutHistoryStore(db),
    alerts: new PgAlertStore(db, status),
    retention: new PgRetentionStore(db),
    sessions: new PgSessionStore(db, status),
    status,
    tasks: [changePoll, cluster.beat],
    wal: undefined,
    async close() {
      await changePoll.stop();
      await cluster.beat.stop();
      await metrics.close();
      await db.close();
    },
  };
}

/**
 * A NOTIFY payload to whoever it wakes: samples and deletions (`s:`, `d:`) the metric store,
 * the rest the cluster store. The catch-up after (re)connecting (no payload) wakes both.
 */
function dispatchNotice(stores: PgEngineStores, payload: string | undefined): void {
  if (payload === undefined) {
    stores.metrics.emit();
    stores.cluster.emit({ kind: 'resync' });
  } else if (payload.startsWith('s:') || payload.startsWith('d:')) {
    stores.metrics.emit();
  } else {
    stores.cluster.receive(payload);
  }
}
