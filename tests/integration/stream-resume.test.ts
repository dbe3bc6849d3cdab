import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeClients } from './helpers/cleanup';
import { makeSamples, values } from './helpers/expected-samples';
import { getHealth, pushSamples, type SampleIn } from './helpers/http-api';
import { collectSamples, openSse, type SseStream } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';
import { withStores } from './helpers/stores';

let server: TestServer;
/** A stream open through each test: a pushed seq has been fanned out once it reaches it. */
let watcher: SseStream;
beforeAll(async () => {
  server = await startTestServer({ COLLECTOR_ENABLED: '0' });
});
beforeEach(async () => {
  watcher = await openSse(`${server.url}/api/stream`);
  await watcher.nextEvent('snapshot');
});
afterAll(() => server?.stop());
afterEach(closeClients);

/** Pushes samples and waits until the server has streamed them; resolves with their seq. */
async function push(samples: SampleIn[]): Promise<number> {
  const { seq } = await pushSamples(server.url, samples);
  await collectSamples(watcher, seq);
  return seq;
}

/** Closes a stream and waits until the server has released it (the watcher stays). */
async function disconnect(stream: SseStream): Promise<void> {
  stream.close();
  await expect.poll(async () => (await getHealth(server.url)).streams).toBe(1);
}

describe('GET /api/stream: resuming with Last-Event-ID', () => {
  it('sends exactly the samples after the cursor, then continues live', async () => {
    const first = await openSse(`${server.url}/api/stream`);
    await first.nextEvent('snapshot');
    await push(makeSamples('resume.a', 1, 3));
    const seen = await first.nextEvent('samples');
    await disconnect(first);
    await push(makeSamples('resume.a', 4, 2));
    const missed = await push(makeSamples('resume.b', 6, 2));

    const resumed = await openSse(`${server.url}/api/stream`, {
      headers: { 'Last-Event-ID': seen.id },
    });
    const replay = await collectSamples(resumed, missed);
    const live = await pushSamples(server.url, makeSamples('resume.a', 8, 1));
    const after = await collectSamples(resumed, live.seq);

    expect(values(replay.samples)).toEqual([4, 5, 6, 7]);
    expect(replay.events.at(-1)?.id).toBe(String(missed));
    expect(values(after.samples)).toEqual([8]);
  });

  it('accepts the cursor as ?lastEventId= too', async () => {
    const cursor = await push(makeSamples('resume.q', 1, 2));
    const last = await push(makeSamples('resume.q', 3, 2));

    const stream = await openSse(`${server.url}/api/stream?lastEventId=${cursor}`);
    const replay = await collectSamples(stream, last);

    expect(values(replay.samples)).toEqual([3, 4]);
  });

  it('prefers the Last-Event-ID header over ?lastEventId=', async () => {
    const older = await push(makeSamples('resume.both', 1, 1));
    const newer = await push(makeSamples('resume.both', 2, 1));
    const last = await push(makeSamples('resume.both', 3, 1));

    const stream = await openSse(`${server.url}/api/stream?lastEventId=${older}`, {
      headers: { 'Last-Event-ID': String(newer) },
    });
    const replay = await collectSamples(stream, last);

    expect(values(replay.samples)).toEqual([3]);
  });

  it('sends no backlog for a cursor at the newest seq, only what comes next', async () => {
    const cursor = await push(makeSamples('resume.now', 1, 1));
    const stream = await openSse(`${server.url}/api/stream`, {
      headers: { 'Last-Event-ID': String(cursor) },
    });

    const { seq } = await pushSamples(server.url, makeSamples('resume.now', 2, 1));
    const next = await stream.nextEvent();

    expect(next.event).toBe('samples');
    expect(next.event === 'samples' && values(next.data.samples)).toEqual([2]);
    expect(next.id).toBe(String(seq));
    expect(stream.log.items.filter((item) => item.event === 'snapshot')).toEqual([]);
  });

  it('replays only the series of ?series=, and sends nothing when none of them changed', async () => {
    const cursor = await push([{ series: 'resume.other', value: 0 }]);
    await push([
      { series: 'resume.mine', value: 1 },
      { series: 'resume.other', value: 2 },
    ]);
    const unchanged = await push([{ series: 'resume.other', value: 3 }]);

    const filtered = await openSse(`${server.url}/api/stream?series=resume.mine`, {
      headers: { 'Last-Event-ID': String(cursor) },
    });
    const quiet = await openSse(`${server.url}/api/stream?series=resume.mine`, {
      headers: { 'Last-Event-ID': String(unchanged - 1) },
    });
    const replay = await filtered.nextEvent();
    const { seq } = await pushSamples(server.url, [{ series: 'resume.mine', value: 4 }]);
    const quietFirst = await collectSamples(quiet, seq);

    expect(replay.event === 'samples' && replay.data.samples).toEqual([
      { series: 'resume.mine', ts: expect.any(Number), value: 1 },
    ]);
    expect(values(quietFirst.samples)).toEqual([4]);
  });

  it('sends a fresh snapshot when samples after the cursor are no longer kept', async () => {
    // An hour old: older than anything else here, so retention at 59 minutes takes these only.
    const anHourAgo = Date.now() - 3_600_000;
    const old = await push(
      makeSamples('resume.gone', 1, 3).map((s, i) => ({ ...s, ts: anHourAgo + i })),
    );
    const kept = await push(makeSamples('resume.gone', 4, 2));
    const deleted = await withStores(server.databasePath, ({ retention }) =>
      retention.deleteExpired('raw', anHourAgo + 60_000, 1000),
    );
    expect(deleted).toBe(3);

    const tooOld = await openSse(`${server.url}/api/stream?series=resume.gone`, {
      headers: { 'Last-Event-ID': String(old - 1) },
    });
    const justKept = await openSse(`${server.url}/api/stream?series=resume.gone`, {
      headers: { 'Last-Event-ID': String(old) },
    });
    const reset = await tooOld.nextEvent();
    const replay = await justKept.nextEvent();

    expect(reset.event).toBe('snapshot');
    expect(reset.id).toBe(String(kept));
    expect(reset.event === 'snapshot' && reset.data.series).toEqual([
      { name: 'resume.gone', points: [expect.any(Array), expect.any(Array)] },
    ]);
    expect(reset.event === 'snapshot' && reset.data.series[0]?.points.map(([, v]) => v)).toEqual([
      4, 5,
    ]);
    expect(replay.event).toBe('samples');
    expect(replay.event === 'samples' && values(replay.data.samples)).toEqual([4, 5]);
  });

  it('sends a fresh snapshot for a cursor ahead of the server', async () => {
    const newest = await push(makeSamples('resume.ahead', 1, 1));

    const stream = await openSse(`${server.url}/api/stream`, {
      headers: { 'Last-Event-ID': String(newest + 1000) },
    });
    const first = await stream.nextEvent();

    expect(first.event).toBe('snapshot');
    expect(first.id).toBe(String(newest));
  });
});
