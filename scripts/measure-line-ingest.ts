/**
 * Ingest throughput of the InfluxDB line protocol and OTLP beside JSON (issue 15, a first look
 * before the bench's ingest section): against a running server on 127.0.0.1 (the production
 * build, a fresh database, COLLECTOR_ENABLED=0, no INGEST_TOKEN), sends REQUESTS writes of BATCH
 * samples each, one at a time, through `POST /api/metrics` (JSON), `POST /api/v2/write` (plain)
 * and the same with gzip, and `POST /v1/metrics` (OTLP protobuf gauge points); each sample a
 * point of one of SERIES labelled series. Prints samples per second of each (the median of
 * ROUNDS rounds).
 *
 *   PORT=3311 COLLECTOR_ENABLED=0 DATABASE_PATH=/tmp/m.db npm start &
 *   LINE_INGEST_URL=http://127.0.0.1:3311 node --import tsx scripts/measure-line-ingest.ts
 *
 * Prints numbers only; it asserts nothing (they depend on the machine and its load).
 */
import { gzipSync } from 'node:zlib';
import protobuf from 'protobufjs/light.js';
import { OTLP_DESCRIPTOR } from '../lib/metrics/otlp-schema';

const URL_BASE = process.env.LINE_INGEST_URL ?? 'http://127.0.0.1:3000';
if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(URL_BASE)) {
  throw new Error('LINE_INGEST_URL must be a server on 127.0.0.1');
}
/** Samples per request. */
const BATCH = Number(process.env.LINE_INGEST_BATCH ?? 1000);
/** Requests per round and protocol. */
const REQUESTS = Number(process.env.LINE_INGEST_REQUESTS ?? 50);
/** Timed rounds; the first is a warm-up and not counted. */
const ROUNDS = Number(process.env.LINE_INGEST_ROUNDS ?? 3);
/** Distinct series written (hosts × cores). */
const SERIES = 100;

type Sender = (round: number, request: number) => Promise<Response>;

const tsOf = (round: number, request: number, i: number) =>
  Date.now() - 60_000 + ((round * REQUESTS + request) * BATCH + i) / 1000;

const json: Sender = (round, request) => {
  const samples = Array.from({ length: BATCH }, (_, i) => ({
    series: 'measure_cpu_usage',
    labels: { host: `h${i % 10}`, core: String(Math.floor(i / 10) % (SERIES / 10)) },
    value: i,
    ts: Math.floor(tsOf(round, request, i)),
  }));
  return fetch(`${URL_BASE}/api/metrics`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ samples }),
  });
};

const lines = (round: number, request: number) =>
  Array.from(
    { length: BATCH },
    (_, i) =>
      `measure_cpu,host=h${i % 10},core=${Math.floor(i / 10) % (SERIES / 10)} usage=${i} ${Math.floor(tsOf(round, request, i))}`,
  ).join('\n');

const line: Sender = (round, request) =>
  fetch(`${URL_BASE}/api/v2/write?precision=ms`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    body: lines(round, request),
  });

const lineGzip: Sender = (round, request) =>
  fetch(`${URL_BASE}/api/v2/write?precision=ms`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Encoding': 'gzip' },
    body: new Uint8Array(gzipSync(lines(round, request))),
  });

const OtlpRequest = protobuf.Root.fromJSON(OTLP_DESCRIPTOR).lookupType(
  'ExportMetricsServiceRequest',
);
const kv = (key: string, value: string) => ({ key, value: { stringValue: value } });

/** The same points as OTLP gauge points, encoded with the server's own schema. */
const otlp: Sender = (round, request) => {
  const dataPoints = Array.from({ length: BATCH }, (_, i) => ({
    attributes: [kv('host', `h${i % 10}`), kv('core', String(Math.floor(i / 10) % (SERIES / 10)))],
    timeUnixNano: String(BigInt(Math.floor(tsOf(round, request, i))) * 1_000_000n),
    asDouble: i,
  }));
  const metrics = [{ name: 'measure_cpu_usage_otlp', gauge: { dataPoints } }];
  const message = OtlpRequest.fromObject({ resourceMetrics: [{ scopeMetrics: [{ metrics }] }] });
  return fetch(`${URL_BASE}/v1/metrics`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-protobuf' },
    body: new Uint8Array(OtlpRequest.encode(message).finish()),
  });
};

async function samplesPerSecond(send: Sender, round: number): Promise<number> {
  const started = performance.now();
  for (let r = 0; r < REQUESTS; r++) {
    const answer = await send(round, r);
    if (!answer.ok) throw new Error(`answered ${answer.status}: ${await answer.text()}`);
    await answer.arrayBuffer();
  }
  return (REQUESTS * BATCH) / ((performance.now() - started) / 1000);
}

const results: Record<string, number[]> = { json: [], line: [], 'line+gzip': [], otlp: [] };
for (let round = 0; round < ROUNDS + 1; round++) {
  // Interleaved, so that a change of load on the machine falls on all four alike.
  const rates = {
    json: await samplesPerSecond(json, round * 4),
    line: await samplesPerSecond(line, round * 4 + 1),
    'line+gzip': await samplesPerSecond(lineGzip, round * 4 + 2),
    otlp: await samplesPerSecond(otlp, round * 4 + 3),
  };
  if (round === 0) continue;
  for (const [name, rate] of Object.entries(rates)) results[name]?.push(rate);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const jsonRate = median(results.json ?? []);
for (const [name, rates] of Object.entries(results)) {
  const rate = median(rates);
  console.log(
    `${name.padEnd(10)} ${Math.round(rate).toLocaleString('en')} samples/s (x${(rate / jsonRate).toFixed(2)} of JSON; rounds: ${rates.map((r) => Math.round(r)).join(', ')})`,
  );
}
