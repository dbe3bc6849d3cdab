import { describe, expect, it } from 'vitest';
import { decodeOtlpRequest, OTLP_JSON_MEDIA_TYPE } from './otlp-codec';
import { OTLP_MAX_SAMPLES, samplesOfOtlp } from './otlp-samples';
import { OtlpStreams } from './otlp-streams';

const NOW_MS = 1_700_000_000_000;
const window = { maxFutureMs: 300_000, rawRetentionMs: 86_400_000 };
const ns = (ms: number) => String(BigInt(ms) * 1_000_000n);
const kv = (key: string, value: unknown) => ({
  key,
  value: typeof value === 'string' ? { stringValue: value } : { intValue: value },
});
const RESOURCE = [kv('service.name', 'api'), kv('host.name', 'web-1'), kv('process.pid', 42)];

/** A request of one metric, decoded as the server decodes OTLP/JSON. */
function request(metric: Record<string, unknown>, resource = RESOURCE) {
  const json = {
    resourceMetrics: [
      { resource: { attributes: resource }, scopeMetrics: [{ metrics: [metric] }] },
    ],
  };
  return decodeOtlpRequest(OTLP_JSON_MEDIA_TYPE, {
    bytes: new Uint8Array(),
    text: JSON.stringify(json),
  });
}

/** Maps `metric` with `streams`, committing the updates as the route does after the append. */
function map(metric: Record<string, unknown>, streams = new OtlpStreams()) {
  const mapped = samplesOfOtlp(request(metric), streams, window, NOW_MS);
  streams.commit(mapped.updates);
  return mapped;
}

const point = (atMs: number, value: number, extra: Record<string, unknown> = {}) => ({
  timeUnixNano: ns(atMs),
  asDouble: value,
  ...extra,
});
const L = 'host_name="web-1",service_name="api"';

describe('samplesOfOtlp: gauges and sums', () => {
  it('stores a gauge as it is, labelled with resource and point attributes', () => {
    const mapped = map({
      name: 'queue.depth',
      unit: 'items',
      gauge: { dataPoints: [point(NOW_MS, 7, { attributes: [kv('queue.name', 'mail')] })] },
    });
    expect(mapped.samples).toEqual([
      {
        series: 'queue.depth{host_name="web-1",queue_name="mail",service_name="api"}',
        value: 7,
        ts: NOW_MS,
        unit: 'items',
      },
    ]);
    expect(mapped.rejected).toBe(0);
  });

  it('stores a non-monotonic sum as a gauge, an int value as a number', () => {
    const mapped = map({
      name: 'in.flight',
      sum: {
        aggregationTemporality: 2,
        isMonotonic: false,
        dataPoints: [{ timeUnixNano: ns(NOW_MS), asInt: '3' }],
      },
    });
    expect(mapped.samples).toEqual([{ series: `in.flight{${L}}`, value: 3, ts: NOW_MS }]);
  });

  it('turns a cumulative monotonic sum into a per-second rate, with resets by start time', () => {
    const streams = new OtlpStreams();
    const sum = (start: number, at: number, value: number) => ({
      name: 'requests',
      unit: 'By',
      sum: {
        aggregationTemporality: 2,
        isMonotonic: true,
        dataPoints: [point(at, value, { startTimeUnixNano: ns(start) })],
      },
    });
    const rates = (metric: Record<string, unknown>) =>
      map(metric, streams).samples.map((s) => s.value);
    const t = NOW_MS - 60_000;
    expect(rates(sum(t, t + 10_000, 50))).toEqual([5]); // 50 since the start, 10 s ago
    expect(rates(sum(t, t + 20_000, 70))).toEqual([2]); // +20 in 10 s
    expect(rates(sum(t, t + 20_000, 70))).toEqual([]); // the same point again: nothing
    expect(rates(sum(t, t + 30_000, 10))).toEqual([1]); // went down, same start: a reset, 10 in 10 s
    expect(rates(sum(t + 35_000, t + 40_000, 20))).toEqual([4]); // new start: 20 in 5 s
    const [sample] = map(sum(t + 35_000, t + 50_000, 40), streams).samples;
    expect(sample).toEqual({
      series: `requests:rate{${L}}`,
      value: 2,
      ts: t + 50_000,
      unit: 'By/s',
    });
  });

  it('turns a delta monotonic sum into its value over its own interval', () => {
    const mapped = map({
      name: 'jobs',
      sum: {
        aggregationTemporality: 1,
        isMonotonic: true,
        dataPoints: [
          point(NOW_MS, 30, { startTimeUnixNano: ns(NOW_MS - 15_000) }),
          point(NOW_MS, 1),
        ],
      },
    });
    expect(mapped.samples.map((s) => [s.series, s.value])).toEqual([[`jobs:rate{${L}}`, 2]]);
    expect(mapped.rejected).toBe(1);
    expect(mapped.errorMessage).toBe('metric "jobs": a delta point needs a start time before it');
  });

  it('refuses a negative monotonic sum point', () => {
    const mapped = map({
      name: 'c',
      sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [point(NOW_MS, -1)] },
    });
    expect([mapped.samples, mapped.rejected]).toEqual([[], 1]);
  });
});

