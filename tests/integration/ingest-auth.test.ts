import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRequest, postMetrics, pushSamples } from './helpers/http-api';
import { startTestServer, type TestServer } from './helpers/start-test-server';
import { lastStoredSeq } from './helpers/stores';

const TOKEN = 'integration-s3cret';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ COLLECTOR_ENABLED: '0', INGEST_TOKEN: TOKEN });
});
afterAll(() => server?.stop());

const body = JSON.stringify({ samples: [{ series: 'auth.s', value: 1 }] });
const unauthorized = (message: RegExp) => ({
  status: 401,
  body: { error: { code: 'unauthorized', message: expect.stringMatching(message) } },
});

describe('POST /api/metrics with INGEST_TOKEN set', () => {
  it.each([
    { name: 'no Authorization header', headers: {}, expected: unauthorized(/missing/) },
    {
      name: 'an empty Bearer',
      headers: { Authorization: 'Bearer ' },
      expected: unauthorized(/missing/),
    },
    {
      name: 'a Basic scheme',
      headers: { Authorization: `Basic ${TOKEN}` },
      expected: unauthorized(/missing/),
    },
    {
      name: 'a wrong token',
      headers: { Authorization: 'Bearer nope' },
      expected: unauthorized(/invalid/),
    },
    {
      name: 'a token prefix',
      headers: { Authorization: `Bearer ${TOKEN.slice(0, -1)}` },
      expected: unauthorized(/invalid/),
    },
    {
      name: 'a longer token',
      headers: { Authorization: `Bearer ${TOKEN}x` },
      expected: unauthorized(/invalid/),
    },
  ] as { name: string; headers: Record<string, string>; expected: unknown }[])(
    'answers $name with 401 unauthorized and stores nothing',
    async ({ headers, expected }) => {
      const before = await lastStoredSeq(server.databasePath);

      const response = await postMetrics(server.url, body, headers);

      expect(response).toEqual(expected);
      expect(await lastStoredSeq(server.databasePath)).toBe(before);
    },
  );

  it('checks the token before the body: a bad token with a bad body is 401', async () => {
    const response = await postMetrics(server.url, '{not json', { Authorization: 'Bearer nope' });

    expect(response).toEqual(unauthorized(/invalid/));
  });

  it('stores the samples of a request with the right Bearer token', async () => {
    const before = await lastStoredSeq(server.databasePath);

    const result = await pushSamples(server.url, [{ series: 'auth.s', value: 2 }], TOKEN);

    expect(result).toEqual({ accepted: 1, seq: before + 1 });
  });

  it('leaves the stream and health open without a token', async () => {
    const stream = openRequest(`${server.url}/api/stream`);
    const status = await stream.response;
    stream.destroy();
    const health = await fetch(`${server.url}/api/health`);

    expect([status, health.status]).toEqual([200, 200]);
  });
});
