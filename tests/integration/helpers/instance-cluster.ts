import { LISTENER_NAME_SUFFIX } from '@/lib/store/postgres/open-postgres-stores';
import { type PostgresCluster, startPostgresCluster } from '@/lib/testing/postgres-cluster';
import { startTestServer, type TestEnv, type TestServer } from './start-test-server';

/** Instances a cluster test starts by default (issue 12: three). */
export const CLUSTER_INSTANCES_DEFAULT = 3;
/** Starting the throwaway PostgreSQL cluster and every instance, at most, in milliseconds. */
export const CLUSTER_START_TIMEOUT_MS = 180_000;

/**
 * N real server instances (the production build, as startTestServer) over one throwaway
 * PostgreSQL database: the multi-instance harness of issue 12. Each instance has its own
 * INSTANCE_ID (`<prefix>-1`..`<prefix>-N`), its own free port and its own (unused) SQLite path.
 */
export type InstanceCluster = {
  pg: PostgresCluster;
  /** The database every instance uses. */
  database: string;
  /** The running instances; `kill()` and `replace()` change the list. */
  instances: TestServer[];
  /** The INSTANCE_ID of instance `i` (0-based). */
  idOf(i: number): string;
  /** Runs SQL as the superuser on the cluster's database (psql, unaligned, tuples only). */
  sql(statement: string): Promise<string>;
  /** `kill -9` of instance `i`: resolves once it exited. It stays in the list, dead. */
  kill(i: number): Promise<void>;
  /** Stops every instance, then PostgreSQL. */
  stop(): Promise<void>;
};

export type ClusterOptions = {
  /** How many instances (default CLUSTER_INSTANCES_DEFAULT). */
  instances?: number;
  /** Variables for every instance, on top of `COLLECTOR_ENABLED=0` and DATABASE_URL. */
  env?: TestEnv;
  /** Variables for instance `i` only (after `env`). */
  envOf?: (i: number) => TestEnv;
  /** Prefix of the INSTANCE_IDs (default `it`). */
  idPrefix?: string;
};

/**
 * Starts PostgreSQL, creates a database, and starts the instances at once (their migrations
 * run under an advisory lock). Call `stop()` in `afterAll`.
 */
export async function startInstanceCluster(options: ClusterOptions = {}): Promise<InstanceCluster> {
  const pg = await startPostgresCluster();
  const database = 'cluster';
  const prefix = options.idPrefix ?? 'it';
  const idOf = (i: number) => `${prefix}-${i + 1}`;
  const instances: TestServer[] = [];
  try {
    await pg.sql(`CREATE DATABASE ${database}`);
    const count = options.instances ?? CLUSTER_INSTANCES_DEFAULT;
    const started = await Promise.allSettled(
      Array.from({ length: count }, (_, i) =>
        startTestServer({
          COLLECTOR_ENABLED: '0',
          ...options.env,
          ...options.envOf?.(i),
          DATABASE_URL: pg.urlOf(database),
          INSTANCE_ID: idOf(i),
        }),
      ),
    );
    for (const s of started) if (s.status === 'fulfilled') instances.push(s.value);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (error) {
    await Promise.all(instances.map((s) => s.stop()));
    await pg.stop();
    throw error;
  }
  return {
    pg,
    database,
    instances,
    idOf,
    sql: (statement) => pg.sql(statement, database),
    async kill(i) {
      await instances[i]?.stop({ signal: 'SIGKILL' });
    },
    async stop() {
      await Promise.all(instances.map((s) => s.stop()));
      await pg.stop();
    },
  };
}

/** The LISTEN connections of each instance id, from pg_stat_activity (ids with none are absent). */
export async function listenersByInstance(cluster: InstanceCluster): Promise<Map<string, number>> {
  const text = await cluster.sql(
    `SELECT application_name || '=' || COUNT(*) FROM pg_stat_activity
     WHERE application_name LIKE '%${LISTENER_NAME_SUFFIX}' GROUP BY application_name`,
  );
  const counts = new Map<string, number>();
  for (const line of text.split('\n').filter(Boolean)) {
    const [name = '', n = '0'] = line.split('=');
    counts.set(name.slice(0, -LISTENER_NAME_SUFFIX.length), Number(n));
  }
  return counts;
}

/** Sessions of the cluster's database that are `idle in transaction` (any kind). */
export async function idleInTransaction(cluster: InstanceCluster): Promise<number> {
  return Number(
    await cluster.sql(
      `SELECT COUNT(*) FROM pg_stat_activity
       WHERE datname = '${cluster.database}' AND state LIKE 'idle in transaction%'`,
    ),
  );
}

/** `pg_notification_queue_usage()`: the fraction (0..1) of the NOTIFY queue in use. */
export async function notificationQueueUsage(cluster: InstanceCluster): Promise<number> {
  return Number(await cluster.sql('SELECT pg_notification_queue_usage()'));
}

/** Terminates the LISTEN connection of the instance named `id`; resolves with how many ended. */
export async function terminateListener(cluster: InstanceCluster, id: string): Promise<number> {
  return Number(
    await cluster.sql(
      `SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
       WHERE application_name = '${id}${LISTENER_NAME_SUFFIX}'`,
    ),
  );
}
