import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getHealth, getJson, openRequest } from './helpers/http-api';
import { startTestServer, type TestServer } from './helpers/start-test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ COLLECTOR_ENABLED: '0' });
});
afterAll(() => server?.stop());

const badRequest = (message: RegExp) => ({
  status: 400,
  body: { error: { code: 'bad_request', message: expect.stringMatching(message) } },
});

describe('GET /api/stream: bad parameters', () => {
  it.each([
    { name: '?window=abc', query: '?window=abc', headers: {}, expected: badRequest(/window/) },
    { name: '?window=0', query: '?window=0', headers: {}, expected: badRequest(/window/) },
    { name: '?window=-5', query: '?window=-5', headers: {}, expected: badRequest(/window/) },
    { name: '?window=1.5', query: '?window=1.5', headers: {}, expected: badRequest(/window/) },
    { name: '?window=3601', query: '?window=3601', headers: {}, expected: badRequest(/window/) },
    {
      name: '?series=bad name!',
      query: `?series=${encodeURIComponent('bad name!')}`,
      headers: {},
      expected: badRequest(/series/),
    },
    {
      name: '?series=ok,bad/name',
      query: `?series=${encodeURIComponent('ok,bad/name')}`,
      headers: {},
      expected: badRequest(/series/),
    },
    {
      name: 'Last-Event-ID: -1',
      query: '',
      headers: { 'Last-Event-ID': '-1' },
      expected: badRequest(/Last-Event-ID/),
    },
    {
      name: 'Last-Event-ID: abc',
      query: '',
      headers: { 'Last-Event-ID': 'abc' },
      expected: badRequest(/Last-Event-ID/),
    },
    {
      name: 'Last-Event-ID of 20 digits',
      query: '',
      headers: { 'Last-Event-ID': '12345678901234567890' },
      expected: badRequest(/Last-Event-ID/),
    },
    {
      name: '?lastEventId=abc',
      query: '?lastEventId=abc',
      headers: {},
      expected: badRequest(/Last-Event-ID|lastEventId/),
    },
  ] as { name: string; query: string; headers: Record<string, string>; expected: unknown }[])(
    'answers $name with 400 bad_request and opens no stream',
    async ({ query, headers, expected }) => {
      const response = await getJson(`${server.url}/api/stream${query}`, headers);

      expect(response).toEqual(expected);
    },
  );

  it('accepts the edges: ?window=1, ?window=3600, Last-Event-ID: 0, 15 digits', async () => {
    const cases = [
      ['?window=1', {}],
      ['?window=3600', {}],
      ['', { 'Last-Event-ID': '0' }],
      ['', { 'Last-Event-ID': '999999999999999' }],
    ] as const;

    const statuses = await Promise.all(
      cases.map(async ([query, headers]) => {
        const stream = openRequest(`${server.url}/api/stream${query}`, headers);
        const status = await stream.response;
        stream.destroy();
        return status;
      }),
    );

    expect(statuses).toEqual([200, 200, 200, 200]);
  });

  it('leaves no stream open after refusing one', async () => {
    await getJson(`${server.url}/api/stream?window=abc`);

    await expect
      .poll(() => getHealth(server.url))
      .toMatchObject({
        streams: 0,
        stream: { groups: 0 },
      });
  });
});
