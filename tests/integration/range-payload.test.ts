import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/start-test-server';
import { withStores } from './helpers/stores';

/** The bound on the answer for a 7-day range, in bytes. */
const SEVEN_DAY_PAYLOAD_MAX_BYTES = 500_000;
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

/** The collector's built-in series (10) plus two more, and 8 pushed ones: 20 series. */
const SERIES = [
  'host.cpu',
  'host.memory.used',
  'host.load1',
  'host.net.rx',
  'host.net.tx',
  'server.rss',
  'server.eventloop.delay',
  'server.sse.streams',
  'server.chat.sockets',
  'server.chat.messages',
  'host.disk.read',
  'host.disk.write',
  ...Array.from({ length: 8 }, (_, i) => `pushed.series${i}`),
];

let server: TestServer;
let now: number;
beforeAll(async () => {
  server = await startTestServer({ COLLECTOR_ENABLED: '0' });
  now = Date.now();
  // 7 days of one sample a minute per series, stored through the store (its rollups kept as
  // the ingest path keeps them): 20 × 10080 = 201,600 rows.
  await withStores(server.databasePath, async ({ metrics }) => {
    for (const name of SERIES) {
      const batch = [];
      for (let ts = now - 7 * DAY; ts <= now; ts += MIN) {
        batch.push({ series: name, unit: '%', ts, value: Math.random() * 100 });
      }
      await metrics.append(batch);
    }
  });
}, 120_000);
afterAll(() => server?.stop());

async function bytesOf(
  spanMs: number,
): Promise<{ bytes: number; resolution: string; points: number; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${server.url}/api/range?from=${now - spanMs}&to=${now}`);
  const text = await response.text();
  const ms = Math.round(performance.now() - started);
  const body = JSON.parse(text) as { resolution: string; series: { points: unknown[] }[] };
  const points = body.series.reduce((n, s) => n + s.points.length, 0);
  return { bytes: Buffer.byteLength(text), resolution: body.resolution, points, ms };
}

describe('GET /api/range payload sizes', () => {
  it('answers 7 days of 20 series in hour buckets under 500 KB', async () => {
    const week = await bytesOf(7 * DAY);
    const day = await bytesOf(DAY);
    console.log(
      `[range-payload] 7d: ${week.bytes} bytes, ${week.points} points (${week.resolution}) in ${week.ms} ms; ` +
        `24h: ${day.bytes} bytes, ${day.points} points (${day.resolution}) in ${day.ms} ms`,
    );
    expect(week.resolution).toBe('1h');
    expect(week.points).toBe(SERIES.length * (7 * 24 + 1));
    expect(week.bytes).toBeLessThan(SEVEN_DAY_PAYLOAD_MAX_BYTES);
    expect(day.resolution).toBe('1m');
    expect(day.points).toBe(SERIES.length * (24 * 60 + 1));
  });
});
