import type { Layout, Widget } from '@/lib/protocol';
import { SINGLE_PROCESS_CLUSTER } from '@/lib/store/cluster-store';
import { DEFAULT_BOARD_HISTORY } from '@/lib/store/layout-history-store';
import { type LayoutStore, layoutConflict } from '@/lib/store/layout-store';
import type { MetricStoreOptions } from '@/lib/store/metric-store';
import type { RetentionKind, RetentionStore } from '@/lib/store/retention-store';
import { StoreStatus } from '@/lib/store/store-status';
import type { EngineStores } from '@/lib/store/stores';
import { MemoryAlertStore } from './memory-alert-store';
import { MemoryBoardStore } from './memory-board-store';
import { MemoryChatStore } from './memory-chat-store';
import { MemoryClusterStore, memoryBusOf } from './memory-cluster-store';
import { MemoryDatabase } from './memory-database';
import { MemoryLayoutHistoryStore, recordMemoryLayoutVersion } from './memory-layout-history-store';
import { MemoryMetricStore } from './memory-metric-store';
import { MemorySessionStore } from './memory-session-store';

/**
 * An engine in memory, for tests of what sits above the stores (the hubs): it passes the store
 * contract suite (tests/store-contract/memory.contract.test.ts), so it behaves like an engine,
 * and every call takes effect when it is made. Wrap it with `scheduledStores` to delay calls.
 * With `cluster: true` every handle on one `database` is an instance sharing it (as on
 * PostgreSQL): a MemoryClusterStore, and chat commits hinted to the others.
 */
export function openMemoryStores(
  database = new MemoryDatabase(),
  options: MetricStoreOptions & { cluster?: boolean } = {},
): EngineStores {
  const status = new StoreStatus(() => undefined);
  const metrics = new MemoryMetricStore(database, options);
  return {
    metrics,
    chat: new MemoryChatStore(database),
    layout: new MemoryLayoutStore(database),
    boards: new MemoryBoardStore(database.boards, database.layoutHistory),
    layoutHistory: new MemoryLayoutHistoryStore(database.layoutHistory),
    alerts: new MemoryAlertStore(database.alerts, (id) =>
      memoryBusOf(database).send({ kind: 'annotation', id }),
    ),
    retention: new MemoryRetentionStore(database),
    sessions: new MemorySessionStore(database.sessions),
    cluster: options.cluster ? new MemoryClusterStore(database) : SINGLE_PROCESS_CLUSTER,
    status,
    tasks: [],
    wal: undefined,
    close: () => metrics.close(),
  };
}

/** {@link LayoutStore} in memory. */
export class MemoryLayoutStore implements LayoutStore {
  readonly #db: MemoryDatabase;

  constructor(db: MemoryDatabase) {
    this.#db = db;
  }

  async get(): Promise<Layout> {
    return this.#db.layout;
  }

  async put(baseVersion: number, widgets: Widget[]): Promise<Layout> {
    const current = this.#db.layout.version;
    if (baseVersion !== current) throw layoutConflict(baseVersion, current);
    this.#db.layout = { version: current + 1, widgets };
    recordMemoryLayoutVersion(this.#db.layoutHistory, DEFAULT_BOARD_HISTORY, this.#db.layout);
    memoryBusOf(this.#db).send({ kind: 'layout', version: current + 1 });
    return this.#db.layout;
  }
}

/** {@link RetentionStore} in memory, with the retention floor. */
export class MemoryRetentionStore implements RetentionStore {
  readonly #db: MemoryDatabase;

  constructor(db: MemoryDatabase) {
    this.#db = db;
  }

  async deleteExpired(kind: RetentionKind, cutoffMs: number, limit: number): Promise<number> {
    if (kind === 'raw') {
      const doomed = this.#db.samples.filter((r) => r.ts < cutoffMs).slice(0, limit);
      const gone = new Set(doomed.map((r) => r.seq));
      this.#db.samples = this.#db.samples.filter((r) => !gone.has(r.seq));
      for (const seq of gone) {
        this.#db.retentionFloor = Math.max(this.#db.retentionFloor, seq);
        this.#db.deletedSeqs.add(seq);
      }
      return gone.size;
    }
    const table = this.#db.rollups[kind === 'minute' ? '1m' : '1h'];
    let deleted = 0;
    for (const [key, r] of table) {
      if (deleted >= limit) break;
      if (r.bucketTs < cutoffMs) {
        table.delete(key);
        deleted++;
      }
    }
    return deleted;
  }
}
