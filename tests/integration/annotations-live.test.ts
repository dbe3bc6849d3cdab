import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Annotation, StreamEvent } from '@/lib/protocol';
import { closeClients } from './helpers/cleanup';
import { getJson, pushSamples, sendJson } from './helpers/http-api';
import { openSse, type SseItem } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';

/**
 * `event: annotation` (issue 16, item 5 live): an annotation stored by `POST /api/annotations`
 * or by an alert firing reaches every open stream at once, as `GET /api/annotations` answers
 * it, without an `id:`, so a resume with Last-Event-ID replays the samples as before.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ COLLECTOR_ENABLED: '0' });
});
afterAll(() => server?.stop());
afterEach(closeClients);

const post = (path: string, body: unknown) => sendJson(`${server.url}${path}`, 'POST', body);

const isAnnotation = (item: SseItem) => item.event === StreamEvent.Annotation;

describe('event: annotation on the stream', () => {
  it('sends a posted annotation to every open stream, whatever its filter, as the GET answers it, with no id', async () => {
    const all = await openSse(`${server.url}/api/stream`);
    const filtered = await openSse(`${server.url}/api/stream?series=only.this`);
    await Promise.all([all.nextEvent('snapshot'), filtered.nextEvent('snapshot')]);

    const posted = await post('/api/annotations', { text: 'deploy v1.4', board: 'web' });
    expect(posted.status).toBe(201);

    for (const stream of [all, filtered]) {
      const item = await stream.next(isAnnotation);
      expect(item.id).toBeUndefined();
      expect(item.raw).not.toMatch(/^id:/m);
      expect(JSON.parse(item.data ?? 'null')).toEqual(posted.body);
    }
    const stored = posted.body as Annotation;
    const read = await getJson(
      `${server.url}/api/annotations?from=${stored.ts}&to=${stored.ts}&board=web`,
    );
    expect(read.body).toEqual({ annotations: [posted.body] });
  });

  it('leaves the Last-Event-ID resume of samples as it was', async () => {
    const stream = await openSse(`${server.url}/api/stream?series=resume.x`);
    await stream.nextEvent('snapshot');
    const before = await pushSamples(server.url, [{ series: 'resume.x', value: 1 }]);
    const cursor = (await stream.nextEvent('samples')).id;
    expect(cursor).toBe(String(before.seq));

    await post('/api/annotations', { text: 'between the samples' });
    await stream.next(isAnnotation);
    await pushSamples(server.url, [{ series: 'resume.x', value: 2 }]);
    const after = await stream.nextEvent('samples');
    stream.close();

    const resumed = await openSse(`${server.url}/api/stream?series=resume.x`, {
      headers: { 'Last-Event-ID': cursor },
    });
    const replay = await resumed.nextEvent();
    expect(replay).toMatchObject({
      event: 'samples',
      id: after.id,
      data: { samples: [{ series: 'resume.x', value: 2 }] },
    });
    // The annotation sent before the resume is not sent again (it has no cursor to replay by).
    expect(resumed.log.items.filter(isAnnotation)).toEqual([]);
  });

  it("sends an alert firing's annotation, from the alert engine", async () => {
    const stream = await openSse(`${server.url}/api/stream`);
    await stream.nextEvent('snapshot');
    const rule = {
      series: 'live.cpu',
      condition: 'above',
      threshold: 90,
      forMs: 0,
      severity: 'critical',
      name: 'Live CPU',
    };
    expect((await post('/api/alert-rules', rule)).status).toBe(201);
    await pushSamples(server.url, [{ series: 'live.cpu', value: 95 }]);
    const item = await stream.next(
      (i) =>
        isAnnotation(i) && (JSON.parse(i.data ?? 'null') as Annotation).text.startsWith('Live'),
    );
    expect(JSON.parse(item.data ?? 'null')).toEqual({
      id: expect.any(Number),
      ts: expect.any(Number),
      text: 'Live CPU firing',
      board: null,
    });
  });
});
