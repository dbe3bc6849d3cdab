import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Widget } from '@/lib/protocol';
import { pgMigrationCount } from '@/lib/store/postgres/pg-migrate';
import { type PostgresCluster, startPostgresCluster } from '@/lib/testing/postgres-cluster';
import { openChat } from './helpers/chat-client';
import { closeClients } from './helpers/cleanup';
import { makeSamples, values } from './helpers/expected-samples';
import { getHealth, getJson, pushSamples, putLayout } from './helpers/http-api';
import { scrapeMetrics } from './helpers/metrics-scrape';
import { collectSamples, openSse } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';

/** Starting the throwaway PostgreSQL cluster, at most, in milliseconds. */
const CLUSTER_START_TIMEOUT_MS = 120_000;

/**
 * The real production server on PostgreSQL (DATABASE_URL) instead of the SQLite file, against a
 * throwaway PostgreSQL 15 cluster this file starts (lib/testing/postgres-cluster.ts).
 */
let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgresCluster();
}, CLUSTER_START_TIMEOUT_MS);
afterAll(() => cluster?.stop());
afterEach(closeClients);

const cpu: Widget = { id: 'w-cpu', series: 'host.cpu', kind: 'line', size: 's' };

describe('the server on PostgreSQL (DATABASE_URL)', () => {
  let server: TestServer;
  beforeAll(async () => {
    await cluster.sql('CREATE DATABASE one_instance');
    server = await startTestServer({
      COLLECTOR_ENABLED: '0',
      DATABASE_URL: cluster.urlOf('one_instance'),
      INSTANCE_ID: 'it-pg-1',
    });
  });
  afterAll(() => server?.stop());

  it('names its instance and engine in /api/health and /metrics', async () => {
    expect(await getHealth(server.url)).toMatchObject({
      status: 'ok',
      instance: 'it-pg-1',
      engine: 'postgres',
      store: 'ok',
    });
    const metrics = await scrapeMetrics(server.url);
    expect(metrics.get('pulseboard_instance_info{instance_id="it-pg-1",engine="postgres"}')).toBe(
      1,
    );
    expect(server.output()).toMatch(/"instance":"it-pg-1"/);
  });

  it('streams what it ingests, stores it in PostgreSQL, and resumes after Last-Event-ID', async () => {
    const stream = await openSse(`${server.url}/api/stream`);
    await stream.nextEvent('snapshot');
    const first = await pushSamples(server.url, makeSamples('pg.a', 1, 3));
    const live = await collectSamples(stream, first.seq);
    expect(values(live.samples)).toEqual([1, 2, 3]);
    expect(await cluster.sql('SELECT COUNT(*) FROM samples', 'one_instance')).toBe('3');

    stream.close();
    const missed = await pushSamples(server.url, makeSamples('pg.a', 4, 2));
    const resumed = await openSse(`${server.url}/api/stream`, {
      headers: { 'Last-Event-ID': String(first.seq) },
    });
    const replay = await collectSamples(resumed, missed.seq);
    expect(replay.events.map((e) => e.event)).not.toContain('snapshot');
    expect(values(replay.samples)).toEqual([4, 5]);
  });

  it('relays a chat message and acks it once stored', async () => {
    const [ada, bob] = await Promise.all([
      openChat(server.wsUrl, { name: 'ada' }),
      openChat(server.wsUrl, { name: 'bob' }),
    ]);
    ada.send({ type: 'message', text: 'hello from postgres', clientMsgId: 'pg-1' });
    const ack = await ada.next('ack');
    const atBob = await bob.next('message');
    expect(atBob).toMatchObject({ id: ack.id, text: 'hello from postgres', clientMsgId: 'pg-1' });
    const stored = await cluster.sql(
      "SELECT id || ':' || text FROM chat_messages WHERE client_msg_id = 'pg-1'",
      'one_instance',
    );
    expect(stored).toBe(`${ack.id}:hello from postgres`);
  });

  it('saves the layout with its version check: 200, then 409 for a stale base', async () => {
    expect(await putLayout(server.url, { baseVersion: 0, widgets: [cpu] })).toEqual({
      status: 200,
      body: { version: 1, widgets: [cpu] },
    });
    const stale = await putLayout(server.url, { baseVersion: 0, widgets: [] });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: { code: 'conflict' } });
    expect((await getJson(`${server.url}/api/layout`)).body).toEqual({
      version: 1,
      widgets: [cpu],
    });
  });
});

describe('two servers starting at once on one new PostgreSQL database', () => {
  it('both start; the migrations are applied once', async () => {
    await cluster.sql('CREATE DATABASE two_at_once');
    const env = { COLLECTOR_ENABLED: '0', DATABASE_URL: cluster.urlOf('two_at_once') };
    const servers = await Promise.all([
      startTestServer({ ...env, INSTANCE_ID: 'a' }),
      startTestServer({ ...env, INSTANCE_ID: 'b' }),
    ]);
    try {
      const applied = await cluster.sql(
        'SELECT COUNT(*) FROM drizzle.__drizzle_migrations',
        'two_at_once',
      );
      expect(applied).toBe(String(pgMigrationCount()));
      // Both serve the same data: a sample pushed to one reaches a stream of the other, woken
      // by the commit's NOTIFY on its LISTEN connection (the poll is the fallback).
      const [a, b] = servers as [TestServer, TestServer];
      const atB = await openSse(`${b.url}/api/stream`);
      await atB.nextEvent('snapshot');
      const { seq } = await pushSamples(a.url, makeSamples('both', 7, 1));
      expect(values((await collectSamples(atB, seq)).samples)).toEqual([7]);
      await expect
        .poll(async () => {
          const metrics = await scrapeMetrics(b.url);
          return [
            metrics.get('pulseboard_store_listener_connected'),
            (metrics.get('pulseboard_store_change_notices_total{source="notify"}') ?? 0) > 0,
          ];
        })
        .toEqual([1, true]);

      // A stream of A resumes on B (Last-Event-ID) with no gap, no duplicate, no snapshot.
      const missed = await pushSamples(a.url, makeSamples('both', 8, 2));
      const resumedOnB = await openSse(`${b.url}/api/stream`, {
        headers: { 'Last-Event-ID': String(seq) },
      });
      const replay = await collectSamples(resumedOnB, missed.seq);
      expect(values(replay.samples)).toEqual([8, 9]);
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  });
});
