import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeClients } from './helpers/cleanup';
import { makeSamples, values } from './helpers/expected-samples';
import { getHealth, pushSamples } from './helpers/http-api';
import { collectSamples, openSse } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ COLLECTOR_ENABLED: '0' });
});
afterAll(() => server?.stop());
afterEach(closeClients);

describe('GET /api/stream: across a restart', () => {
  it('resumes a cursor from before the restart with exactly the samples after it', async () => {
    const stream = await openSse(`${server.url}/api/stream`);
    await stream.nextEvent('snapshot');
    const { seq } = await pushSamples(server.url, makeSamples('restart.s', 1, 2));
    const cursor = (await collectSamples(stream, seq)).events.at(-1)?.id ?? '';
    const last = await pushSamples(server.url, makeSamples('restart.s', 3, 2));
    await collectSamples(stream, last.seq);

    server = await server.restart();
    const resumed = await openSse(`${server.url}/api/stream`, {
      headers: { 'Last-Event-ID': cursor },
    });
    const replay = await collectSamples(resumed, last.seq);
    const next = await pushSamples(server.url, makeSamples('restart.s', 5, 1));
    const live = await collectSamples(resumed, next.seq);

    expect(values(replay.samples)).toEqual([3, 4]);
    expect(values(live.samples)).toEqual([5]);
    expect(next.seq).toBe(last.seq + 1);
  });

  it('starts a new server at the stored seq, so snapshots keep their ids', async () => {
    const { seq } = await pushSamples(server.url, makeSamples('restart.t', 1, 3));

    server = await server.restart();
    const stream = await openSse(`${server.url}/api/stream?series=restart.t`);
    const snapshot = await stream.nextEvent('snapshot');

    expect((await getHealth(server.url)).seq).toBe(seq);
    expect(snapshot.id).toBe(String(seq));
    expect(snapshot.data.series[0]?.points.map(([, v]) => v)).toEqual([1, 2, 3]);
  });
});
