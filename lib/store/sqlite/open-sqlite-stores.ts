import { SINGLE_PROCESS_CLUSTER } from '@/lib/store/cluster-store';
import { StoreStatus } from '@/lib/store/store-status';
import type { EngineStores } from '@/lib/store/stores';
import { openDatabase } from './open-database';
import { SqliteAlertStore } from './sqlite-alert-store';
import { SqliteBoardStore } from './sqlite-board-store';
import { SqliteChatStore } from './sqlite-chat-store';
import { sqliteFailureOf } from './sqlite-errors';
import { SqliteLayoutHistoryStore } from './sqlite-layout-history-store';
import { SqliteLayoutStore } from './sqlite-layout-store';
import { SqliteMetricStore } from './sqlite-metric-store';
import { SqliteRetentionStore } from './sqlite-retention-store';
import { SqliteSessionStore } from './sqlite-session-store';
import { WalCheckpointer } from './wal-checkpointer';

export type SqliteStoreOptions = {
  /** The SQLite file (DATABASE_PATH); `:memory:` for a throwaway database. */
  path: string;
  /** Cap on the file, in bytes (DATABASE_MAX_BYTES); none when absent. */
  maxBytes?: number | undefined;
  /** Most distinct series (SERIES_MAX); no cap when absent. */
  seriesMax?: number | undefined;
  /** Worker threads reading ranges at most (RANGE_CONCURRENCY_MAX); 1 when absent. */
  rangeWorkers?: number | undefined;
};

/**
 * Opens the SQLite file (checks it, sets the PRAGMAs, applies pending migrations: nothing is
 * written when the schema is current) and builds every store on the one connection (range
 * reads run in worker threads with read-only connections of their own, started at the first
 * read). Its background tasks: the WAL checkpointer and the `data_version` change poll.
 */
export function openSqliteStores(options: SqliteStoreOptions): EngineStores {
  const db = openDatabase(
    options.path,
    options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes },
  );
  const status = new StoreStatus(sqliteFailureOf);
  const metrics = new SqliteMetricStore(db, status, {
    seriesMax: options.seriesMax,
    rangeWorkers: options.rangeWorkers ?? 1,
  });
  const wal = new WalCheckpointer(db.$client);
  return {
    metrics,
    chat: new SqliteChatStore(db, status),
    layout: new SqliteLayoutStore(db, status),
    boards: new SqliteBoardStore(db, status),
    layoutHistory: new SqliteLayoutHistoryStore(db),
    alerts: new SqliteAlertStore(db, status),
    retention: new SqliteRetentionStore(db.$client),
    sessions: new SqliteSessionStore(db, status),
    // One process writes the chat, presence and the layout: nothing to tell other instances.
    cluster: SINGLE_PROCESS_CLUSTER,
    status,
    tasks: [wal, metrics.changePoll],
    wal,
    async close() {
      await metrics.close();
      if (db.$client.open) db.$client.close();
    },
  };
}
