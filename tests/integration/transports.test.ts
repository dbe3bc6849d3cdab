import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushSamples } from './helpers/http-api';
import { openSse } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';

/**
 * One transport per endpoint (docs/architecture.md#transports): the stream and ingest are
 * served on the Node response only. An operator who still asks for the removed Next route
 * variant is stopped at boot with what to do; `node` (what was the default) still starts.
 */
describe('STREAM_TRANSPORT and INGEST_TRANSPORT', () => {
  it.each([
    ['STREAM_TRANSPORT', 'GET /api/stream'],
    ['INGEST_TRANSPORT', 'POST /api/metrics'],
  ])('%s=route stops the boot, naming what to do', async (name, endpoint) => {
    const started = startTestServer({ COLLECTOR_ENABLED: '0', [name]: 'route' });

    await expect(started).rejects.toThrow(/exited \(code 1/);
    await expect(started).rejects.toThrow(
      `${name} was removed: ${endpoint} is always served on the Node response`,
    );
    await expect(started).rejects.toThrow(`Unset ${name}.`);
  });

  it('starts with both set to node, and serves both', async () => {
    const server = await startTestServer({
      COLLECTOR_ENABLED: '0',
      STREAM_TRANSPORT: 'node',
      INGEST_TRANSPORT: 'node',
    });
    try {
      const stream = await openSse(`${server.url}/api/stream?series=t.node`);
      await stream.nextEvent('snapshot');
      const { seq } = await pushSamples(server.url, [{ series: 't.node', value: 1 }]);
      const samples = await stream.nextEvent('samples');

      expect(samples.data.seq).toBe(seq);
      stream.close();
    } finally {
      await server.stop();
    }
  });
});

/** What the Next route handlers answered for other methods, the table routes answer alike. */
describe('methods the endpoints do not serve', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ COLLECTOR_ENABLED: '0' });
  });
  afterAll(() => server?.stop());

  it.each([
    ['POST', '/api/stream', 405, 'GET, HEAD, OPTIONS'],
    ['DELETE', '/api/stream', 405, 'GET, HEAD, OPTIONS'],
    ['OPTIONS', '/api/stream', 204, 'GET, HEAD, OPTIONS'],
    ['GET', '/api/metrics', 405, 'OPTIONS, POST'],
    ['PUT', '/api/metrics', 405, 'OPTIONS, POST'],
    ['OPTIONS', '/api/metrics', 204, 'OPTIONS, POST'],
    ['POST', '/api/health', 405, 'GET, HEAD, OPTIONS'],
    ['OPTIONS', '/api/health', 204, 'GET, HEAD, OPTIONS'],
  ])('%s %s → %i with Allow: %s', async (method, path, status, allow) => {
    const response = await fetch(`${server.url}${path}`, { method });

    expect([response.status, response.headers.get('allow'), await response.text()]).toEqual([
      status,
      allow,
      '',
    ]);
  });

  it('answers HEAD /api/stream with the stream headers and no body', async () => {
    const response = await fetch(`${server.url}/api/stream`, { method: 'HEAD' });

    expect([response.status, response.headers.get('content-type')]).toEqual([
      200,
      'text/event-stream',
    ]);
  });

  it('leaves other methods of /api/range to Next (404), as documented', async () => {
    expect((await fetch(`${server.url}/api/range`, { method: 'POST' })).status).toBe(404);
  });
});
