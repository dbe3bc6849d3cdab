import { describe, expect, it } from 'vitest';
import { pushSamples } from './helpers/http-api';
import { PROMPT_MS, setupNginxProxy } from './helpers/nginx-proxy';
import { openSse } from './helpers/sse-client';

const { through } = setupNginxProxy();

describe('Pulseboard behind nginx (deploy/nginx/pulseboard.conf)', () => {
  it('streams the snapshot, then a sample pushed through nginx within 1 s, uncompressed', async () => {
    const stream = await openSse(`${through().url}/api/stream?series=nginx.latency`, {
      headers: { 'Accept-Encoding': 'gzip' },
    });
    await stream.nextEvent('snapshot', PROMPT_MS);

    const sentAt = Date.now();
    const result = await pushSamples(through().url, [{ series: 'nginx.latency', value: 42 }]);
    const event = await stream.nextEvent('samples', PROMPT_MS);

    const latencyMs = event.item.receivedAt - sentAt;
    expect(event.data.samples).toEqual([
      { series: 'nginx.latency', value: 42, ts: expect.any(Number) },
    ]);
    expect(event.id).toBe(String(result.seq));
    expect(latencyMs, `the samples event came ${latencyMs} ms after the POST`).toBeLessThan(
      PROMPT_MS,
    );
    expect({
      status: stream.status,
      type: stream.headers.get('content-type'),
      cacheControl: stream.headers.get('cache-control'),
      encoding: stream.headers.get('content-encoding'),
    }).toEqual({
      status: 200,
      type: 'text/event-stream',
      cacheControl: 'no-cache, no-transform',
      encoding: null,
    });
  });

  it('gzips JSON through the same nginx (so the stream is uncompressed by the site, not by chance)', async () => {
    const response = await fetch(`${through().url}/api/health`, {
      headers: { 'Accept-Encoding': 'gzip' },
    });
    await response.arrayBuffer();

    expect(response.headers.get('content-encoding')).toBe('gzip');
  });

  it('keeps a stream open past its keep-alives: the comments arrive through nginx', async () => {
    const stream = await openSse(`${through().url}/api/stream`);
    await stream.nextEvent('snapshot');

    const comments = [];
    for (let i = 0; i < 5; i++)
      comments.push(await stream.next((item) => item.comment !== undefined));

    expect(comments.map((c) => c.raw)).toEqual(Array(5).fill(': keep-alive\n\n'));
    expect(stream.log.ended).toBe(false);
  });
});
