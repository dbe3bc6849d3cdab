import type { AlertStore } from './alert-store';
import type { BoardStore } from './board-store';
import type { ChatStore } from './chat-store';
import type { ClusterStore } from './cluster-store';
import type { LayoutHistoryStore } from './layout-history-store';
import type { LayoutStore } from './layout-store';
import type { MetricStore } from './metric-store';
import type { RetentionStore } from './retention-store';
import type { RetentionSweeper } from './retention-sweeper';
import type { SessionStore } from './session-store';
import type { StoreStatus } from './store-status';

/** One piece of an engine's background work (a timer that reads or writes the database). */
export type BackgroundTask = { start(): void; stop(): void | Promise<void> };

/** What an engine's checkpointer shows on `/metrics` (SQLite: lib/store/sqlite/wal-checkpointer.ts). */
export type CheckpointSource = {
  /** Size of the write-ahead log now, in bytes. */
  walBytes(): number;
  readonly stats: {
    passive: number;
    truncate: number;
    busy: number;
    failed: number;
    maxDurationMs: number;
  };
};

/**
 * How an engine learns of commits made by other processes or instances, for `/metrics`
 * (PostgreSQL: its LISTEN connection and its fallback poll).
 */
export type ChangeNoticeSource = {
  readonly stats: {
    /** Wake-ups from LISTEN/NOTIFY. */
    listenNotices: number;
    /** Changes the fallback poll noticed. */
    pollNotices: number;
    /** Whether the listener connection is up and listening. */
    listenerConnected: boolean;
    /** Times the listener connection was lost (and opened again). */
    listenerReconnects: number;
    /** PostgreSQL's `pg_notification_queue_usage()` (0 to 1) at the listener's last check. */
    notifyQueueUsage: number;
  };
};

/** The background work of the stores, started once the server listens. */
export type StoreTasks = {
  /** Starts every task (retention, the engine's checkpoints and change notices). */
  start(): void;
  /** Stops every task and waits for the work in progress to end. */
  stop(): Promise<void>;
  /** The retention sweeper (its counters feed `/metrics`). */
  readonly retention: RetentionSweeper;
  /** The engine's WAL checkpointer when it has one, for `/metrics`. */
  readonly wal: CheckpointSource | undefined;
  /** The engine's change notices when it has them (PostgreSQL), for `/metrics`. */
  readonly changes?: ChangeNoticeSource | undefined;
};

/** Every store of one database, sharing one {@link StoreStatus}. */
export type Stores = {
  metrics: MetricStore;
  chat: ChatStore;
  layout: LayoutStore;
  /** The boards besides the default one, and their layouts. */
  boards: BoardStore;
  /** Every saved version of each board's layout (the bounded history). */
  layoutHistory: LayoutHistoryStore;
  /** Alert rules, their states and the timeline's annotations. */
  alerts: AlertStore;
  retention: RetentionStore;
  /** Login sessions and their revocations (access control). */
  sessions: SessionStore;
  /** What the instances sharing the database tell each other (SINGLE_PROCESS_CLUSTER on SQLite). */
  cluster: ClusterStore;
  /** Whether writes work, learned from the last write (`/api/health`'s `store`). */
  status: StoreStatus;
  tasks: StoreTasks;
  /** Stops the tasks, then closes the database. */
  close(): Promise<void>;
};

/** What an engine opens: the stores and its own background tasks. */
export type EngineStores = Omit<Stores, 'tasks' | 'close'> & {
  tasks: readonly BackgroundTask[];
  wal: CheckpointSource | undefined;
  /** Change notices (PostgreSQL's LISTEN and poll), for `/metrics`. */
  changes?: ChangeNoticeSource | undefined;
  /** Closes the database (after the tasks stopped). */
  close(): Promise<void>;
};
