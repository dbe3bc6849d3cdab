import { HttpError, InfluxDB, Point, type WriteOptions } from '@influxdata/influxdb-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RangeAnswer } from '@/lib/protocol';
import { getJson } from './helpers/http-api';
import { scrapeMetrics } from './helpers/metrics-scrape';
import { searchSeries } from './helpers/series-api';
import { startTestServer, type TestServer } from './helpers/start-test-server';

/**
 * The InfluxDB line-protocol endpoint with a client we did not write: InfluxData's own
 * `@influxdata/influxdb-client` for Node (its WriteApi, batching, gzip and error handling).
 */
const TOKEN = 'influx-client-s3cret';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ COLLECTOR_ENABLED: '0', INGEST_TOKEN: TOKEN });
});
afterAll(() => server?.stop());

/** No retries and no timers: each flush is one request, and its failure is the test's. */
const ONE_SHOT: Partial<WriteOptions> = { maxRetries: 0, flushInterval: 0, batchSize: 5000 };

function writeApi(
  token: string,
  precision: 'ns' | 'ms' | 's',
  options: Partial<WriteOptions> = {},
) {
  return new InfluxDB({ url: server.url, token }).getWriteApi(
    'pulseboard',
    'pulseboard',
    precision,
    {
      ...ONE_SHOT,
      ...options,
    },
  );
}

async function pointsOf(key: string, fromMs: number): Promise<[number, number][]> {
  const answer = await getJson(
    `${server.url}/api/range?from=${fromMs}&to=${Date.now() + 1000}&series=${encodeURIComponent(key)}`,
  );
  return ((answer.body as RangeAnswer).series[0]?.points ?? []) as [number, number][];
}

describe('POST /api/v2/write with @influxdata/influxdb-client', () => {
  it('stores float, integer and boolean fields of Points under <measurement>_<field>{tags}; strings are not stored', async () => {
    const at = new Date(Date.now() - 1000);
    const api = writeApi(TOKEN, 'ns');
    api.useDefaultTags({ site: 'lab' });
    api.writePoint(
      new Point('weather')
        .tag('station', 'st 1')
        .floatField('temp', 21.5)
        .intField('hum', 40)
        .booleanField('rain', true)
        .stringField('note', 'cloudy')
        .timestamp(at),
    );
    await api.close();

    const found = await searchSeries(server.url, '?match=weather_&limit=10');
    expect((found.body as { series: { key: string }[] }).series.map((s) => s.key)).toEqual([
      'weather_hum{site="lab",station="st 1"}',
      'weather_rain{site="lab",station="st 1"}',
      'weather_temp{site="lab",station="st 1"}',
    ]);
    const ms = at.getTime();
    expect(await pointsOf('weather_temp{site="lab",station="st 1"}', ms - 1)).toEqual([[ms, 21.5]]);
    expect(await pointsOf('weather_hum{site="lab",station="st 1"}', ms - 1)).toEqual([[ms, 40]]);
    expect(await pointsOf('weather_rain{site="lab",station="st 1"}', ms - 1)).toEqual([[ms, 1]]);
  });

  it('takes a batch of 1,000 points gzip-compressed (gzipThreshold 0) at second precision', async () => {
    const before = await scrapeMetrics(server.url);
    const seconds = Math.floor(Date.now() / 1000) - 1;
    const api = writeApi(TOKEN, 's', { gzipThreshold: 0 });
    for (let i = 0; i < 1000; i++) {
      api.writePoint(
        new Point('batch')
          .tag('host', `h${i % 10}`)
          .floatField('v', i)
          .timestamp(seconds),
      );
    }
    await api.close();

    const after = await scrapeMetrics(server.url);
    const accepted = 'pulseboard_ingest_samples_total{protocol="line",outcome="accepted"}';
    expect((after.get(accepted) ?? 0) - (before.get(accepted) ?? 0)).toBe(1000);
    expect((await searchSeries(server.url, '?match=batch_v&limit=20')).body).toMatchObject({
      total: 10,
    });
    // h0 got 0, 10, ..., 990, all at the same second: every one is kept.
    const h0 = await pointsOf('batch_v{host="h0"}', seconds * 1000 - 1);
    expect(h0.map(([ts]) => ts)).toEqual(Array(100).fill(seconds * 1000));
    expect(h0.map(([, v]) => v).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 100 }, (_, i) => i * 10),
    );
  });

  it('surfaces a wrong token as the client’s HttpError 401, nothing stored', async () => {
    const api = writeApi('wrong-token', 'ms');
    api.writePoint(new Point('refused').floatField('v', 1));
    const error = await api.close().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).statusCode).toBe(401);
    expect((await searchSeries(server.url, '?match=refused')).body).toMatchObject({ total: 0 });
  });

  it('surfaces a bad point as HttpError 400 naming the line, nothing of the batch stored', async () => {
    const api = writeApi(TOKEN, 'ms');
    api.writePoint(new Point('half').floatField('v', 1));
    // Records go out as written: the third line of the write is not line protocol.
    api.writeRecord('half v=1i\nhalf v=notanumber');
    const error = await api.close().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).statusCode).toBe(400);
    expect((error as HttpError).body).toContain('line 3');
    expect((await searchSeries(server.url, '?match=half_')).body).toMatchObject({ total: 0 });
  });
});
