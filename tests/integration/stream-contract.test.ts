import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeClients } from './helpers/cleanup';
import { makeSamples, values } from './helpers/expected-samples';
import { getHealth, getJson, pushSamples } from './helpers/http-api';
import { collectSamples, openSse } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';

/**
 * The stream's contract in one file, on its one transport (the Node response; see
 * docs/architecture.md#transports): headers, retry, snapshot, live samples, keep-alives,
 * resume, a bad request, release, fan-out and shutdown. The other stream files go deeper.
 */
describe('GET /api/stream', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ COLLECTOR_ENABLED: '0', SSE_KEEPALIVE_INTERVAL_MS: '100' });
  });
  afterAll(() => server?.stop());
  afterEach(closeClients);

  it('sends the headers, a retry line, a snapshot, live samples and keep-alives', async () => {
    const stream = await openSse(`${server.url}/api/stream?series=tr.a`, {
      headers: { 'Accept-Encoding': 'gzip' },
    });
    const retry = await stream.next();
    const snapshot = await stream.nextEvent('snapshot');
    const { seq } = await pushSamples(server.url, makeSamples('tr.a', 1, 3));
    const live = await collectSamples(stream, seq);
    const comment = await stream.next((item) => item.comment !== undefined);

    expect({
      type: stream.headers.get('content-type'),
      cache: stream.headers.get('cache-control'),
      buffering: stream.headers.get('x-accel-buffering'),
      encoding: stream.headers.get('content-encoding'),
    }).toEqual({
      type: 'text/event-stream',
      cache: 'no-cache, no-transform',
      buffering: 'no',
      encoding: null,
    });
    expect(retry.retry).toEqual(expect.any(Number));
    expect(snapshot.data).toEqual({
      seq: Number(snapshot.id),
      series: [],
      epoch: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(values(live.samples)).toEqual([1, 2, 3]);
    expect(comment.raw).toBe(': keep-alive\n\n');
  });

  it('resumes from Last-Event-ID without a gap or a duplicate', async () => {
    const watcher = await openSse(`${server.url}/api/stream?series=tr.r`);
    await watcher.nextEvent('snapshot');
    const first = await pushSamples(server.url, makeSamples('tr.r', 1, 2));
    const cursor = (await collectSamples(watcher, first.seq)).events.at(-1)?.id ?? '';
    const second = await pushSamples(server.url, makeSamples('tr.r', 3, 2));
    await collectSamples(watcher, second.seq);

    const resumed = await openSse(`${server.url}/api/stream?series=tr.r`, {
      headers: { 'Last-Event-ID': cursor },
    });
    const replay = await collectSamples(resumed, second.seq);

    expect(values(replay.samples)).toEqual([3, 4]);
  });

  it('answers a bad parameter with 400 bad_request', async () => {
    const response = await getJson(`${server.url}/api/stream?window=abc`);

    expect(response).toEqual({
      status: 400,
      body: { error: { code: 'bad_request', message: expect.stringMatching(/window/) } },
    });
  });

  it('releases the stream when the client aborts', async () => {
    const stream = await openSse(`${server.url}/api/stream?series=tr.gone`);
    await stream.nextEvent('snapshot');

    stream.close();

    await expect
      .poll(() => getHealth(server.url))
      .toMatchObject({ streams: 0, stream: { groups: 0 } });
  });

  it('serializes a change once for 20 streams', async () => {
    const streams = await Promise.all(
      Array.from({ length: 20 }, () => openSse(`${server.url}/api/stream?series=tr.fan`)),
    );
    await Promise.all(streams.map((s) => s.nextEvent('snapshot')));
    const before = (await getHealth(server.url)).stream.fanoutSerializations;

    await pushSamples(server.url, [{ series: 'tr.fan', value: 1 }]);
    const events = await Promise.all(streams.map((s) => s.nextEvent('samples')));

    expect((await getHealth(server.url)).stream.fanoutSerializations - before).toBe(1);
    expect(new Set(events.map((e) => e.item.raw)).size).toBe(1);
  });

  it('ends the stream on shutdown', async () => {
    const stream = await openSse(`${server.url}/api/stream`);
    await stream.nextEvent('snapshot');

    const exit = await server.stop();

    expect(await stream.ended).toBe('end');
    expect(exit.code).toBe(0);
  });
});
