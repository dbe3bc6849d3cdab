import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openChat } from './helpers/chat-client';
import { closeClients } from './helpers/cleanup';
import { pushSamples } from './helpers/http-api';
import { scrapeMetrics } from './helpers/metrics-scrape';
import { openSse } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';

const TOKEN = 'scrape-secret';
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ COLLECTOR_ENABLED: '0', METRICS_TOKEN: TOKEN });
});
afterAll(() => server?.stop());
afterEach(closeClients);

const scrape = () => scrapeMetrics(server.url, TOKEN);

describe('GET /metrics', () => {
  it('answers in the Prometheus text format', async () => {
    const response = await fetch(`${server.url}/metrics`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('refuses a scrape without the bearer token when METRICS_TOKEN is set', async () => {
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { code: 'unauthorized', message: 'missing Authorization: Bearer token' },
    });
  });

  it('counts three open streams, their events and a replay against real traffic', async () => {
    const before = await scrape();
    const streams = await Promise.all([1, 2, 3].map(() => openSse(`${server.url}/api/stream`)));
    for (const s of streams) await s.nextEvent('snapshot');
    const { seq } = await pushSamples(server.url, [{ series: 'm.one', value: 1 }]);
    for (const s of streams) await s.nextEvent('samples');
    expect((await scrape()).get('pulseboard_sse_streams_open')).toBe(3);
    const resumed = await openSse(`${server.url}/api/stream`, {
      headers: { 'Last-Event-ID': String(seq) },
    });
    const after = await scrape();
    expect(after.get('pulseboard_sse_streams_open')).toBe(4);
    const sent =
      (after.get('pulseboard_events_sent_total{channel="sse"}') ?? 0) -
      (before.get('pulseboard_events_sent_total{channel="sse"}') ?? 0);
    expect(sent).toBe(6); // three snapshots, then one samples event to each of the three
    expect(after.get('pulseboard_sse_starts_total{kind="replay"}')).toBe(1);
    expect(after.get('pulseboard_commit_to_push_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(after.get('process_resident_memory_bytes')).toBeGreaterThan(0);
    for (const s of [...streams, resumed]) s.close();
  });

  it('counts chat messages stored and relayed, chat sockets, and errors by code', async () => {
    const ada = await openChat(server.wsUrl, { name: 'm-ada' });
    const bob = await openChat(server.wsUrl, { name: 'm-bob' });
    const carol = await openChat(server.wsUrl, { name: 'm-carol' });
    ada.send({ type: 'message', text: 'hi all' });
    await ada.next('ack');
    ada.send({ type: 'nonsense' });
    await ada.next('error');
    await fetch(`${server.url}/api/metrics`, { method: 'POST', body: 'x' });
    const values = await scrape();
    expect(values.get('pulseboard_chat_sockets_open')).toBe(3);
    expect(values.get('pulseboard_chat_messages_stored_total')).toBe(1);
    expect(values.get('pulseboard_chat_messages_relayed_total')).toBe(2);
    expect(values.get('pulseboard_errors_total{channel="chat",code="unknown_type"}')).toBe(1);
    expect(
      values.get('pulseboard_errors_total{channel="http",code="unsupported_media_type"}'),
    ).toBe(1);
    await Promise.all([ada.close(), bob.close(), carol.close()]);
  });
});
