import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RangeAnswer } from '@/lib/protocol';
import { getJson, postMetrics } from './helpers/http-api';
import { scrapeMetrics } from './helpers/metrics-scrape';
import { searchSeries } from './helpers/series-api';
import { startTestServer, type TestServer } from './helpers/start-test-server';

const TOKEN = 'line-s3cret';
const RATE = 8;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    COLLECTOR_ENABLED: '0',
    INGEST_TOKEN: TOKEN,
  });
});
afterAll(() => server?.stop());

type Answer = { status: number; text: string };

/** A write as an InfluxDB client sends it (`Authorization: Token`, text/plain). */
async function write(
  path: string,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
  target: TestServer = server,
): Promise<Answer> {
  const response = await fetch(`${target.url}${path}`, {
    method: 'POST',
    headers: {
      Authorization: `Token ${TOKEN}`,
      'Content-Type': 'text/plain; charset=utf-8',
      ...headers,
    },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  return { status: response.status, text: await response.text() };
}

const nowNs = () => BigInt(Date.now()) * 1_000_000n;

describe('POST /api/v2/write and /write (InfluxDB line protocol)', () => {
  it('stores every numeric field of a gzip body under <measurement>_<field>{tags}, answers 204', async () => {
    const ts = nowNs();
    // From the InfluxDB docs (write data with the API), with a gzip body as Telegraf sends it.
    const body = [
      `airSensors,sensor_id=TLM0201 temperature=73.97038159354763,humidity=35.23103248356096,co=0.48445310567793615 ${ts}`,
      `airSensors,sensor_id=TLM0202 temperature=75.30007505999716,humidity=35.651929918691714,co=0.5141876544505826 ${ts}`,
    ].join('\n');
    const answer = await write(
      '/api/v2/write?org=x&bucket=y&precision=ns',
      gzipSync(Buffer.from(body)),
      { 'Content-Encoding': 'gzip' },
    );
    expect(answer).toEqual({ status: 204, text: '' });
    const found = await searchSeries(server.url, '?match=airSensors_&limit=10');
    expect((found.body as { series: { key: string }[] }).series.map((s) => s.key)).toEqual([
      'airSensors_co{sensor_id="TLM0201"}',
      'airSensors_co{sensor_id="TLM0202"}',
      'airSensors_humidity{sensor_id="TLM0201"}',
      'airSensors_humidity{sensor_id="TLM0202"}',
      'airSensors_temperature{sensor_id="TLM0201"}',
      'airSensors_temperature{sensor_id="TLM0202"}',
    ]);
    const ms = Number(ts / 1_000_000n);
    const key = encodeURIComponent('airSensors_temperature{sensor_id="TLM0202"}');
    const range = await getJson(`${server.url}/api/range?from=${ms - 1}&to=${ms}&series=${key}`);
    expect((range.body as RangeAnswer).series[0]?.points).toEqual([[ms, 75.30007505999716]]);
  });

  it('takes the v1 endpoint with precision=s, a Bearer token and curl’s default content type', async () => {
    const s = Math.floor(Date.now() / 1000);
    // The InfluxDB v1 docs' example, as `curl --data-binary` sends it.
    const answer = await write(
      '/write?db=mydb&precision=s',
      `cpu_load_short,host=server01,region=us-west value=0.64 ${s}`,
      { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    );
    expect(answer.status).toBe(204);
    const found = await searchSeries(server.url, '?match=cpu_load_short');
    expect(found.body).toMatchObject({
      series: [
        {
          key: 'cpu_load_short_value{host="server01",region="us-west"}',
          name: 'cpu_load_short_value',
          labels: { host: 'server01', region: 'us-west' },
        },
      ],
    });
  });

  it('refuses a write with one bad line with 400 naming it, storing nothing of it', async () => {
    const before = await scrapeMetrics(server.url);
    const answer = await write(
      '/api/v2/write',
      `lp_bad_a v=1 ${nowNs()}\nlp_bad_b v=2 ${nowNs()}\nlp_bad_c v=oops`,
    );
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toEqual({
      error: {
        code: 'validation_failed',
        message:
          'line 3: field "v" has the value "oops", which is not a number, a boolean or a quoted string',
      },
    });
    expect((await searchSeries(server.url, '?match=lp_bad')).body).toMatchObject({ total: 0 });
    const after = await scrapeMetrics(server.url);
    const refused = 'pulseboard_ingest_requests_refused_total{protocol="line"}';
    expect((after.get(refused) ?? 0) - (before.get(refused) ?? 0)).toBe(1);
  });

  it('refuses a timestamp outside the window after the precision conversion with bad_timestamp', async () => {
    const answer = await write('/api/v2/write?precision=ms', `lp_ts v=1 ${nowNs()}`);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).error).toMatchObject({
      code: 'bad_timestamp',
      message: expect.stringMatching(/^line 1: timestamp \d+ at precision=ms is .* ahead/),
    });
  });

  it('counts samples accepted and refused per protocol on /metrics (string fields refused)', async () => {
    const before = await scrapeMetrics(server.url);
    expect(await write('/api/v2/write', 'lp_count,h=a v=1,w=2i,state="up"')).toMatchObject({
      status: 204,
    });
    const after = await scrapeMetrics(server.url);
    const delta = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
    expect(delta('pulseboard_ingest_samples_total{protocol="line",outcome="accepted"}')).toBe(2);
    expect(delta('pulseboard_ingest_samples_total{protocol="line",outcome="refused"}')).toBe(1);
    expect(after.has('pulseboard_ingest_samples_total{protocol="json",outcome="accepted"}')).toBe(
      true,
    );
  });

  it.each([
    [{ Authorization: '' }, 401],
    [{ Authorization: 'Token wrong' }, 401],
    [{ 'Content-Type': 'application/json' }, 415],
    [{ 'Content-Encoding': 'br' }, 415],
  ])('refuses %j with %i', async (headers, status) => {
    expect((await write('/api/v2/write', 'lp_refused v=1', headers)).status).toBe(status);
  });

  it('answers 400 to a bad precision and to a body that is not gzip', async () => {
    expect((await write('/api/v2/write?precision=h', 'lp_p v=1')).status).toBe(400);
    const notGzip = await write('/api/v2/write', 'lp_p v=1', { 'Content-Encoding': 'gzip' });
    expect([notGzip.status, JSON.parse(notGzip.text).error.code]).toEqual([400, 'bad_request']);
  });
});

describe('the write endpoints and JSON ingest, with a small rate limit', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({
      COLLECTOR_ENABLED: '0',
      INGEST_TOKEN: TOKEN,
      RATE_LIMIT_INGEST_PER_MIN: String(RATE),
      // Rate limits apply to the address a trusted proxy names (loopback is exempt by default).
      TRUST_PROXY: '1',
      RATE_LIMIT_EXEMPT: '',
    });
  });
  afterAll(() => limited?.stop());

  it('shares the JSON ingest rate limit (one bucket per address)', async () => {
    const client = { 'X-Forwarded-For': '203.0.113.7' };
    const json = () =>
      postMetrics(limited.url, JSON.stringify({ samples: [{ series: 'lp_rate', value: 1 }] }), {
        Authorization: `Bearer ${TOKEN}`,
        ...client,
      });
    // Half the bucket through JSON, the rest through the line protocol: one bucket.
    const statuses: number[] = [];
    for (let i = 0; i < RATE / 2; i++) statuses.push((await json()).status);
    for (let i = 0; i < RATE / 2; i++) {
      statuses.push((await write('/api/v2/write', `lp_rate v=${i}`, client, limited)).status);
    }
    expect(statuses).toEqual([...Array(RATE / 2).fill(200), ...Array(RATE / 2).fill(204)]);
    expect((await write('/api/v2/write', 'lp_rate v=1', client, limited)).status).toBe(429);
    expect((await json()).status).toBe(429);
  });
});
