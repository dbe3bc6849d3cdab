import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type PostgresCluster, startPostgresCluster } from '@/lib/testing/postgres-cluster';
import { closeChat, tryChat } from './helpers/chat-refusal';
import { closeClients } from './helpers/cleanup';
import { makeSamples, values } from './helpers/expected-samples';
import { getHealth, pushSamples } from './helpers/http-api';
import { collectSamples, openSse } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';

/** Starting the throwaway PostgreSQL cluster, at most, in milliseconds. */
const CLUSTER_START_TIMEOUT_MS = 120_000;
/** A test's bound: PostgreSQL stopped and started again, and the waits around it. */
const RESTART_TEST_TIMEOUT_MS = 120_000;
/** Longest the stream may take to pick up again once PostgreSQL is back, in milliseconds. */
const RESUME_WAIT_MS = 30_000;

let cluster: PostgresCluster;
let server: TestServer;
beforeAll(async () => {
  cluster = await startPostgresCluster();
  await cluster.sql('CREATE DATABASE restarts');
  server = await startTestServer({
    COLLECTOR_ENABLED: '0',
    DATABASE_URL: cluster.urlOf('restarts'),
  });
}, CLUSTER_START_TIMEOUT_MS);
afterAll(async () => {
  await server?.stop();
  await cluster?.stop();
});
afterEach(closeClients);

describe('the server on PostgreSQL while PostgreSQL restarts', () => {
  it.each(['fast', 'immediate'] as const)(
    'answers 503 store_unavailable with Retry-After while it is away (stop -m %s), then takes writes and streams on without a gap',
    async (mode) => {
      const stream = await openSse(`${server.url}/api/stream`);
      await stream.nextEvent('snapshot');
      const before = await pushSamples(server.url, makeSamples(`restart.${mode}`, 1, 2));
      await collectSamples(stream, before.seq);

      await cluster.stopServer(mode);
      const refused = await fetch(`${server.url}/api/metrics`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ samples: makeSamples(`restart.${mode}`, 100, 1) }),
      });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('30');
      expect(await refused.json()).toMatchObject({ error: { code: 'store_unavailable' } });
      expect((await getHealth(server.url)).store).toBe('read_only');
      // A chat name cannot be checked against the other instances' holds: 503 before the upgrade.
      const chatKey = { name: `pat-${mode}`, key: `key-of-pat-${mode}` };
      const chatRefusal = await tryChat(server.wsUrl, chatKey).catch((e: Error) => e.message);
      expect(chatRefusal).toMatch(/503/);

      await cluster.startServer();
      const after = await pushSamples(server.url, makeSamples(`restart.${mode}`, 3, 2));
      expect(after.seq).toBe(before.seq + 2);
      const resumed = await collectSamples(stream, after.seq, RESUME_WAIT_MS);
      expect(values(resumed.samples)).toEqual([3, 4]);
      expect((await getHealth(server.url)).store).toBe('ok');
      const chat = await tryChat(server.wsUrl, chatKey);
      expect(chat.refused).toBe(false);
      if (!chat.refused) await closeChat(chat.ws);
    },
    RESTART_TEST_TIMEOUT_MS,
  );
});
