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
 * resolves with how many backends it ended. The listener's last statement is its LISTEN or its
 * `SELECT 1` health check; the pool never runs either.
 */
export async function terminateListener(
  cluster: PostgresCluster,
  database: string,
  instanceId: string,
): Promise<number> {
  const ended = await cluster.sql(
    `SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
     WHERE datname = '${database}' AND application_name = '${instanceId}'
       AND (query LIKE 'LISTEN%' OR query = 'SELECT 1')`,
  );
  return Number(ended);
}
