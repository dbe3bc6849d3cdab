import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import {
  decodeOtlpRequest,
  decodeOtlpResponse,
  decodeOtlpStatus,
  encodeOtlpResponse,
  encodeOtlpStatus,
  OTLP_JSON_MEDIA_TYPE,
  OTLP_PROTOBUF_MEDIA_TYPE,
  OtlpDecodeError,
  type OtlpEncoding,
} from './otlp-codec';
import { attributeText } from './otlp-labels';
import { int64Number } from './otlp-points';
import type { OtlpMetricsRequest } from './otlp-schema';

/** A reader the test collects from by hand. */
class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** What the OpenTelemetry SDK collects for a gauge, a counter and a histogram. */
async function collected(): Promise<ResourceMetrics> {
  const reader = new CollectingReader();
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'checkout', 'host.name': 'web-1' }),
    readers: [reader],
  });
  const meter = provider.getMeter('codec-test', '1.2.3');
  meter.createGauge('queue.depth', { unit: '{item}' }).record(7, { 'queue.name': 'mail' });
  meter.createCounter('requests', { unit: '1' }).add(5, { 'http.route': '/pay', ok: true });
  const histogram = meter.createHistogram('latency', {
    unit: 'ms',
    advice: { explicitBucketBoundaries: [10, 100] },
  });
  for (const ms of [5, 50, 50, 500]) histogram.record(ms);
  const { resourceMetrics } = await reader.collect();
  await provider.shutdown();
  return resourceMetrics;
}

/** A request whose one resource attribute nests `levels` arrays. */
function deepJson(levels: number): string {
  const value = `${'{"arrayValue":{"values":['.repeat(levels)}{"stringValue":"x"}${']}}'.repeat(levels)}`;
  return `{"resourceMetrics":[{"resource":{"attributes":[{"key":"k","value":${value}}]}}]}`;
}

/** The same in protobuf, written by hand: each level a length-delimited field 5 then 1. */
function deepProtobuf(levels: number): Buffer {
  let inner = Buffer.from([0x0a, 0x01, 0x78]); // AnyValue { string_value: "x" }
  const wrap = (field: number, body: Buffer) =>
    Buffer.concat([Buffer.from([(field << 3) | 2]), varint(body.length), body]);
  for (let i = 0; i < levels; i++) inner = wrap(5, wrap(1, inner)); // AnyValue{array_value{values}}
  const keyValue = Buffer.concat([wrap(1, Buffer.from('k')), wrap(2, inner)]);
  return wrap(1, wrap(1, wrap(1, keyValue))); // request.resource_metrics.resource.attributes
}

