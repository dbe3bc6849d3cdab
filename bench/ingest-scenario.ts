/**
 * The ingest section of `npm run bench` (issue 15): samples per second through JSON, InfluxDB
 * line protocol (plain and gzip) and OTLP protobuf against the production server, and the
 * bytes on disk each stored sample costs. Loopback only, bounded in requests and time.
 */
import { withTimeout } from './clock';
import { INGEST_BATCH_SAMPLES, INGEST_PHASE_TIMEOUT_MS } from './config';
import { encodeIngest, INGEST_PROTOCOLS, type IngestProtocol } from './ingest-encoders';
import type { PageCounts } from './ingest-figures';
import type { RunningServer, ServerSpec } from './server-process';
import { startServer } from './server-process';
import { readPageCounts } from './sqlite-pages';

/** Longest one ingest request may take, in milliseconds. */
export const INGEST_REQUEST_TIMEOUT_MS = 30_000;
/** How far before the start the first sample lies, in milliseconds (inside raw retention). */
export const INGEST_BACKDATE_MS = 60_000;

/** What the ingest section measured on one server. */
export type IngestResult = {
  target: string;
  batch: number;
  requests: number;
  rounds: number;
  /** Samples per second of each timed round, per protocol. */
  rates: Record<IngestProtocol, number[]>;
  /** Samples the server acknowledged (2xx) between the two page counts (warm-up round included). */
  samplesStored: number;
  /** Page counts of the SQLite file after the warm-up ingest and after the last round. */
  pagesBefore: PageCounts;
  pagesAfter: PageCounts;
};

/** Starts `spec`, runs one warm-up and `rounds` timed rounds (protocols interleaved), stops it. */
export async function runIngestScenario(
  spec: ServerSpec,
  requests: number,
  rounds: number,
): Promise<IngestResult> {
  const server = await startServer(spec);
  try {
    return await withTimeout(
      measure(server, requests, rounds),
      INGEST_PHASE_TIMEOUT_MS,
      'ingest section',
    );
  } finally {
    await server.stop();
  }
}

async function measure(server: RunningServer, requests: number, rounds: number) {
  const batch = INGEST_BATCH_SAMPLES;
  const firstTsMs = Date.now() - INGEST_BACKDATE_MS;
  let batchIndex = 0;
  const nextBatch = () => ({ count: batch, firstTsMs: firstTsMs + (batchIndex++ * batch) / 1000 });
  // One JSON request first: Next loads route modules and the store creates its tables.
  await send(server.url, encodeIngest('json', nextBatch()));
  const pagesBefore = readPageCounts(server.databasePath);
  let samplesStored = 0;
  const rates = Object.fromEntries(INGEST_PROTOCOLS.map((p) => [p, []])) as unknown as Record<
    IngestProtocol,
    number[]
  >;
  for (let round = 0; round <= rounds; round++) {
    // Interleaved, so that a change of load on the machine falls on every protocol alike.
    for (const protocol of INGEST_PROTOCOLS) {
      // Encoded before the clock starts: the rate is the server's, not the client's encoder's.
      const bodies = Array.from({ length: requests }, () => encodeIngest(protocol, nextBatch()));
      const started = performance.now();
      for (const body of bodies) await send(server.url, body);
      const seconds = (performance.now() - started) / 1000;
      samplesStored += requests * batch;
      if (round > 0) rates[protocol].push((requests * batch) / seconds);
    }
  }
  const pagesAfter = readPageCounts(server.databasePath);
  return {
    target: server.label,
    batch,
    requests,
    rounds,
    rates,
    samplesStored,
    pagesBefore,
    pagesAfter,
  };
}

/** POSTs one request; throws unless it is answered 2xx (a refused batch voids the figures). */
async function send(baseUrl: string, req: ReturnType<typeof encodeIngest>): Promise<void> {
  const answer = await fetch(`${baseUrl}${req.path}`, {
    method: 'POST',
    headers: req.headers,
    body: new Uint8Array(req.body),
    signal: AbortSignal.timeout(INGEST_REQUEST_TIMEOUT_MS),
  });
  const text = await answer.text();
  if (!answer.ok)
    throw new Error(`POST ${req.path} answered ${answer.status}: ${text.slice(0, 200)}`);
}
