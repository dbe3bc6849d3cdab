import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeClients } from './helpers/cleanup';
import { getJson, pushSamples } from './helpers/http-api';
import { scrapeMetrics } from './helpers/metrics-scrape';
import { writeFromAnotherProcess } from './helpers/sqlite-file';
import { openSse } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';
import { storedSamples, withStores } from './helpers/stores';

const HOUR = 3_600_000;
const RAW_HOURS = 1;
/** The largest timestamp a JS Date holds: a sample with it never expires. */
const FAR_FUTURE_TS = 8_640_000_000_000_000;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    COLLECTOR_ENABLED: '0',
    RETENTION_RAW_HOURS: String(RAW_HOURS),
    RETENTION_SWEEP_INTERVAL_MS: '100',
    RETENTION_BATCH_ROWS: '3',
  });
});
afterAll(() => server?.stop());
afterEach(closeClients);

const rawDeleted = async () =>
  (await scrapeMetrics(server.url)).get('pulseboard_retention_deleted_rows_total{kind="raw"}') ?? 0;

describe('retention', () => {
  it('sweeps expired raw rows in batches, keeps their rollups, and resyncs a cursor into the swept range with a snapshot', async () => {
    const old = Date.now() - RAW_HOURS * HOUR - 60_000;
    const before = await rawDeleted();
    // Ingest refuses rows older than the raw retention (bad_timestamp): another process writes
    // them into the file, as a backfill script would.
    const [commit] = await writeFromAnotherProcess(server.databasePath, [
      [
        { series: 'ret.a', value: 1, ts: old },
        { series: 'ret.a', value: 2, ts: old + 1 },
        { series: 'ret.a', value: 3, ts: old + 2 },
        { series: 'ret.a', value: 4, ts: old + 3 },
        { series: 'ret.a', value: 5, ts: old + 4 },
      ],
    ]);
    const first = { seq: commit?.seqs.at(-1) as number };
    const cursor = first.seq - 4; // the first old row: the four after it will be swept
    await expect.poll(rawDeleted, { timeout: 10_000 }).toBeGreaterThanOrEqual(before + 5);
    const young = await pushSamples(server.url, [{ series: 'ret.a', value: 6 }]);

    const stored = (await storedSamples(server.databasePath)).filter((r) => r.seq <= first.seq);
    const resumed = await openSse(`${server.url}/api/stream`, {
      headers: { 'Last-Event-ID': String(cursor) },
    });
    const event = await resumed.nextEvent();
    const history = await getJson(`${server.url}/api/range?from=${old}&to=${old + 4}&series=ret.a`);
    const metrics = await scrapeMetrics(server.url);

    expect(stored).toEqual([]);
    // Not a replay of [6] with a gap where 2..5 were: a fresh snapshot at the newest seq.
    expect(event.event).toBe('snapshot');
    expect(event.id).toBe(String(young.seq));
    expect(history.body).toMatchObject({
      resolution: '1m',
      series: [{ name: 'ret.a', points: [[Math.floor(old / 60_000) * 60_000, 3]], band: [[1, 5]] }],
    });
    expect(metrics.get('pulseboard_retention_last_sweep_seconds')).toBeGreaterThanOrEqual(0);
    expect(metrics.get('pulseboard_retention_longest_batch_seconds')).toBeGreaterThan(0);
  });

  it('still replays without a gap when the cursor is right before the oldest kept row', async () => {
    const a = await pushSamples(server.url, [{ series: 'ret.b', value: 1 }]);
    const b = await pushSamples(server.url, [{ series: 'ret.b', value: 2 }]);
    const resumed = await openSse(`${server.url}/api/stream`, {
      headers: { 'Last-Event-ID': String(a.seq) },
    });
    const event = await resumed.nextEvent();
    expect(event.event).toBe('samples');
    expect(event.id).toBe(String(b.seq));
  });

  it('is not held back by a row that never expires at the head of the seq order', async () => {
    // As a database written before timestamps were checked may hold (issue 10, B3): a sample
    // far in the future first, then expired ones after it. Written through the stores.
    const old = Date.now() - RAW_HOURS * HOUR - 60_000;
    const before = await rawDeleted();
    const stuck = await withStores(server.databasePath, async ({ metrics }) => {
      const head = await metrics.append([{ series: 'ret.c', value: 0, ts: FAR_FUTURE_TS }]);
      await metrics.append([1, 2, 3].map((value) => ({ series: 'ret.c', value, ts: old + value })));
      return head.seq;
    });

    await expect.poll(rawDeleted, { timeout: 10_000 }).toBeGreaterThanOrEqual(before + 3);

    const left = (await storedSamples(server.databasePath)).filter((r) => r.series === 'ret.c');
    expect(left.map((r) => [r.seq, r.value])).toEqual([[stuck, 0]]);
    // A cursor right after the far-future row: the rows after it are gone, so a snapshot.
    const resumed = await openSse(`${server.url}/api/stream?series=ret.c`, {
      headers: { 'Last-Event-ID': String(stuck) },
    });
    expect((await resumed.nextEvent()).event).toBe('snapshot');
  });
});
