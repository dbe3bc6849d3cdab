import { describe, it } from 'vitest';

/**
 * Issue 12 (f), (g), (h): the chat half of the multi-instance harness, for when chat, presence,
 * typing and `event: layout` cross instances (branch cluster-chat). Each becomes an `it` here on
 * the same harness as cluster-streams.test.ts:
 *
 * ```ts
 * let cluster: InstanceCluster;
 * beforeAll(async () => {
 *   cluster = await startInstanceCluster({ idPrefix: 'chat' });
 * }, CLUSTER_START_TIMEOUT_MS);
 * afterAll(() => cluster?.stop());
 * // cluster.instances[i].wsUrl for openChat(); cluster.sql() to read chat_messages;
 * // cluster.kill(i) for "an instance dies"; expectClusterHealthy(cluster, ids) at the end (j).
 * ```
 */
describe('chat across three instances over one PostgreSQL', () => {
  it.todo(
    '(f) the same clientMsgId sent to two instances at once: one row, one ack, one broadcast',
  );
  it.todo(
    '(g) presence converges: a join on A shows on B within 2 s; a dead instance’s names leave within the heartbeat timeout plus 2 s; a name online on two instances stays when it leaves one',
  );
  it.todo(
    '(h) two concurrent layout PUTs with the same base version on two instances: exactly one 200 and one 409, and event: layout reaches every instance',
  );
});
