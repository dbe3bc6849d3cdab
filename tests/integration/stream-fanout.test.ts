import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeClients } from './helpers/cleanup';
import { getHealth, pushSamples } from './helpers/http-api';
import { openSse, type SseStream } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ COLLECTOR_ENABLED: '0' });
});
afterAll(() => server?.stop());
afterEach(async () => {
  closeClients();
  await expect.poll(async () => (await getHealth(server.url)).streams).toBe(0);
});

async function openMany(n: number, query: string): Promise<SseStream[]> {
  const streams = await Promise.all(
    Array.from({ length: n }, () => openSse(`${server.url}/api/stream${query}`)),
  );
  await Promise.all(streams.map((s) => s.nextEvent('snapshot')));
  return streams;
}

/** Pushes one sample and returns the counters' increase and what each stream received. */
async function measureOnePush(streams: SseStream[], series: string) {
  const before = (await getHealth(server.url)).stream;
  const { seq } = await pushSamples(server.url, [{ series, value: 1 }]);
  const events = await Promise.all(streams.map((s) => s.nextEvent('samples')));
  const after = (await getHealth(server.url)).stream;
  return {
    seq,
    events,
    reads: after.fanoutReads - before.fanoutReads,
    serializations: after.fanoutSerializations - before.fanoutSerializations,
  };
}

describe('GET /api/stream: one serialization per change, whatever the number of streams', () => {
  it.each([
    ['1 stream', 1],
    ['20 streams', 20],
  ] as const)(
    'with %s on the same filter, one push costs one read and one serialization',
    async (_, n) => {
      const streams = await openMany(n, `?series=fan.${n}`);

      const { seq, events, reads, serializations } = await measureOnePush(streams, `fan.${n}`);

      expect({ reads, serializations }).toEqual({ reads: 1, serializations: 1 });
      expect(events.map((e) => e.id)).toEqual(Array(n).fill(String(seq)));
      expect(new Set(events.map((e) => e.item.raw)).size).toBe(1);
    },
  );

  it('with 20 unfiltered streams, one push costs one serialization too', async () => {
    const streams = await openMany(20, '');

    const { reads, serializations, events } = await measureOnePush(streams, 'fan.all');

    expect({ reads, serializations }).toEqual({ reads: 1, serializations: 1 });
    expect(new Set(events.map((e) => e.item.raw)).size).toBe(1);
  });

  it('serializes once per distinct filter that the change touches', async () => {
    const streams = [
      ...(await openMany(5, '?series=fan.x')),
      ...(await openMany(5, '?series=fan.x,fan.y')),
      ...(await openMany(5, '?series=fan.y,fan.x')),
      ...(await openMany(5, '?series=fan.z')),
    ];

    const { serializations, events } = await measureOnePush(streams.slice(0, 15), 'fan.x');

    expect(serializations).toBe(2);
    expect(new Set(events.map((e) => e.item.raw)).size).toBe(1);
    expect((await getHealth(server.url)).stream.groups).toBe(3);
  });
});
