import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeClients } from './helpers/cleanup';
import { openSse, pushAndSettle } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';

const MINUTE_MS = 60_000;

let server: TestServer;
let now: number;
beforeAll(async () => {
  server = await startTestServer({ COLLECTOR_ENABLED: '0' });
  now = Date.now();
  await pushAndSettle(server.url, [
    { series: 'snap.latency', unit: 'ms', value: 12, ts: now - 20_000 },
    { series: 'snap.latency', value: 10, ts: now - 30_000 },
    { series: 'snap.queue', value: 3, ts: now - 1_000 },
    { series: 'snap.old', value: 99, ts: now - 10 * MINUTE_MS },
    { series: 'snap.latency', value: 14, ts: now - 4 * MINUTE_MS },
  ]);
});
afterAll(() => server?.stop());
afterEach(closeClients);

describe('GET /api/stream: headers and the first events', () => {
  it('sends the event-stream headers and is never compressed, even when gzip is accepted', async () => {
    const head = await new Promise<{ headers: Record<string, unknown>; firstChunk: string }>(
      (resolve, reject) => {
        const req = request(`${server.url}/api/stream`, {
          headers: { 'Accept-Encoding': 'gzip, deflate, br', Accept: 'text/event-stream' },
        });
        req.once('response', (res) => {
          res.once('data', (chunk: Buffer) => {
            resolve({ headers: res.headers, firstChunk: chunk.toString('latin1') });
            req.destroy();
          });
        });
        req.once('error', reject);
        req.end();
      },
    );

    expect(head.headers).toMatchObject({
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    });
    expect(head.headers['content-encoding']).toBeUndefined();
    expect(head.firstChunk).toMatch(/^retry: \d+\n\n/);
  });

  it('starts with a retry line, then a snapshot whose id is its seq', async () => {
    const stream = await openSse(`${server.url}/api/stream`);

    const first = await stream.next();
    const second = await stream.next();

    expect(first).toMatchObject({ retry: expect.any(Number) });
    expect(first.event).toBeUndefined();
    expect(first.retry).toBeGreaterThanOrEqual(1000);
    expect(first.retry).toBeLessThanOrEqual(2000);
    expect(second.event).toBe('snapshot');
    expect(second.id).toBe('5');
    expect(JSON.parse(second.data ?? '')).toMatchObject({ seq: 5 });
  });

  it('holds the last 5 minutes of every series by default, each oldest first with its unit', async () => {
    const stream = await openSse(`${server.url}/api/stream`);

    const { data } = await stream.nextEvent('snapshot');

    expect(data).toEqual({
      seq: 5,
      epoch: expect.any(String),
      series: expect.arrayContaining([
        {
          name: 'snap.latency',
          unit: 'ms',
          points: [
            [now - 4 * MINUTE_MS, 14],
            [now - 30_000, 10],
            [now - 20_000, 12],
          ],
        },
        { name: 'snap.queue', points: [[now - 1_000, 3]] },
        { name: 'snap.old', points: [] },
      ]),
    });
    expect(data.series).toHaveLength(3);
  });

  it('honours ?window=<seconds>', async () => {
    const narrow = await openSse(`${server.url}/api/stream?window=25`);
    const wide = await openSse(`${server.url}/api/stream?window=900`);

    const narrowSnapshot = (await narrow.nextEvent('snapshot')).data;
    const wideSnapshot = (await wide.nextEvent('snapshot')).data;

    const points = (payload: typeof narrowSnapshot) =>
      Object.fromEntries(payload.series.map((s) => [s.name, s.points.map(([, v]) => v)]));
    expect(points(narrowSnapshot)).toEqual({
      'snap.latency': [12],
      'snap.queue': [3],
      'snap.old': [],
    });
    expect(points(wideSnapshot)).toEqual({
      'snap.latency': [14, 10, 12],
      'snap.queue': [3],
      'snap.old': [99],
    });
  });
});
