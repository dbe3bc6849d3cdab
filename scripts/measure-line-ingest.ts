/**
 * Ingest throughput of the InfluxDB line protocol and OTLP beside JSON (issue 15, a first look
 * before the bench's ingest section): against a running server on 127.0.0.1 (the production
 * build, a fresh database, COLLECTOR_ENABLED=0, no INGEST_TOKEN), sends REQUESTS writes of BATCH
 * samples each, one at a time, through `POST /api/metrics` (JSON), `POST /api/v2/write` (plain)
 * and the same with gzip, and `POST /v1/metrics` (OTLP protobuf gauge points); each sample a
 * point of one of INGEST_SERIES_COUNT labelled series (bodies from bench/ingest-encoders.ts). Prints samples per second of each (the median of
 * ROUNDS rounds).
 *
 *   PORT=3311 COLLECTOR_ENABLED=0 DATABASE_PATH=/tmp/m.db npm start &
 *   LINE_INGEST_URL=http://127.0.0.1:3311 node --import tsx scripts/measure-line-ingest.ts
 *
 * Prints numbers only; it asserts nothing (they depend on the machine and its load).
 */
import { encodeIngest, INGEST_PROTOCOLS, type IngestProtocol } from '../bench/ingest-encoders';

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

type Sender = (round: number, request: number) => Promise<Response>;

const sender =
  (protocol: IngestProtocol): Sender =>
  (round, request) => {
    const firstTsMs = Date.now() - 60_000 + ((round * REQUESTS + request) * BATCH) / 1000;
    const { path, headers, body } = encodeIngest(protocol, { count: BATCH, firstTsMs });
    return fetch(`${URL_BASE}${path}`, { method: 'POST', headers, body: new Uint8Array(body) });
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

const results: Record<string, number[]> = Object.fromEntries(INGEST_PROTOCOLS.map((p) => [p, []]));
for (let round = 0; round < ROUNDS + 1; round++) {
  // Interleaved, so that a change of load on the machine falls on all four alike.
  const rates: Record<string, number> = {};
  for (const [k, protocol] of INGEST_PROTOCOLS.entries()) {
    rates[protocol] = await samplesPerSecond(sender(protocol), round * 4 + k);
  }
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
