/**
 * Request bodies of the three ingest protocols (issue 15), the same samples in each: `BATCH`
 * points of one metric over `INGEST_SERIES_COUNT` labelled series (10 hosts × 10 cores).
 * Shared by the bench's ingest section and scripts/measure-line-ingest.ts.
 */
import { gzipSync } from 'node:zlib';
import protobuf from 'protobufjs/light.js';
import { OTLP_DESCRIPTOR } from '../lib/metrics/otlp-schema';

/** Distinct labelled series each protocol writes (hosts × cores). */
export const INGEST_SERIES_COUNT = 100;
const HOSTS = 10;

/** The protocols measured, JSON first (the ratios are to it). */
export const INGEST_PROTOCOLS = ['json', 'line', 'line+gzip', 'otlp'] as const;
export type IngestProtocol = (typeof INGEST_PROTOCOLS)[number];

/** One ingest request, ready to send. */
export type IngestRequest = { path: string; headers: Record<string, string>; body: Uint8Array };

/** Where one batch sits: `count` samples from `firstTsMs` on, a thousand per millisecond. */
export type BatchPlace = { count: number; firstTsMs: number };

const host = (i: number) => `h${i % HOSTS}`;
const core = (i: number) => String(Math.floor(i / HOSTS) % (INGEST_SERIES_COUNT / HOSTS));
// A thousand samples per millisecond, so that a batch never repeats a (series, ts) pair.
const tsOf = (b: BatchPlace, i: number) => Math.floor(b.firstTsMs + i / 1000);

function jsonRequest(b: BatchPlace): IngestRequest {
  const samples = Array.from({ length: b.count }, (_, i) => ({
    series: 'measure_cpu_usage',
    labels: { host: host(i), core: core(i) },
    value: i,
    ts: tsOf(b, i),
  }));
  return {
    path: '/api/metrics',
    headers: { 'Content-Type': 'application/json' },
    body: Buffer.from(JSON.stringify({ samples })),
  };
}

function lines(b: BatchPlace): string {
  return Array.from(
    { length: b.count },
    (_, i) => `measure_cpu,host=${host(i)},core=${core(i)} usage=${i} ${tsOf(b, i)}`,
  ).join('\n');
}

function lineRequest(b: BatchPlace, gzip: boolean): IngestRequest {
  const text = lines(b);
  return {
    path: '/api/v2/write?precision=ms',
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    },
    body: gzip ? new Uint8Array(gzipSync(text)) : Buffer.from(text),
  };
}

const OtlpRequest = protobuf.Root.fromJSON(OTLP_DESCRIPTOR).lookupType(
  'ExportMetricsServiceRequest',
);
const kv = (key: string, value: string) => ({ key, value: { stringValue: value } });

/** The same points as OTLP gauge points, encoded with the server's own schema. */
function otlpRequest(b: BatchPlace): IngestRequest {
  const dataPoints = Array.from({ length: b.count }, (_, i) => ({
    attributes: [kv('host', host(i)), kv('core', core(i))],
    timeUnixNano: String(BigInt(tsOf(b, i)) * 1_000_000n),
    asDouble: i,
  }));
  const metrics = [{ name: 'measure_cpu_usage_otlp', gauge: { dataPoints } }];
  const message = OtlpRequest.fromObject({ resourceMetrics: [{ scopeMetrics: [{ metrics }] }] });
  return {
    path: '/v1/metrics',
    headers: { 'Content-Type': 'application/x-protobuf' },
    body: new Uint8Array(OtlpRequest.encode(message).finish()),
  };
}

/** The request that ingests batch `b` through `protocol`. */
export function encodeIngest(protocol: IngestProtocol, b: BatchPlace): IngestRequest {
  switch (protocol) {
    case 'json':
      return jsonRequest(b);
    case 'line':
      return lineRequest(b, false);
    case 'line+gzip':
      return lineRequest(b, true);
    case 'otlp':
      return otlpRequest(b);
  }
}
