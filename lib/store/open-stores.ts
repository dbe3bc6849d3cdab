import type { Env } from '@/lib/env';
import { openPostgresStores } from './postgres/open-postgres-stores';
import { RetentionSweeper } from './retention-sweeper';
import { openSqliteStores } from './sqlite/open-sqlite-stores';
import type { EngineStores, Stores } from './stores';

/** The variables the stores are opened with. */
export type StoreEnv = Pick<
  Env,
  | 'DATABASE_PATH'
  | 'DATABASE_URL'
  | 'INSTANCE_ID'
  | 'DATABASE_MAX_BYTES'
  | 'SERIES_MAX'
  | 'RETENTION_RAW_HOURS'
  | 'RETENTION_MINUTE_DAYS'
  | 'RETENTION_HOUR_DAYS'
  | 'RETENTION_SWEEP_INTERVAL_MS'
  | 'RETENTION_BATCH_ROWS'
  | 'RETENTION_SWEEP_MAX_MS'
  | 'RANGE_CONCURRENCY_MAX'
>;

/** The engines: SQLite (embedded, the default) and PostgreSQL (DATABASE_URL). */
export type StoreEngine = 'sqlite' | 'postgres';

/** The engine `env` selects: PostgreSQL when DATABASE_URL is set. */
export function storeEngineOf(env: Pick<StoreEnv, 'DATABASE_URL'>): StoreEngine {
  return env.DATABASE_URL === undefined ? 'sqlite' : 'postgres';
}

/**
 * Opens the database and every store on it (PostgreSQL when DATABASE_URL is set, else the
 * SQLite file), and bundles their background tasks: retention, and the engine's own (WAL
 * checkpoints, change notices). Pending migrations are applied here (on PostgreSQL under an
 * advisory lock). Nothing else is written until `tasks.start()` or a store write: start the
 * tasks once the server listens.
 */
export async function openStores(env: StoreEnv): Promise<Stores> {
  if (env.DATABASE_URL !== undefined) {
    const engine = await openPostgresStores({
      url: env.DATABASE_URL,
      seriesMax: env.SERIES_MAX,
      instanceId: env.INSTANCE_ID,
    });
    return withTasks(engine, env);
  }
  const engine = openSqliteStores({
    path: env.DATABASE_PATH,
    maxBytes: env.DATABASE_MAX_BYTES,
    seriesMax: env.SERIES_MAX,
    rangeWorkers: env.RANGE_CONCURRENCY_MAX,
  });
  return withTasks(engine, env);
}

/** The engine's stores with the engine-neutral retention sweeper added to its tasks. */
export function withTasks(engine: EngineStores, env: StoreEnv): Stores {
  const retention = new RetentionSweeper(engine.retention, {
    rawHours: env.RETENTION_RAW_HOURS,
    minuteDays: env.RETENTION_MINUTE_DAYS,
    hourDays: env.RETENTION_HOUR_DAYS,
    intervalMs: env.RETENTION_SWEEP_INTERVAL_MS,
    batchRows: env.RETENTION_BATCH_ROWS,
    maxMsPerSweep: env.RETENTION_SWEEP_MAX_MS,
  });
  const all = [...engine.tasks, retention];
  let stopped: Promise<void> | undefined;
  const tasks = {
    retention,
    wal: engine.wal,
    changes: engine.changes,
    start() {
      stopped = undefined;
      for (const task of all) task.start();
    },
    stop() {
      stopped ??= Promise.all(all.map((task) => task.stop())).then(() => {});
      return stopped;
    },
  };
  return {
    metrics: engine.metrics,
    chat: engine.chat,
    layout: engine.layout,
    boards: engine.boards,
    layoutHistory: engine.layoutHistory,
    alerts: engine.alerts,
    retention: engine.retention,
    sessions: engine.sessions,
    cluster: engine.cluster,
    status: engine.status,
    tasks,
    async close() {
      await tasks.stop();
      await engine.close();
    },
  };
}
