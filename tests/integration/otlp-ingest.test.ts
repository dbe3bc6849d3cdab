import { gzipSync } from 'node:zlib';
import protobuf from 'protobufjs/light.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeOtlpResponse, decodeOtlpStatus } from '@/lib/metrics/otlp-codec';
import { OTLP_DESCRIPTOR } from '@/lib/metrics/otlp-schema';
import type { RangeAnswer } from '@/lib/protocol';
import { login } from './helpers/auth-api';
import { getJson, postMetrics } from './helpers/http-api';
import { scrapeMetrics } from './helpers/metrics-scrape';
import { searchSeries } from './helpers/series-api';
import { startTestServer, type TestServer } from './helpers/start-test-server';

const TOKEN = 'otlp-s3cret';
const PROTOBUF = 'application/x-protobuf';
const JSON_TYPE = 'application/json';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ COLLECTOR_ENABLED: '0', INGEST_TOKEN: TOKEN });
});
afterAll(() => server?.stop());

type Answer = {
  status: number;
  type: string | null;
  bytes: Uint8Array;
  retryAfter: string | null;
};

/** `POST /v1/metrics` as an OTLP exporter sends it. */
async function exportMetrics(
  body: string | Uint8Array,
  headers: Record<string, string> = {},
  target: TestServer = server,
): Promise<Answer> {
  const response = await fetch(`${target.url}/v1/metrics`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': JSON_TYPE, ...headers },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const retryAfter = response.headers.get('retry-after');
  return { status: response.status, type: response.headers.get('content-type'), bytes, retryAfter };
}

const RequestType = protobuf.Root.fromJSON(OTLP_DESCRIPTOR).lookupType(
  'ExportMetricsServiceRequest',
);
/** An OTLP/JSON request as protobuf (the SDK test sends the exporters' own encoding). */
const protobufOf = (json: string) =>
  RequestType.encode(RequestType.fromObject(JSON.parse(json))).finish();

const text = (answer: Answer) => Buffer.from(answer.bytes).toString('utf8');
const ns = (ms: number) => String(BigInt(ms) * 1_000_000n);

/** An OTLP/JSON request of `metrics` from the resource `checkout` on `web-1`. */
function otlpJson(metrics: unknown[], service = 'checkout'): string {
  const resource = {
    attributes: [
      { key: 'service.name', value: { stringValue: service } },
      { key: 'host.name', value: { stringValue: 'web-1' } },
      { key: 'telemetry.sdk.language', value: { stringValue: 'nodejs' } },
    ],
  };
  return JSON.stringify({
    resourceMetrics: [{ resource, scopeMetrics: [{ scope: { name: 'it' }, metrics }] }],
  });
}

const gauge = (name: string, value: number, atMs = Date.now()) => ({
  name,
  gauge: { dataPoints: [{ timeUnixNano: ns(atMs), asDouble: value }] },
});

async function pointsOf(key: string, fromMs: number): Promise<[number, number][]> {
  const series = encodeURIComponent(key);
  const range = await getJson(
    `${server.url}/api/range?from=${fromMs}&to=${Date.now() + 1000}&series=${series}`,
  );
  return (range.body as RangeAnswer).series[0]?.points ?? [];
}

describe('POST /v1/metrics (OTLP/HTTP)', () => {
  it('stores an OTLP/JSON gauge with resource and point labels, answers {} in JSON', async () => {
    const at = Date.now();
    const metric = gauge('otlp.it.queue', 7, at);
    const point = metric.gauge.dataPoints[0] as Record<string, unknown>;
    point.attributes = [{ key: 'queue.name', value: { stringValue: 'mail' } }];
    const answer = await exportMetrics(otlpJson([metric]));
    expect([answer.status, answer.type, text(answer)]).toEqual([200, JSON_TYPE, '{}']);
    const found = await searchSeries(server.url, '?match=otlp.it.queue');
    expect(found.body).toMatchObject({
      series: [
        {
          key: 'otlp.it.queue{host_name="web-1",queue_name="mail",service_name="checkout"}',
          labels: { host_name: 'web-1', queue_name: 'mail', service_name: 'checkout' },
        },
      ],
    });
    const key = 'otlp.it.queue{host_name="web-1",queue_name="mail",service_name="checkout"}';
    expect(await pointsOf(key, at - 1)).toEqual([[at, 7]]);
  });

  it('turns a cumulative counter into a rate across requests (gzip body)', async () => {
    const start = Date.now() - 30_000;
    const counter = (atMs: number, value: number) => ({
      name: 'otlp.it.requests',
      sum: {
        aggregationTemporality: 2,
        isMonotonic: true,
        dataPoints: [
          { startTimeUnixNano: ns(start), timeUnixNano: ns(atMs), asInt: String(value) },
        ],
      },
    });
    const gz = (body: string) => gzipSync(Buffer.from(body));
    const headers = { 'Content-Encoding': 'gzip' };
    expect(
      (await exportMetrics(gz(otlpJson([counter(start + 10_000, 100)])), headers)).status,
    ).toBe(200);
    expect(
      (await exportMetrics(gz(otlpJson([counter(start + 20_000, 150)])), headers)).status,
    ).toBe(200);
    const key = 'otlp.it.requests:rate{host_name="web-1",service_name="checkout"}';
    expect(await pointsOf(key, start)).toEqual([
      [start + 10_000, 10],
      [start + 20_000, 5],
    ]);
  });

  it.each([JSON_TYPE, PROTOBUF])(
    'answers partial_success in %s when some points are refused, storing the others',
    async (type) => {
      const json = otlpJson([
        gauge(`otlp.it.partial.${type.length}`, 1),
        { name: 'otlp.it.summary', summary: { dataPoints: [{}, {}] } },
      ]);
      const body = type === PROTOBUF ? protobufOf(json) : json;
      const answer = await exportMetrics(body, { 'Content-Type': type });
      expect([answer.status, answer.type]).toEqual([200, type]);
      const response =
        type === PROTOBUF ? decodeOtlpResponse(answer.bytes) : JSON.parse(text(answer));
      expect(response).toEqual({
        partialSuccess: {
          rejectedDataPoints: '2',
          errorMessage: 'metric "otlp.it.summary": summaries are not stored (2 points)',
        },
      });
      const found = await searchSeries(server.url, `?match=otlp.it.partial.${type.length}`);
      expect(found.body).toMatchObject({ total: 1 });
    },
  );

  it('answers 400 with a google.rpc.Status in the request encoding to a body it cannot decode', async () => {
    const proto = await exportMetrics(Buffer.from([0x0a, 0xff, 0xff]), {
      'Content-Type': PROTOBUF,
    });
    expect([proto.status, proto.type]).toEqual([400, PROTOBUF]);
    expect(decodeOtlpStatus(proto.bytes)).toEqual({
      code: 3,
      message: expect.stringMatching(
        /^bad_request: body is not an ExportMetricsServiceRequest in protobuf/,
      ),
    });
    const json = await exportMetrics('{"resourceMetrics": 5}');
    expect([json.status, json.type]).toEqual([400, JSON_TYPE]);
    expect(JSON.parse(text(json))).toEqual({
      code: 3,
      message: expect.stringMatching(
        /^bad_request: body is not an ExportMetricsServiceRequest in OTLP\/JSON/,
      ),
    });
  });

  it('answers an empty protobuf response to an empty protobuf request', async () => {
    const answer = await exportMetrics(new Uint8Array(), { 'Content-Type': PROTOBUF });
    expect([answer.status, answer.type, answer.bytes.byteLength]).toEqual([200, PROTOBUF, 0]);
    expect(decodeOtlpResponse(answer.bytes)).toEqual({});
  });

  it.each([
    [{ Authorization: '' }, 401, 16],
    [{ Authorization: 'Bearer wrong' }, 401, 16],
    [{ 'Content-Type': 'text/plain' }, 415, 3],
    [{ 'Content-Encoding': 'br' }, 415, 3],
  ])('refuses %j with %i and a Status', async (headers, status, code) => {
    const answer = await exportMetrics(otlpJson([gauge('otlp.it.refused', 1)]), headers);
    expect(answer.status).toBe(status);
    const body =
      answer.type === PROTOBUF ? decodeOtlpStatus(answer.bytes) : JSON.parse(text(answer));
    expect(body).toMatchObject({ code });
  });

  it('refuses a gzip body that inflates past INGEST_BODY_MAX_BYTES with 413, storing nothing', async () => {
    const big = otlpJson([gauge('otlp.it.big', 1)]).replace('"it"', `"${'x'.repeat(1_100_000)}"`);
    const answer = await exportMetrics(gzipSync(Buffer.from(big)), { 'Content-Encoding': 'gzip' });
    expect([answer.status, JSON.parse(text(answer)).code]).toEqual([413, 3]);
    expect((await searchSeries(server.url, '?match=otlp.it.big')).body).toMatchObject({ total: 0 });
  });

  it('counts samples accepted and points refused for protocol="otlp" on /metrics', async () => {
    const before = await scrapeMetrics(server.url);
    const body = otlpJson([
      gauge('otlp.it.count', 1),
      { name: 'otlp.it.exp', exponentialHistogram: { dataPoints: [{}] } },
    ]);
    expect((await exportMetrics(body)).status).toBe(200);
    expect((await exportMetrics('not json')).status).toBe(400);
    const after = await scrapeMetrics(server.url);
    const delta = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
    expect(delta('pulseboard_ingest_samples_total{protocol="otlp",outcome="accepted"}')).toBe(1);
    expect(delta('pulseboard_ingest_samples_total{protocol="otlp",outcome="refused"}')).toBe(1);
    expect(delta('pulseboard_ingest_requests_refused_total{protocol="otlp"}')).toBe(1);
  });
});

describe('POST /v1/metrics with a small series cap and rate limit', () => {
  const RATE = 4;
  let small: TestServer;
  beforeAll(async () => {
    small = await startTestServer({
      COLLECTOR_ENABLED: '0',
      INGEST_TOKEN: TOKEN,
      SERIES_MAX: '3',
      RATE_LIMIT_INGEST_PER_MIN: String(RATE),
      TRUST_PROXY: '1',
      RATE_LIMIT_EXEMPT: '',
    });
  });
  afterAll(() => small?.stop());

  it('stores nothing of a request whose points would pass SERIES_MAX (409 with a Status)', async () => {
    const metrics = ['a', 'b', 'c', 'd'].map((n) => gauge(`otlp.cap.${n}`, 1));
    const answer = await exportMetrics(
      otlpJson(metrics),
      { 'X-Forwarded-For': '203.0.113.1' },
      small,
    );
    expect([answer.status, JSON.parse(text(answer)).code]).toEqual([409, 8]);
    const found = await searchSeries(small.url, '?match=otlp.cap');
    expect(found.body).toMatchObject({ total: 0 });
  });

  it('shares the ingest rate limit with JSON ingest (429 with Retry-After and a Status)', async () => {
    const client = { 'X-Forwarded-For': '203.0.113.9' };
    const statuses: number[] = [];
    for (let i = 0; i < RATE / 2; i++) {
      const json = JSON.stringify({ samples: [{ series: 'otlp.rate', value: 1 }] });
      statuses.push(
        (await postMetrics(small.url, json, { Authorization: `Bearer ${TOKEN}`, ...client }))
          .status,
      );
    }
    for (let i = 0; i < RATE / 2; i++) {
      statuses.push((await exportMetrics(otlpJson([gauge('otlp.rate', i)]), client, small)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200]);
    const refused = await exportMetrics(
      otlpJson([gauge('otlp.rate', 9)]),
      { ...client, 'Content-Type': PROTOBUF },
      small,
    );
    expect([refused.status, refused.type, decodeOtlpStatus(refused.bytes).code]).toEqual([
      429,
      PROTOBUF,
      8,
    ]);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
  });
});

describe('POST /v1/metrics with access control on', () => {
  let gated: TestServer;
  beforeAll(async () => {
    gated = await startTestServer({
      COLLECTOR_ENABLED: '0',
      TRUST_PROXY: '1',
      AUTH_PASSWORD: 'correct horse',
      INGEST_TOKEN: TOKEN,
    });
  });
  afterAll(() => gated?.stop());

  it('takes a signed-in session instead of the token, and neither is a 401 with a Status', async () => {
    const cookie = await login(gated.url, 'Grace', 'correct horse');
    const body = otlpJson([gauge('otlp.session', 1)]);
    const withSession = await exportMetrics(body, { Authorization: '', Cookie: cookie }, gated);
    expect([withSession.status, text(withSession)]).toEqual([200, '{}']);
    const withToken = await exportMetrics(body, {}, gated);
    expect(withToken.status).toBe(200);
    const neither = await exportMetrics(body, { Authorization: '' }, gated);
    expect([neither.status, JSON.parse(text(neither)).code]).toEqual([401, 16]);
    const found = await searchSeries(gated.url, '?match=otlp.session', { Cookie: cookie });
    expect(found.body).toMatchObject({ total: 1 });
  });
});