describe('samplesOfOtlp: histograms', () => {
  const histogram = (temporality: number, start: number, at: number, buckets: number[]) => ({
    name: 'latency',
    unit: 'ms',
    histogram: {
      aggregationTemporality: temporality,
      dataPoints: [
        {
          startTimeUnixNano: ns(start),
          timeUnixNano: ns(at),
          count: String(buckets.reduce((a, b) => a + b, 0)),
          explicitBounds: [10, 20, 40],
          bucketCounts: buckets.map(String),
        },
      ],
    },
  });
  const byName = (mapped: ReturnType<typeof map>) =>
    Object.fromEntries(mapped.samples.map((s) => [s.series.replace(`{${L}}`, ''), s.value]));

  it('gives p50, p95, p99 and the count rate of a cumulative histogram over each interval', () => {
    const streams = new OtlpStreams();
    const t = NOW_MS - 60_000;
    // 10 observations in (10, 20] over the 10 s since the start.
    expect(byName(map(histogram(2, t, t + 10_000, [0, 10, 0, 0]), streams))).toEqual({
      'latency:p50': 15,
      'latency:p95': 19.5,
      'latency:p99': 19.9,
      'latency:rate': 1,
    });
    // Then 20 more, all in (20, 40], in 10 s: only they count.
    expect(byName(map(histogram(2, t, t + 20_000, [0, 10, 20, 0]), streams))).toEqual({
      'latency:p50': 30,
      'latency:p95': 39,
      'latency:p99': 39.8,
      'latency:rate': 2,
    });
    // Nothing new: a rate of 0 and no quantiles.
    expect(byName(map(histogram(2, t, t + 30_000, [0, 10, 20, 0]), streams))).toEqual({
      'latency:rate': 0,
    });
  });

  it('takes a delta histogram point as it is; the +Inf bucket gives the highest bound', () => {
    const mapped = map(histogram(1, NOW_MS - 5_000, NOW_MS, [0, 0, 0, 5]));
    expect(byName(mapped)).toEqual({
      'latency:p50': 40,
      'latency:p95': 40,
      'latency:p99': 40,
      'latency:rate': 1,
    });
    expect(mapped.samples[0]?.unit).toBe('ms');
  });
});

describe('samplesOfOtlp: refusals per point', () => {
  it('refuses exponential histograms and summaries per point, with reasons', () => {
    const json = {
      resourceMetrics: [
        {
          scopeMetrics: [
            {
              metrics: [
                { name: 'e', exponentialHistogram: { dataPoints: [{}, {}] } },
                { name: 's', summary: { dataPoints: [{}] } },
                { name: 'g', gauge: { dataPoints: [point(NOW_MS, 1)] } },
              ],
            },
          ],
        },
      ],
    };
    const req = decodeOtlpRequest(OTLP_JSON_MEDIA_TYPE, {
      bytes: new Uint8Array(),
      text: JSON.stringify(json),
    });
    const mapped = samplesOfOtlp(req, new OtlpStreams(), window, NOW_MS);
    expect(mapped.samples).toEqual([{ series: 'g', value: 1, ts: NOW_MS }]);
    expect(mapped.rejected).toBe(3);
    expect(mapped.errorMessage).toBe(
      'metric "e": exponential histograms are not stored; use explicit bucket histograms (2 points); metric "s": summaries are not stored',
    );
  });

  it.each([
    [
      'a time outside the window',
      point(NOW_MS + 3_600_000, 1),
      /time_unix_nano in ms .* ahead of the server clock/,
    ],
    ['no time', { asDouble: 1 }, /without time_unix_nano/],
    ['no value', { timeUnixNano: ns(NOW_MS) }, /without a value/],
    ['NaN (OTLP/JSON "NaN")', { timeUnixNano: ns(NOW_MS), asDouble: 'NaN' }, /not finite/],
    ['Infinity', { timeUnixNano: ns(NOW_MS), asDouble: 'Infinity' }, /not finite/],
    [
      'two attributes as one label',
      point(NOW_MS, 1, { attributes: [kv('a.b', 'x'), kv('a_b', 'y')] }),
      /"a_b"/,
    ],
    [
      'a value too long',
      point(NOW_MS, 1, { attributes: [kv('k', 'v'.repeat(300))] }),
      /at most 256/,
    ],
    [
      'too many labels',
      point(NOW_MS, 1, { attributes: Array.from({ length: 15 }, (_, i) => kv(`k${i}`, 'v')) }),
      /at most 16 labels/,
    ],
  ])('refuses a point with %s, stores the others', (_, bad, reason) => {
    const mapped = map({ name: 'g', gauge: { dataPoints: [bad, point(NOW_MS, 2)] } });
    expect(mapped.samples.map((s) => s.value)).toEqual([2]);
    expect(mapped.rejected).toBe(1);
    expect(mapped.errorMessage).toMatch(reason);
  });

  it('skips a point flagged NO_RECORDED_VALUE without refusing it', () => {
    const mapped = map({ name: 'g', gauge: { dataPoints: [point(NOW_MS, 1, { flags: 1 })] } });
    expect([mapped.samples, mapped.rejected]).toEqual([[], 0]);
  });

  it(`refuses a request past OTLP_MAX_SAMPLES (${OTLP_MAX_SAMPLES}) with 413, and takes one at it`, () => {
    const points = (n: number) => Array.from({ length: n }, (_, i) => point(NOW_MS - i, i));
    expect(
      map({ name: 'g', gauge: { dataPoints: points(OTLP_MAX_SAMPLES) } }).samples,
    ).toHaveLength(OTLP_MAX_SAMPLES);
    expect(() => map({ name: 'g', gauge: { dataPoints: points(OTLP_MAX_SAMPLES + 1) } })).toThrow(
      expect.objectContaining({ code: 'payload_too_large' }),
    );
  });
});
