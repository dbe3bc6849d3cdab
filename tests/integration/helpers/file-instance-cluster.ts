import { afterAll, afterEach, beforeAll } from 'vitest';
import { closeClients } from './cleanup';
import {
  CLUSTER_START_TIMEOUT_MS,
  type ClusterOptions,
  type InstanceCluster,
  startInstanceCluster,
} from './instance-cluster';

/**
 * The instances over one PostgreSQL of a test file: started before its first test, stopped
 * after its last, clients closed after each test. Call it at the top of the file; the getter
 * gives the running cluster inside tests.
 */
export function instanceClusterOfFile(options: ClusterOptions): () => InstanceCluster {
  let cluster: InstanceCluster | undefined;
  beforeAll(async () => {
    cluster = await startInstanceCluster(options);
  }, CLUSTER_START_TIMEOUT_MS);
  afterAll(() => cluster?.stop());
  afterEach(closeClients);
  return () => {
    if (!cluster) throw new Error('the instance cluster did not start (see beforeAll)');
    return cluster;
  };
}
