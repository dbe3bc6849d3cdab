import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SNAPSHOT_MAX_SERIES } from '@/lib/stream/snapshot-limits';
import { STREAM_MAX_QUEUED_BYTES } from '@/lib/stream/stream-sink';
import { closeClients } from './helpers/cleanup';
import { pushSamples } from './helpers/http-api';
import { collectSamples, openSse } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';
import { withStores } from './helpers/stores';

/** Series in the store: what made every unfiltered snapshot about 16 MB before issue 10 B2. */
const SERIES_COUNT = 100_000;
/** Series created per append while seeding (one sample each). */
const SEED_BATCH = 10_000;
const name = (i: number) => `many.series.${String(i).padStart(6, '0')}`;

let dir: string;
let server: TestServer;
let t0: number;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pulseboard-it-many-'));
  const databasePath = path.join(dir, 'db.sqlite');
  // Series i's newest sample is at t0 + i: the newest SNAPSHOT_MAX_SERIES are the last ones.
  t0 = Date.now() - 60_000;
  await withStores(
    databasePath,
    async (stores) => {
      for (let start = 0; start < SERIES_COUNT; start += SEED_BATCH) {
        await stores.metrics.append(
          Array.from({ length: SEED_BATCH }, (_, k) => ({
            series: name(start + k),
            value: start + k,
            ts: t0 + start + k,
            unit: 'req',
          })),
        );
      }
    },
    { SERIES_MAX: String(SERIES_COUNT) },
  );
  server = await startTestServer(
    { COLLECTOR_ENABLED: '0', SERIES_MAX: String(SERIES_COUNT) },
    { databasePath },
  );
}, 180_000);
afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});
afterEach(closeClients);

describe(`GET /api/stream with ${SERIES_COUNT.toLocaleString('en')} series stored`, () => {
  it('starts an unfiltered stream with a bounded snapshot that says what it left out, then goes live', async () => {
    const openedAt = performance.now();
    const stream = await openSse(`${server.url}/api/stream`);
    const snapshot = await stream.nextEvent('snapshot', 30_000);
    const elapsedMs = Math.round(performance.now() - openedAt);
    const bytes = Buffer.byteLength(snapshot.item.raw);

    expect(bytes).toBeLessThan(STREAM_MAX_QUEUED_BYTES / 2);
    expect(snapshot.data.omittedSeries).toBe(SERIES_COUNT - SNAPSHOT_MAX_SERIES);
    expect(snapshot.data.series).toHaveLength(SNAPSHOT_MAX_SERIES);
    // The ones with the most recent samples, by name.
    const newest = Array.from({ length: SNAPSHOT_MAX_SERIES }, (_, k) =>
      name(SERIES_COUNT - SNAPSHOT_MAX_SERIES + k),
    );
    expect(snapshot.data.series.map((s) => s.name)).toEqual(newest);
    expect(snapshot.data.series[0]).toEqual({
      name: newest[0],
      unit: 'req',
      points: [[t0 + SERIES_COUNT - SNAPSHOT_MAX_SERIES, SERIES_COUNT - SNAPSHOT_MAX_SERIES]],
    });

    const live = await pushSamples(server.url, [{ series: name(SERIES_COUNT - 1), value: -1 }]);
    const { samples } = await collectSamples(stream, live.seq);
    expect(samples).toEqual([
      { series: name(SERIES_COUNT - 1), ts: expect.any(Number), value: -1 },
    ]);
    console.log(
      `many-series stream: ${SERIES_COUNT} series stored, snapshot ${bytes} bytes ` +
        `(${snapshot.data.series.length} listed, ${snapshot.data.omittedSeries} omitted), ` +
        `first snapshot after ${elapsedMs} ms`,
    );
  });

  it('serves a filtered stream of a series the unfiltered snapshot leaves out, live too', async () => {
    const leftOut = name(7);
    const stream = await openSse(`${server.url}/api/stream?series=${leftOut}`);
    const snapshot = await stream.nextEvent('snapshot');
    expect(snapshot.data).toEqual({
      seq: expect.any(Number),
      series: [{ name: leftOut, unit: 'req', points: [[t0 + 7, 7]] }],
      epoch: expect.any(String),
    });
    const live = await pushSamples(server.url, [{ series: leftOut, value: 8 }]);
    const { samples } = await collectSamples(stream, live.seq);
    expect(samples.map((s) => [s.series, s.value])).toEqual([[leftOut, 8]]);
  });

  it('finds any of them with GET /api/series', async () => {
    const response = await fetch(`${server.url}/api/series?q=series.0000&limit=3`);
    expect(await response.json()).toEqual({
      series: [
        { key: name(0), name: name(0), labels: {}, unit: 'req' },
        { key: name(1), name: name(1), labels: {}, unit: 'req' },
        { key: name(2), name: name(2), labels: {}, unit: 'req' },
      ],
      total: 100,
    });
  });
});
