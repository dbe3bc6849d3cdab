import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openChat } from './helpers/chat-client';
import { closeClients } from './helpers/cleanup';
import { getHealth } from './helpers/http-api';
import { openSse, pushAndSettle } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ COLLECTOR_ENABLED: '0' });
});
afterAll(() => server?.stop());
afterEach(closeClients);

describe('GET /api/health', () => {
  it('answers 200 with status ok, the counters, and no caching', async () => {
    const response = await fetch(`${server.url}/api/health`);

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    // The contract names these fields; more counters may be added.
    expect(await response.json()).toMatchObject({
      status: 'ok',
      seq: 0,
      streams: 0,
      chatSockets: 0,
      uptimeS: expect.any(Number),
      stream: {
        fanoutReads: expect.any(Number),
        fanoutSerializations: 0,
        snapshotsSent: 0,
        replaysSent: 0,
        slowReadersDropped: 0,
        groups: 0,
      },
    });
  });

  it('counts open streams, chat sockets, and the committed seq', async () => {
    const { seq } = await pushAndSettle(server.url, [{ series: 'health.a', value: 1 }]);
    await expect.poll(async () => (await getHealth(server.url)).streams).toBe(0);
    const stream = await openSse(`${server.url}/api/stream`);
    await stream.nextEvent('snapshot');
    const chat = await openChat(server.wsUrl, { name: 'alice' });

    expect(await getHealth(server.url)).toMatchObject({
      status: 'ok',
      seq,
      streams: 1,
      chatSockets: 1,
      stream: { groups: 1, snapshotsSent: 2 },
    });

    stream.close();
    await chat.close();
    await expect.poll(() => getHealth(server.url)).toMatchObject({ streams: 0, chatSockets: 0 });
  });
});
