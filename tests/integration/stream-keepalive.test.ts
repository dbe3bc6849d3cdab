import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeClients } from './helpers/cleanup';
import { openSse, type SseItem } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';

const KEEPALIVE_MS = 100;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    COLLECTOR_ENABLED: '0',
    SSE_KEEPALIVE_INTERVAL_MS: String(KEEPALIVE_MS),
  });
});
afterAll(() => server?.stop());
afterEach(closeClients);

describe('GET /api/stream: keep-alive', () => {
  it('writes a keep-alive comment every SSE_KEEPALIVE_INTERVAL_MS to an idle stream', async () => {
    const stream = await openSse(`${server.url}/api/stream`);
    await stream.nextEvent('snapshot');

    const comments: SseItem[] = [];
    for (let i = 0; i < 4; i++)
      comments.push(await stream.next((item) => item.comment !== undefined));

    expect(comments.map((c) => c.raw)).toEqual(Array(4).fill(': keep-alive\n\n'));
    const gaps = comments.slice(1).map((c, i) => c.receivedAt - (comments[i]?.receivedAt ?? 0));
    // "At least every interval": a busy machine may delay a comment, so the bound is loose.
    expect(Math.max(...gaps)).toBeLessThan(KEEPALIVE_MS * 10);
  });

  it('sends no other event to an idle stream (comments only)', async () => {
    const stream = await openSse(`${server.url}/api/stream`);
    await stream.nextEvent('snapshot');
    await stream.next((item) => item.comment !== undefined);
    await stream.next((item) => item.comment !== undefined);

    expect(stream.log.items.filter((item) => item.event === 'samples')).toEqual([]);
  });
});
