import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeClients } from './helpers/cleanup';
import { getHealth, openRequest, pushSamples } from './helpers/http-api';
import { openSse } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ COLLECTOR_ENABLED: '0', SSE_KEEPALIVE_INTERVAL_MS: '50' });
});
afterAll(() => server?.stop());
afterEach(closeClients);

describe('GET /api/stream: release when the client goes away', () => {
  it('releases every stream and filter group after their clients abort', async () => {
    const filters = ['', '?series=a', '?series=a', '?series=b,c', '?series=c,b'];
    const streams = await Promise.all(filters.map((q) => openSse(`${server.url}/api/stream${q}`)));
    await Promise.all(streams.map((s) => s.nextEvent('snapshot')));

    expect(await getHealth(server.url)).toMatchObject({ streams: 5, stream: { groups: 3 } });
    for (const stream of streams) stream.close();

    await expect
      .poll(() => getHealth(server.url))
      .toMatchObject({ streams: 0, stream: { groups: 0 } });
  });

  it('releases streams whose clients abort before reading a byte', async () => {
    await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const stream = openRequest(`${server.url}/api/stream?series=early.${i % 3}`);
        // Half go before the response head, half right after it, before any event is read.
        if (i % 2 === 1) await stream.response;
        stream.destroy();
      }),
    );

    await expect
      .poll(() => getHealth(server.url))
      .toMatchObject({ streams: 0, stream: { groups: 0 } });
  });

  it('keeps serving the streams that stay after others leave', async () => {
    const staying = await openSse(`${server.url}/api/stream?series=stay`);
    const leaving = await openSse(`${server.url}/api/stream?series=stay`);
    await staying.nextEvent('snapshot');
    await leaving.nextEvent('snapshot');
    leaving.close();
    await expect.poll(async () => (await getHealth(server.url)).streams).toBe(1);

    const { seq } = await pushSamples(server.url, [{ series: 'stay', value: 1 }]);
    const event = await staying.nextEvent('samples');

    expect(event.id).toBe(String(seq));
    expect(await getHealth(server.url)).toMatchObject({ streams: 1, stream: { groups: 1 } });
  });

  it('stays at zero streams across many opens and aborts', async () => {
    for (let round = 0; round < 5; round++) {
      const streams = await Promise.all(
        Array.from({ length: 20 }, (_, i) => openSse(`${server.url}/api/stream?series=r${i % 4}`)),
      );
      await Promise.all(streams.map((s) => s.nextEvent('snapshot')));
      for (const stream of streams) stream.close();
    }

    await expect
      .poll(() => getHealth(server.url))
      .toMatchObject({ streams: 0, stream: { groups: 0, slowReadersDropped: 0 } });
  });
});
