import { afterAll, afterEach, beforeAll } from 'vitest';
import { LISTENER_NAME_SUFFIX } from '@/lib/store/postgres/open-postgres-stores';
import { type PostgresCluster, startPostgresCluster } from '@/lib/testing/postgres-cluster';
import { closeClients } from './cleanup';
import { startTestServer, type TestServer } from './start-test-server';

/**
 * Two servers (instances `<db>-a` and `<db>-b`) on one new database of `cluster`, started at
 * once, as two machines behind a load balancer.
 */
export async function startTwoInstances(
  cluster: PostgresCluster,
  database: string,
): Promise<[TestServer, TestServer]> {
  await cluster.sql(`CREATE DATABASE ${database}`);
  const env = { COLLECTOR_ENABLED: '0', DATABASE_URL: cluster.urlOf(database) };
  const [a, b] = await Promise.all([
    startTestServer({ ...env, INSTANCE_ID: `${database}-a` }),
    startTestServer({ ...env, INSTANCE_ID: `${database}-b` }),
  ]);
  return [a, b];
}

/**
 * Ends the LISTEN connection of `instanceId` from the database side (`pg_terminate_backend`);
 * resolves with how many backends it ended. The listener names itself `<INSTANCE_ID>/listen`
 * (LISTENER_NAME_SUFFIX); the pool's connections carry the bare id.
 */
export async function terminateListener(
  cluster: PostgresCluster,
  database: string,
  instanceId: string,
): Promise<number> {
  const ended = await cluster.sql(
    `SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
     WHERE datname = '${database}' AND application_name = '${instanceId}${LISTENER_NAME_SUFFIX}'`,
  );
  return Number(ended);
}

/** Starting the throwaway PostgreSQL cluster and the two instances, at most, in milliseconds. */
export const TWO_INSTANCES_START_TIMEOUT_MS = 120_000;

/** What {@link twoInstancesOfFile} hands a test file once started. */
export type TwoInstances = { cluster: PostgresCluster; a: TestServer; b: TestServer };

/**
 * A test file's PostgreSQL cluster and two instances on database `database`: started before its
 * first test (`started` receives them, then may prepare more), stopped after its last; clients
 * are closed after each test.
 */
export function twoInstancesOfFile(
  database: string,
  started: (instances: TwoInstances) => void | Promise<void>,
): void {
  let running: Partial<TwoInstances> = {};
  beforeAll(async () => {
    const cluster = await startPostgresCluster();
    running = { cluster };
    const [a, b] = await startTwoInstances(cluster, database);
    running = { cluster, a, b };
    await started({ cluster, a, b });
  }, TWO_INSTANCES_START_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all([running.a?.stop(), running.b?.stop()]);
    await running.cluster?.stop();
  });
  afterEach(closeClients);
}
