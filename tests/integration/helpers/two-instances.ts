import { LISTENER_NAME_SUFFIX } from '@/lib/store/postgres/open-postgres-stores';
import type { PostgresCluster } from '@/lib/testing/postgres-cluster';
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
