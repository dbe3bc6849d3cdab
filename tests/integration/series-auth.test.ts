import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSignedIn } from './helpers/auth-api';
import { pushSamples } from './helpers/http-api';
import { deleteSeries, searchSeries } from './helpers/series-api';
import { startTestServer, type TestServer } from './helpers/start-test-server';

const TOKEN = 'ingest-s3cret';

/** With access control on, the series endpoints are behind the gate of the stream and the layout. */
describe('/api/series with AUTH_PASSWORD', () => {
  let server: TestServer;
  let cookie: string;
  beforeAll(async () => {
    ({ server, cookie } = await startSignedIn({ INGEST_TOKEN: TOKEN }));
    await pushSamples(server.url, [{ series: 'auth.x', value: 1 }], TOKEN);
  });
  afterAll(() => server?.stop());

  it('answers 401 without a session, also with the ingest token, and deletes nothing', async () => {
    expect((await searchSeries(server.url, '?q=auth')).status).toBe(401);
    const bearer = { Authorization: `Bearer ${TOKEN}` };
    expect(await deleteSeries(server.url, 'auth.x', bearer)).toMatchObject({
      status: 401,
      body: { error: { code: 'unauthorized' } },
    });
    expect((await searchSeries(server.url, '?q=auth', { Cookie: cookie })).body).toEqual({
      series: [{ key: 'auth.x', name: 'auth.x', labels: {} }],
      total: 1,
    });
  });

  it('refuses a cross-site delete with 403, even with a session', async () => {
    expect(
      await deleteSeries(server.url, 'auth.x', { Cookie: cookie, Origin: 'https://evil.example' }),
    ).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect((await searchSeries(server.url, '?q=auth', { Cookie: cookie })).body).toMatchObject({
      total: 1,
    });
  });

  it('deletes with a session from the page itself', async () => {
    expect(
      await deleteSeries(server.url, 'auth.x', {
        Cookie: cookie,
        Origin: server.url,
        'Sec-Fetch-Site': 'same-origin',
      }),
    ).toEqual({ status: 200, body: { series: 'auth.x', samples: 1 } });
  });
});

describe('RATE_LIMIT_SERIES_PER_MIN', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      COLLECTOR_ENABLED: '0',
      RATE_LIMIT_SERIES_PER_MIN: '3',
      RATE_LIMIT_EXEMPT: '',
    });
  });
  afterAll(() => server?.stop());

  it('counts searches and deletes from one address in one bucket: 429 past it, with Retry-After', async () => {
    expect((await searchSeries(server.url)).status).toBe(200);
    expect((await deleteSeries(server.url, 'none.1')).status).toBe(404);
    expect((await searchSeries(server.url, '?q=x')).status).toBe(200);
    const refused = await searchSeries(server.url);
    expect(refused).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await deleteSeries(server.url, 'none.2')).status).toBe(429);
  });
});
