/**
 * Health latency while clients loop the heaviest range (issue 10, B6): starts the production
 * server (`npm run build` first) on 127.0.0.1 with a temp database, fills the last 15 minutes
 * with RANGE_MAX_ROWS raw samples through the ingest API (the heaviest raw answer, about
 * 4.5 MB), then lets RANGE_LOAD_CLIENTS clients loop that range for RANGE_LOAD_DURATION_MS
 * while one client asks /api/health every RANGE_LOAD_HEALTH_EVERY_MS, and prints the
 * latencies: health's, and each range answer's. With RANGE_LOAD_INGEST_EVERY_MS > 0 a writer
 * also pushes RANGE_LOAD_INGEST_SAMPLES samples that often meanwhile (reads then overlap
 * writes: the WAL's peak is printed too). Server env (RANGE_CONCURRENCY_MAX, ...) passes
 * through.
 *
 *   node --import tsx scripts/measure-range-load.ts
 *   RANGE_CONCURRENCY_MAX=2 node --import tsx scripts/measure-range-load.ts
 *   RANGE_LOAD_INGEST_EVERY_MS=50 node --import tsx scripts/measure-range-load.ts
 *
 * Prints numbers only; it asserts nothing (they depend on the machine).
 */
import { readFileSync, statSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { RANGE_MAX_ROWS } from '@/lib/store/metric-store';
import { startTestServer } from '../tests/integration/helpers/start-test-server';

/** Clients looping the range at once (the four). */
const CLIENTS = Number(process.env.RANGE_LOAD_CLIENTS ?? 4);
/** How long they loop, in milliseconds. */
const DURATION_MS = Number(process.env.RANGE_LOAD_DURATION_MS ?? 20_000);
/** Pause between two health requests, in milliseconds. */
const HEALTH_EVERY_MS = Number(process.env.RANGE_LOAD_HEALTH_EVERY_MS ?? 50);
/** Pause between two ingest requests during the loop, in milliseconds (0: no writes). */
const INGEST_EVERY_MS = Number(process.env.RANGE_LOAD_INGEST_EVERY_MS ?? 0);
/** Samples per ingest request during the loop. */
const INGEST_SAMPLES = Number(process.env.RANGE_LOAD_INGEST_SAMPLES ?? 20);
/** Series the samples are spread over. */
const SERIES = 20;
/** Samples per ingest request (INGEST_MAX_SAMPLES). */
const BATCH = 1000;
const SPAN_MS = 15 * 60_000;

/** The range clients: a worker thread's script (CommonJS, run with `eval`). */
const LOADER = `
const { parentPort, workerData: { url, CLIENTS, DURATION_MS } } = require('node:worker_threads');
const stopAt = performance.now() + DURATION_MS;
const statuses = {};
const answerMs = [];
const loop = async () => {
  while (performance.now() < stopAt) {
    const startedAt = performance.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    if (response.status === 200) answerMs.push(performance.now() - startedAt);
    statuses[response.status] = (statuses[response.status] ?? 0) + 1;
  }
};
Promise.all(Array.from({ length: CLIENTS }, loop)).then(() =>
  parentPort.postMessage({ statuses, answerMs }),
);
`;

const server = await startTestServer({
  COLLECTOR_ENABLED: '0',
});
try {
  const now = Date.now();
  await fill(server.url, now);
  const url = `${server.url}/api/range?from=${now - SPAN_MS}&to=${now}`;
  const single = await timed(() => fetch(url).then((r) => r.text()));
  const idle = await healthLatencies(server.url, 3000);
  // The range clients loop in a worker thread of their own: reading 4.5 MB answers there does
  // not delay the health requests timed on this thread.
  const loaders = new Worker(LOADER, { eval: true, workerData: { url, CLIENTS, DURATION_MS } });
  const done = new Promise<{ statuses: Record<number, number>; answerMs: number[] }>((resolve) =>
    loaders.once('message', resolve),
  );
  const wal = { path: `${server.databasePath}-wal`, peakBytes: 0 };
  const writes = INGEST_EVERY_MS > 0 ? ingestLoop(server.url, DURATION_MS) : Promise.resolve(0);
  const loaded = await healthLatencies(server.url, DURATION_MS, () => {
    wal.peakBytes = Math.max(wal.peakBytes, fileBytes(wal.path));
  });
  const { statuses, answerMs } = await done;
  const ingestRequests = await writes;
  await loaders.terminate();
  console.log(
    JSON.stringify(
      {
        env: {
          RANGE_CONCURRENCY_MAX: process.env.RANGE_CONCURRENCY_MAX ?? 'default',
          RANGE_QUEUE_MAX: process.env.RANGE_QUEUE_MAX ?? 'default',
        },
        heaviestRange: { bytes: single.value.length, ms: Math.round(single.ms) },
        rangeAnswersByStatus: statuses,
        rangeAnswerUnderLoadMs: summary(answerMs),
        healthIdleMs: summary(idle),
        healthUnderLoadMs: summary(loaded),
        ingestDuringLoad: { requests: ingestRequests, samplesEach: INGEST_SAMPLES },
        walBytes: { peakDuringLoad: wal.peakBytes, after: fileBytes(wal.path) },
        serverPeakRssMb: peakRssMb(server.child.pid),
      },
      null,
      2,
    ),
  );
} finally {
  await server.stop();
}

/** RANGE_MAX_ROWS samples over the last 15 minutes, SERIES series, through POST /api/metrics. */
async function fill(base: string, now: number): Promise<void> {
  const step = SPAN_MS / (RANGE_MAX_ROWS / SERIES);
  for (let i = 0; i < RANGE_MAX_ROWS; i += BATCH) {
    const samples = Array.from({ length: BATCH }, (_, j) => {
      const n = i + j;
      return {
        series: `load.s${n % SERIES}`,
        ts: Math.round(now - SPAN_MS + Math.floor(n / SERIES) * step),
        value: Math.round(Math.random() * 1e6) / 1000,
      };
    });
    const response = await fetch(`${base}/api/metrics`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ samples }),
    });
    if (response.status !== 200) throw new Error(`ingest answered ${response.status}`);
  }
}

async function healthLatencies(base: string, forMs: number, each?: () => void): Promise<number[]> {
  const until = performance.now() + forMs;
  const latencies: number[] = [];
  while (performance.now() < until) {
    const { ms } = await timed(() => fetch(`${base}/api/health`).then((r) => r.arrayBuffer()));
    latencies.push(ms);
    each?.();
    await delay(HEALTH_EVERY_MS);
  }
  return latencies;
}

/** INGEST_SAMPLES fresh samples every INGEST_EVERY_MS for `forMs`; resolves to the requests sent. */
async function ingestLoop(base: string, forMs: number): Promise<number> {
  const until = performance.now() + forMs;
  let requests = 0;
  while (performance.now() < until) {
    const samples = Array.from({ length: INGEST_SAMPLES }, (_, i) => ({
      series: `load.live${i}`,
      value: Math.random(),
    }));
    const response = await fetch(`${base}/api/metrics`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ samples }),
    });
    await response.arrayBuffer();
    requests++;
    await delay(INGEST_EVERY_MS);
  }
  return requests;
}

/** The server process's peak resident memory so far (`VmHWM`), in MB (Linux). */
function peakRssMb(pid: number | undefined): number | undefined {
  try {
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Math.round(Number(kb) / 1024);
  } catch {
    return undefined;
  }
}

function fileBytes(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return { count: sorted.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1) };
}
