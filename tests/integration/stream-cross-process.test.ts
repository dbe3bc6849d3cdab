import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeClients } from './helpers/cleanup';
import { inSeqOrder, makeSamples, type NumberedBatch, values } from './helpers/expected-samples';
import { pushSamples } from './helpers/http-api';
import { writeFromAnotherProcess } from './helpers/sqlite-file';
import { collectSamples, openSse } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';

/** Generous: the server polls every 50 ms; this only bounds a hang. */
const ARRIVAL_WAIT_MS = 10_000;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ COLLECTOR_ENABLED: '0' });
});
afterAll(() => server?.stop());
afterEach(closeClients);

describe('GET /api/stream: rows committed by another process', () => {
  it('notices and streams rows another process inserted into the same SQLite file', async () => {
    const stream = await openSse(`${server.url}/api/stream`);
    await stream.nextEvent('snapshot');
    const ts = Date.now();

    const [commit] = await writeFromAnotherProcess(server.databasePath, [
      [
        { series: 'ext.temp', unit: 'C', value: 21.5, ts },
        { series: 'ext.temp', value: 21.7, ts: ts + 1 },
      ],
    ]);
    const lastSeq = commit?.seqs.at(-1) ?? 0;
    const { events, samples } = await collectSamples(stream, lastSeq, ARRIVAL_WAIT_MS);
    const latencyMs = (events.at(-1)?.item.receivedAt ?? 0) - (commit?.committedAt ?? 0);
    console.info(`[cross-process] commit to event: ${latencyMs} ms`);

    expect(samples).toEqual([
      { series: 'ext.temp', ts, value: 21.5 },
      { series: 'ext.temp', ts: ts + 1, value: 21.7 },
    ]);
    expect(events[0]?.data.series).toEqual([{ name: 'ext.temp', unit: 'C' }]);
    expect(events.at(-1)?.id).toBe(String(lastSeq));
  });

  it('interleaves its rows with HTTP pushes, each sample exactly once in seq order', async () => {
    const stream = await openSse(`${server.url}/api/stream`);
    await stream.nextEvent('snapshot');
    const external = Array.from({ length: 20 }, (_, i) =>
      makeSamples('ext.mix', 10_000 + i * 10, 5),
    );
    const pushed = Array.from({ length: 20 }, (_, i) =>
      makeSamples('http.mix', 20_000 + i * 10, 3),
    );

    const [commits, results] = await Promise.all([
      writeFromAnotherProcess(server.databasePath, external),
      Promise.all(
        pushed.map(async (samples) => ({ samples, ...(await pushSamples(server.url, samples)) })),
      ),
    ]);
    const batches: NumberedBatch[] = [
      ...commits.map((c, i) => ({ seq: c.seqs.at(-1) ?? 0, samples: external[i] ?? [] })),
      ...results.map(({ samples, seq }) => ({ seq, samples })),
    ];
    const expected = inSeqOrder(batches);
    const { samples } = await collectSamples(stream, expected.at(-1)?.seq ?? 0, ARRIVAL_WAIT_MS);

    expect(values(samples)).toEqual(expected.map((s) => s.value));
  });

  it('includes rows of another process in the next snapshot', async () => {
    const ts = Date.now();
    const [commit] = await writeFromAnotherProcess(server.databasePath, [
      [{ series: 'ext.snap', value: 7, ts }],
    ]);
    const seq = commit?.seqs[0] ?? 0;
    const watcher = await openSse(`${server.url}/api/stream?series=ext.snap`);
    const first = await watcher.nextEvent();
    if (first.event === 'snapshot' && Number(first.id) < seq) {
      await collectSamples(watcher, seq, ARRIVAL_WAIT_MS);
    }

    const stream = await openSse(`${server.url}/api/stream?series=ext.snap`);
    const snapshot = await stream.nextEvent('snapshot');

    expect(snapshot.data.series).toEqual([{ name: 'ext.snap', points: [[ts, 7]] }]);
  });
});
