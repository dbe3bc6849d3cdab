import type { Layout, Widget } from '@/lib/protocol';
import { type LayoutStore, layoutConflict } from '@/lib/store/layout-store';
import type { MetricStoreOptions } from '@/lib/store/metric-store';
import type { RetentionKind, RetentionStore } from '@/lib/store/retention-store';
import { StoreStatus } from '@/lib/store/store-status';
import type { EngineStores } from '@/lib/store/stores';
import { MemoryChatStore } from './memory-chat-store';
import { MemoryDatabase } from './memory-database';
import { MemoryMetricStore } from './memory-metric-store';
import { MemorySessionStore } from './memory-session-store';

/**
 * An engine in memory, for tests of what sits above the stores (the hubs): it passes the store
 * contract suite (tests/store-contract/memory.contract.test.ts), so it behaves like an engine,
 * and every call takes effect when it is made. Wrap it with `scheduledStores` to delay calls.
 */
export function openMemoryStores(
  database = new MemoryDatabase(),
  options: MetricStoreOptions = {},
): EngineStores {
  const status = new StoreStatus(() => undefined);
  const metrics = new MemoryMetricStore(database, options);
  return {
    metrics,
    chat: new MemoryChatStore(database),
    layout: new MemoryLayoutStore(database),
    retention: new MemoryRetentionStore(database),
    sessions: new MemorySessionStore(database.sessions),
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
