import {
  AggregationTemporalityPreference,
  OTLPMetricExporter as OtlpJsonExporter,
} from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as OtlpProtoExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  MeterProvider,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { formatSeriesKey, type RangeAnswer } from '@/lib/protocol';
import { getJson } from './helpers/http-api';
import { searchSeries } from './helpers/series-api';
import { startTestServer, type TestServer } from './helpers/start-test-server';

/**
 * The real OpenTelemetry JS SDK as the client: `@opentelemetry/sdk-metrics` exporting a gauge, a
 * counter and a histogram through the official OTLP/HTTP exporters (protobuf with gzip, and
 * JSON with delta temporality) to the real server. Each export is waited for by flushing the
 * reader, which settles once the exporter has the server's answer; each export's result is
 * recorded and must be a success (the reader does not reject on a failed export).
 */

const TOKEN = 'otlp-sdk-s3cret';
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ COLLECTOR_ENABLED: '0', INGEST_TOKEN: TOKEN });
});
afterAll(() => server?.stop());

type Instruments = {
  provider: MeterProvider;
  reader: PeriodicExportingMetricReader;
  /** The result code of every export (0: success), in order. */
  results: number[];
};

/** An SDK set up as docs/ingest.md shows, exporting only when flushed. */
function sdk(service: string, official: PushMetricExporter): Instruments {
  const results: number[] = [];
  const exporter: PushMetricExporter = {
    export: (metrics, done) =>
      official.export(metrics, (result) => {
        results.push(result.code);
        done(result);
      }),
    forceFlush: () => official.forceFlush(),
    shutdown: () => official.shutdown(),
    selectAggregationTemporality: official.selectAggregationTemporality?.bind(official),
  };
  const reader = new PeriodicExportingMetricReader({
    exporter,
    // Exports happen when the test flushes, not on a timer.
    exportIntervalMillis: 3_600_000,
  });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({
      'service.name': service,
      'service.instance.id': 'i-1',
      'host.name': 'sdk-host',
      'deployment.environment': 'test',
    }),
    readers: [reader],
  });
  return { provider, reader, results };
}

const LABELS = { host_name: 'sdk-host', service_instance_id: 'i-1' };

