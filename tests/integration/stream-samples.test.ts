import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sample } from '@/lib/protocol';
import { closeClients } from './helpers/cleanup';
import { inSeqOrder, makeSamples, type NumberedBatch, values } from './helpers/expected-samples';
import { pushSamples } from './helpers/http-api';
import { collectSamples, openSse, pushAndSettle, type SamplesEvent } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ COLLECTOR_ENABLED: '0' });
});
afterAll(() => server?.stop());
afterEach(closeClients);

describe('GET /api/stream: live samples', () => {
  it('sends a samples event with every sample of a push, with the push seq as its id', async () => {
    const stream = await openSse(`${server.url}/api/stream`);
    const snapshot = await stream.nextEvent('snapshot');
    const ts = Date.now() - 1000;

    const result = await pushSamples(server.url, [
      { series: 'live.a', value: 1.5, ts },
      { series: 'live.b', value: -2, ts: ts + 1 },
      { series: 'live.a', value: 3, ts: ts + 2 },
    ]);
    const event = await stream.nextEvent('samples');

    expect(result).toEqual({ accepted: 3, seq: Number(snapshot.id) + 3 });
    expect(event.id).toBe(String(result.seq));
    expect(event.data).toEqual({
      seq: result.seq,
      samples: [
        { series: 'live.a', ts, value: 1.5 },
        { series: 'live.b', ts: ts + 1, value: -2 },
        { series: 'live.a', ts: ts + 2, value: 3 },
      ],
      series: [{ name: 'live.a' }, { name: 'live.b' }],
    });
  });

  it('delivers every sample of concurrent pushes exactly once, in seq order', async () => {
    const stream = await openSse(`${server.url}/api/stream`);
    const snapshot = await stream.nextEvent('snapshot');
    const pushes = Array.from({ length: 30 }, (_, i) =>
      makeSamples(`burst.${i % 4}`, i * 1000, 1 + (i % 7) * 20),
    );

    const batches: NumberedBatch[] = await Promise.all(
      pushes.map(async (samples) => ({
        samples,
        seq: (await pushSamples(server.url, samples)).seq,
      })),
    );
    const expected = inSeqOrder(batches);
    const lastSeq = expected.at(-1)?.seq ?? 0;
    const events: SamplesEvent[] = [];
    while ((events.at(-1)?.data.seq ?? 0) < lastSeq) events.push(await stream.nextEvent('samples'));

    const received: Sample[] = events.flatMap((e) => e.data.samples);
    expect(values(received)).toEqual(expected.map((s) => s.value));
    expect(expected[0]?.seq).toBe(Number(snapshot.id) + 1);
    const ids = events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(events.every((e) => e.id === String(e.data.seq))).toBe(true);
  });

  it('limits the snapshot and the live samples to ?series=a,b', async () => {
    await pushAndSettle(server.url, [
      { series: 'only.a', value: 1 },
      { series: 'only.b', value: 2 },
      { series: 'only.c', value: 3 },
    ]);
    const stream = await openSse(`${server.url}/api/stream?series=only.a,only.b`);
    const snapshot = await stream.nextEvent('snapshot');

    await pushSamples(server.url, [{ series: 'only.c', value: 30 }]);
    await pushSamples(server.url, [
      { series: 'only.c', value: 31 },
      { series: 'only.b', value: 20 },
      { series: 'only.a', value: 10 },
    ]);
    const event = await stream.nextEvent('samples');

    expect(snapshot.data.series.map((s) => [s.name, s.points.map(([, v]) => v)])).toEqual([
      ['only.a', [1]],
      ['only.b', [2]],
    ]);
    expect(values(event.data.samples)).toEqual([20, 10]);
    expect(event.data.samples.map((s) => s.series)).toEqual(['only.b', 'only.a']);
  });

  it('accepts ?series= repeated, as a union of the lists', async () => {
    const stream = await openSse(`${server.url}/api/stream?series=rep.a&series=rep.b,rep.c`);
    await stream.nextEvent('snapshot');

    const { seq } = await pushSamples(server.url, [
      { series: 'rep.a', value: 1 },
      { series: 'rep.x', value: 2 },
      { series: 'rep.c', value: 3 },
    ]);
    const { samples } = await collectSamples(stream, seq);

    expect(values(samples)).toEqual([1, 3]);
  });

  it('describes a series that appears after the snapshot once, with its unit', async () => {
    const stream = await openSse(`${server.url}/api/stream?series=fresh.x`);
    const snapshot = await stream.nextEvent('snapshot');

    await pushSamples(server.url, [{ series: 'fresh.x', value: 1, unit: 'req/s' }]);
    const first = await stream.nextEvent('samples');
    await pushSamples(server.url, [{ series: 'fresh.x', value: 2 }]);
    const second = await stream.nextEvent('samples');

    expect(snapshot.data.series).toEqual([]);
    expect(first.data.series).toEqual([{ name: 'fresh.x', unit: 'req/s' }]);
    expect(second.data).not.toHaveProperty('series');
    expect(values(second.data.samples)).toEqual([2]);
  });
});
