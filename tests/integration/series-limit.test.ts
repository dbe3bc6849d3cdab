import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postMetrics, pushSamples } from './helpers/http-api';
import { deleteSeries, searchSeries } from './helpers/series-api';
import { startTestServer, type TestServer } from './helpers/start-test-server';
import { lastStoredSeq, withStores } from './helpers/stores';

const CAP = 4;
const sample = (series: string, value = 1) => ({ series, value });
const post = (url: string, samples: { series: string; value: number }[]) =>
  postMetrics(url, JSON.stringify({ samples }));

/** SERIES_MAX over HTTP: the request that would pass the cap is refused whole with 409. */
describe('POST /api/metrics at SERIES_MAX', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ COLLECTOR_ENABLED: '0', SERIES_MAX: String(CAP) });
  });
  afterAll(() => server?.stop());

  it('takes the cap-th series, refuses one more (or a mix with one) whole with 409 series_limit, and takes one after a delete', async () => {
    await pushSamples(server.url, [sample('s1'), sample('s2')]);
    await pushSamples(server.url, [sample('s3')]); // CAP - 1
    await pushSamples(server.url, [sample('s1', 2), sample('s4')]); // the cap-th
    const before = await lastStoredSeq(server.databasePath);

    const over = await post(server.url, [sample('s5')]);
    expect(over.status).toBe(409);
    expect(over.body).toEqual({
      error: {
        code: 'series_limit',
        message: expect.stringMatching(
          /would create a new series, but the server already holds 4 series and its cap is 4 \(SERIES_MAX\); nothing was stored\. Delete series .*DELETE \/api\/series\/<name>.*npx pulseboard delete <series>.* or raise SERIES_MAX/,
        ),
      },
    });
    const mixed = await post(server.url, [sample('s1', 3), sample('s6')]);
    expect([mixed.status, (mixed.body as { error: { code: string } }).error.code]).toEqual([
      409,
      'series_limit',
    ]);
    expect(await lastStoredSeq(server.databasePath)).toBe(before);

    // At the cap, existing series keep taking samples.
    expect((await pushSamples(server.url, [sample('s2', 5), sample('s3', 5)])).seq).toBe(
      before + 2,
    );

    expect((await deleteSeries(server.url, 's2')).status).toBe(200);
    await pushSamples(server.url, [sample('s5')]);
    expect((await post(server.url, [sample('s6')])).status).toBe(409);
    expect((await searchSeries(server.url)).body).toMatchObject({ total: CAP });
  });
});

describe("SERIES_MAX and the collector's own series", () => {
  let server: TestServer;
  afterAll(() => server?.stop());

  it('counts the collector series towards the cap', async () => {
    server = await startTestServer({ SAMPLE_INTERVAL_MS: '100', SERIES_MAX: '12' });
    await expect
      .poll(() => withStores(server.databasePath, (s) => s.metrics.countSeries()), {
        timeout: 15_000,
      })
      .toBe(10);
    await pushSamples(server.url, [sample('mine.1'), sample('mine.2')]);
    const refused = await post(server.url, [sample('mine.3')]);
    expect(refused.status).toBe(409);
    expect((refused.body as { error: { message: string } }).error.message).toContain(
      'already holds 12 series',
    );
  });
});