function varint(n: number): Buffer {
  const bytes: number[] = [];
  let rest = n;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

const bodyOf = (bytes: Uint8Array) => ({ bytes, text: Buffer.from(bytes).toString('utf8') });

/** The decoded request as plain facts, the same for both encodings. */
function facts(request: OtlpMetricsRequest) {
  const rm = request.resourceMetrics?.[0];
  const resource = Object.fromEntries(
    (rm?.resource?.attributes ?? [])
      .filter((a) => a.key === 'service.name' || a.key === 'host.name')
      .map((a) => [a.key, attributeText(a.value)]),
  );
  const scope = rm?.scopeMetrics?.[0];
  const byName = new Map((scope?.metrics ?? []).map((m) => [m.name, m]));
  const gauge = byName.get('queue.depth')?.gauge?.dataPoints?.[0];
  const sum = byName.get('requests')?.sum;
  const histogram = byName.get('latency')?.histogram;
  const hp = histogram?.dataPoints?.[0];
  return {
    resource,
    scope: { name: scope?.scope?.name, version: scope?.scope?.version },
    kinds: [...byName].map(([name, m]) => [name, m.data]),
    gauge: { value: gauge?.asDouble ?? int64Number(gauge?.asInt), which: gauge?.value },
    gaugeTimeIsNs: int64Number(gauge?.timeUnixNano) > 1e18,
    sum: {
      monotonic: sum?.isMonotonic,
      temporality: sum?.aggregationTemporality,
      value: int64Number(sum?.dataPoints?.[0]?.asInt) || sum?.dataPoints?.[0]?.asDouble,
      attributes: sum?.dataPoints?.[0]?.attributes?.map((a) => [a.key, attributeText(a.value)]),
      startBeforeTime:
        int64Number(sum?.dataPoints?.[0]?.startTimeUnixNano) <=
        int64Number(sum?.dataPoints?.[0]?.timeUnixNano),
    },
    histogram: {
      temporality: histogram?.aggregationTemporality,
      count: int64Number(hp?.count),
      bounds: hp?.explicitBounds,
      buckets: hp?.bucketCounts?.map(int64Number),
    },
  };
}

const expected = {
  resource: { 'service.name': 'checkout', 'host.name': 'web-1' },
  scope: { name: 'codec-test', version: '1.2.3' },
  kinds: [
    ['queue.depth', 'gauge'],
    ['requests', 'sum'],
    ['latency', 'histogram'],
  ],
  gauge: { value: 7, which: 'asDouble' },
  gaugeTimeIsNs: true,
  sum: {
    monotonic: true,
    temporality: 2,
    value: 5,
    attributes: [
      ['http.route', '/pay'],
      ['ok', 'true'],
    ],
    startBeforeTime: true,
  },
  histogram: { temporality: 2, count: 4, bounds: [10, 100], buckets: [1, 2, 1] },
};

describe('decodeOtlpRequest', () => {
  it('reads what the official protobuf serializer writes from the SDK', async () => {
    const bytes = ProtobufMetricsSerializer.serializeRequest(await collected());
    if (!bytes) throw new Error('no bytes');
    expect(facts(decodeOtlpRequest(OTLP_PROTOBUF_MEDIA_TYPE, bodyOf(bytes)))).toEqual(expected);
  });

  it('reads what the official JSON serializer writes from the SDK', async () => {
    const bytes = JsonMetricsSerializer.serializeRequest(await collected());
    if (!bytes) throw new Error('no bytes');
    expect(facts(decodeOtlpRequest(OTLP_JSON_MEDIA_TYPE, bodyOf(bytes)))).toEqual(expected);
  });

  it('reads OTLP/JSON int64 as strings or numbers, and enums by name', () => {
    const point = (timeUnixNano: unknown, asInt: unknown) => ({ timeUnixNano, asInt });
    const request = decodeOtlpRequest(OTLP_JSON_MEDIA_TYPE, {
      bytes: new Uint8Array(),
      text: JSON.stringify({
        resourceMetrics: [
          {
            scopeMetrics: [
              {
                metrics: [
                  {
                    name: 'a',
                    sum: {
                      aggregationTemporality: 'AGGREGATION_TEMPORALITY_DELTA',
                      isMonotonic: true,
                      dataPoints: [point('1700000000000000000', '42'), point(1e15, 43)],
                    },
                    unknownField: { ignored: true },
                  },
                ],
              },
            ],
          },
        ],
      }),
    });
    const sum = request.resourceMetrics?.[0]?.scopeMetrics?.[0]?.metrics?.[0]?.sum;
    expect(sum?.aggregationTemporality).toBe(1);
    expect(
      sum?.dataPoints?.map((p) => [int64Number(p.timeUnixNano), int64Number(p.asInt)]),
    ).toEqual([
      [1.7e18, 42],
      [1e15, 43],
    ]);
  });

  it.each<[OtlpEncoding, Buffer]>([
    [OTLP_PROTOBUF_MEDIA_TYPE, Buffer.from([0x0a, 0xff, 0xff])],
    [OTLP_JSON_MEDIA_TYPE, Buffer.from('{"resourceMetrics": {}}')],
    [OTLP_JSON_MEDIA_TYPE, Buffer.from('[1]')],
    [OTLP_JSON_MEDIA_TYPE, Buffer.from('{')],
    // Nested past protobufjs's recursion limit (100 messages, as protoc's).
    [OTLP_JSON_MEDIA_TYPE, Buffer.from(deepJson(1_000))],
    [OTLP_PROTOBUF_MEDIA_TYPE, deepProtobuf(1_000)],
  ])('refuses a %s body it cannot decode: %j', (encoding, bytes) => {
    expect(() => decodeOtlpRequest(encoding, bodyOf(bytes))).toThrow(OtlpDecodeError);
  });
});

describe('encodeOtlpResponse and encodeOtlpStatus', () => {
  const partial = { rejectedDataPoints: 3, errorMessage: 'metric "x": summaries are not stored' };

  it('writes an empty response, or one with partial_success, in protobuf', () => {
    const empty = encodeOtlpResponse(OTLP_PROTOBUF_MEDIA_TYPE, undefined) as Uint8Array;
    expect(empty.byteLength).toBe(0);
    const bytes = encodeOtlpResponse(OTLP_PROTOBUF_MEDIA_TYPE, partial) as Uint8Array;
    expect(decodeOtlpResponse(bytes)).toEqual({
      partialSuccess: { rejectedDataPoints: '3', errorMessage: partial.errorMessage },
    });
    // What the official exporter reads back.
    expect(ProtobufMetricsSerializer.deserializeResponse(bytes)).toMatchObject({
      partialSuccess: { errorMessage: partial.errorMessage },
    });
  });

  it('writes proto3 JSON (int64 as a string)', () => {
    expect(encodeOtlpResponse(OTLP_JSON_MEDIA_TYPE, undefined)).toBe('{}');
    expect(JSON.parse(encodeOtlpResponse(OTLP_JSON_MEDIA_TYPE, partial) as string)).toEqual({
      partialSuccess: { rejectedDataPoints: '3', errorMessage: partial.errorMessage },
    });
  });

  it('writes a google.rpc.Status in either encoding', () => {
    const bytes = encodeOtlpStatus(OTLP_PROTOBUF_MEDIA_TYPE, 3, 'bad body') as Uint8Array;
    expect(decodeOtlpStatus(bytes)).toEqual({ code: 3, message: 'bad body' });
    expect(JSON.parse(encodeOtlpStatus(OTLP_JSON_MEDIA_TYPE, 3, 'bad body') as string)).toEqual({
      code: 3,
      message: 'bad body',
    });
  });
});