/** Runs `make` with `vars` set in the environment (docs/ingest.md's variables), then restores it. */
function withEnv<T>(vars: Record<string, string>, make: () => T): T {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return make();
  } finally {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Resolves once the clock has moved past the millisecond it was called in. */
async function nextMillisecond(): Promise<void> {
  const now = Date.now();
  await vi.waitFor(
    () => {
      if (Date.now() <= now) throw new Error('still the same millisecond');
    },
    { interval: 1 },
  );
}

async function keysOf(match: string): Promise<string[]> {
  const found = await searchSeries(server.url, `?match=${match}&limit=50`);
  return (found.body as { series: { key: string }[] }).series.map((s) => s.key);
}

async function pointsOf(key: string): Promise<[number, number][]> {
  // A span under RANGE_RAW_MAX_SPAN_MS: raw samples, not rollups.
  const to = Date.now() + 60_000;
  const url = `${server.url}/api/range?from=${to - 600_000}&to=${to}&series=${encodeURIComponent(key)}`;
  return ((await getJson(url)).body as RangeAnswer).series[0]?.points ?? [];
}

describe.each([
  {
    name: 'exporter-metrics-otlp-proto (protobuf, gzip, cumulative)',
    service: 'sdk-proto',
    exporter: () =>
      new OtlpProtoExporter({
        url: `${server?.url}/v1/metrics`,
        headers: { Authorization: `Bearer ${TOKEN}` },
        compression: 'gzip' as never,
      }),
  },
  {
    name: 'exporter-metrics-otlp-http (JSON, delta)',
    service: 'sdk-json',
    exporter: () =>
      new OtlpJsonExporter({
        url: `${server?.url}/v1/metrics`,
        headers: { Authorization: `Bearer ${TOKEN}` },
        temporalityPreference: AggregationTemporalityPreference.DELTA,
      }),
  },
  {
    name: 'exporter-metrics-otlp-proto configured by OTEL_EXPORTER_OTLP_METRICS_* alone',
    service: 'sdk-env',
    exporter: () =>
      withEnv(
        {
          OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `${server?.url}/v1/metrics`,
          OTEL_EXPORTER_OTLP_METRICS_HEADERS: `Authorization=Bearer%20${TOKEN}`,
          OTEL_EXPORTER_OTLP_METRICS_COMPRESSION: 'gzip',
        },
        () => new OtlpProtoExporter(),
      ),
  },
])('the OpenTelemetry JS SDK through $name', ({ service, exporter }) => {
  it('stores a gauge, a counter as :rate and a histogram as :p50/:p95/:p99 and :rate', async () => {
    const { provider, reader, results } = sdk(service, exporter());
    const meter = provider.getMeter('pulseboard-it', '1.0.0');
    const gauge = meter.createGauge('sdk.temperature', { unit: 'Cel' });
    const counter = meter.createCounter('sdk.requests');
    const histogram = meter.createHistogram('sdk.latency', {
      unit: 'ms',
      advice: { explicitBucketBoundaries: [10, 100, 1000] },
    });

    gauge.record(21.5, { room: 'lab.1' });
    counter.add(10, { 'http.route': '/a' });
    for (const ms of [5, 50, 50, 500]) histogram.record(ms);
    await nextMillisecond(); // the SDK's times are whole milliseconds: let the interval be one
    await reader.forceFlush();
    gauge.record(22, { room: 'lab.1' });
    counter.add(30, { 'http.route': '/a' });
    for (const ms of [20, 30, 40, 50]) histogram.record(ms);
    await nextMillisecond();
    await reader.forceFlush();
    // Shut down at the end: its last export would add a point of no growth to each stream.
    onTestFinished(() => provider.shutdown());
    expect(results).toEqual([0, 0]);

    const labels = { ...LABELS, service_name: service };
    const key = (metric: string, more: Record<string, string> = {}) =>
      formatSeriesKey(metric, { ...labels, ...more });
    const ours = (await keysOf('sdk.')).filter((k) => k.includes(`service_name="${service}"`));
    expect(ours).toEqual([
      key('sdk.latency:p50'),
      key('sdk.latency:p95'),
      key('sdk.latency:p99'),
      key('sdk.latency:rate'),
      key('sdk.requests:rate', { http_route: '/a' }),
      key('sdk.temperature', { room: 'lab.1' }),
    ]);
    const temperature = await pointsOf(key('sdk.temperature', { room: 'lab.1' }));
    expect(temperature.map(([, v]) => v)).toEqual([21.5, 22]);
    // The two exports' times, as the SDK stamped them (every point of an export has its time).
    const [t1, t2] = temperature.map(([ts]) => ts) as [number, number];
    // A rate over the second export's interval: its ends are stored floored to the millisecond.
    const expectRate = (rate: number | undefined, count: number) => {
      expect(rate).toBeGreaterThanOrEqual(count / ((t2 - t1 + 1) / 1000));
      expect(rate).toBeLessThanOrEqual(count / ((t2 - t1 - 1) / 1000));
    };

    const rates = await pointsOf(key('sdk.requests:rate', { http_route: '/a' }));
    expect(rates.map(([ts]) => ts)).toEqual([t1, t2]);
    expect(rates[0]?.[1]).toBeGreaterThan(0); // 10 over the time since the counter's start
    expectRate(rates[1]?.[1], 30);

    // First export: 5, 50, 50, 500 ms; the second's growth: 20, 30, 40, 50 ms, in (10, 100].
    expect(await pointsOf(key('sdk.latency:p50'))).toEqual([
      [t1, 55],
      [t2, 55],
    ]);
    const p95 = (await pointsOf(key('sdk.latency:p95'))).map(([, v]) => v);
    expect(p95[0]).toBeCloseTo(100 + 900 * 0.8, 6);
    expect(p95[1]).toBeCloseTo(10 + 90 * 0.95, 6);
    const p99 = (await pointsOf(key('sdk.latency:p99'))).map(([, v]) => v);
    expect(p99[0]).toBeCloseTo(100 + 900 * 0.96, 6);
    expect(p99[1]).toBeCloseTo(10 + 90 * 0.99, 6);
    const latencyRate = await pointsOf(key('sdk.latency:rate'));
    expect(latencyRate.map(([ts]) => ts)).toEqual([t1, t2]);
    expectRate(latencyRate[1]?.[1], 4);
  });
});
