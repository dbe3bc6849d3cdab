import { sleep, wallNow } from './clock';
import type { ClusterChatSide } from './cluster-chat';
import {
  CLUSTER_BENCH_BACKGROUND_BATCHES_PER_S,
  CLUSTER_BENCH_BACKGROUND_SAMPLES,
  CLUSTER_BENCH_BATCH_SAMPLES,
  CLUSTER_BENCH_LOAD_PROCESSES,
  type ClusterBenchConfig,
} from './cluster-config';
import {
  COLLECT_SLACK_MS,
  COMMAND_TIMEOUT_MS,
  DELIVERY_TIMEOUT_MS,
  FIRST_EVENT_TIMEOUT_MS,
  MARKER_COUNT,
  MARKER_INTERVAL_MS,
  MARKER_SERIES,
  OPEN_BATCH_SIZE,
  OPEN_PHASE_TIMEOUT_MS,
  SETTLE_MS,
} from './config';
import { type IngestResult, postSamples } from './ingest-client';
import { LoadFleet, shareOf } from './load-process';
import { cpuSecondsBetween, cpuSecondsOf } from './pg-processes';
import type { RunningServer } from './server-process';
import { nextSourceAddress } from './source-address';
import type { SseCollected, SseLoadCommand, SseLoadReply, SseOpened } from './sse-load-protocol';
import { concatNumbers, maxFinite, type Summary, sum, summarize } from './stats';
import { warmUpStream } from './warm-up';

/** What one side (the SQLite instance, or the instances over PostgreSQL) measured. */
export type ClusterSide = {
  label: string;
  instances: number;
  streams: number;
  opened: number;
  failed: number;
  dropped: number;
  /** Marker commit (its ingest answer) to its arrival on each stream, in milliseconds. */
  latencyMs: Summary;
  /** Per marker, commit until the last stream had it, in milliseconds. */
  lastStreamMs: Summary;
  missing: number;
  duplicates: number;
  /** CPU of the Pulseboard processes together over the marker window, % of one core. */
  serverCpuPercent: number;
  /** CPU of the PostgreSQL processes over the same window, % of one core (NaN for SQLite). */
  databaseCpuPercent: number;
  /** Samples acknowledged per second in the ingest phase (streams closed). */
  ingestSamplesPerS: number;
  ingestFailures: number;
  /** The chat phase (bench/cluster-chat.ts), when it ran. */
  chat?: ClusterChatSide;
  warnings: string[];
};

/**
 * Measures one side: opens `config.streams` streams spread over `servers` (load process i on
 * instance i mod n), pushes MARKER_COUNT markers round robin over the instances with background
 * writes on each, collects their delivery, closes the streams, then runs the ingest phase
 * (`config.writers` writers spread over the instances for `config.ingestMs`).
 */
export async function measureSide(
  label: string,
  servers: readonly RunningServer[],
  /** The database's processes now (read at both ends of the window: backends come and go). */
  databasePids: () => number[],
  config: ClusterBenchConfig,
): Promise<ClusterSide> {
  const urls = servers.map((s) => s.url);
  for (const url of urls) await warmUpStream(url);
  const fleet = new LoadFleet<SseLoadCommand, SseLoadReply>(
    'bench/sse-load.ts',
    CLUSTER_BENCH_LOAD_PROCESSES,
  );
  try {
    const localAddress = nextSourceAddress();
    const opened = (await fleet.all(
      (i) => ({
        type: 'open',
        url: `${urls[i % urls.length]}/api/stream`,
        count: shareOf(config.streams, CLUSTER_BENCH_LOAD_PROCESSES, i),
        batchSize: Math.ceil(OPEN_BATCH_SIZE / CLUSTER_BENCH_LOAD_PROCESSES),
        localAddress,
        timeoutMs: FIRST_EVENT_TIMEOUT_MS,
      }),
      OPEN_PHASE_TIMEOUT_MS,
      `open ${config.streams} streams`,
    )) as SseOpened[];
    await sleep(SETTLE_MS);
    await fleet.all(() => ({ type: 'measure' }), COMMAND_TIMEOUT_MS, 'measure');
    const serverPids = servers.map((s) => s.pid);
    const before = {
      servers: cpuSecondsOf(serverPids),
      db: cpuSecondsOf(databasePids()),
      at: wallNow(),
    };
    const background = writeInBackground(urls, MARKER_COUNT * MARKER_INTERVAL_MS);
    const posts = await pushMarkers(urls);
    const originAt = posts.map((p) => p.endAt);
    const collected = (await fleet.all(
      () => ({
        type: 'collect',
        series: MARKER_SERIES,
        values: posts.map((_, k) => k),
        originAt,
        sentAt: posts.map((p) => p.startAt),
        deadlineAt: wallNow() + DELIVERY_TIMEOUT_MS,
      }),
      DELIVERY_TIMEOUT_MS + COLLECT_SLACK_MS,
      'collect markers',
    )) as SseCollected[];
    const windowS = (wallNow() - before.at) / 1000;
    const serverCpuS = cpuSecondsBetween(before.servers, cpuSecondsOf(serverPids));
    const dbPidsAfter = databasePids();
    const dbCpuS = cpuSecondsBetween(before.db, cpuSecondsOf(dbPidsAfter));
    const backgroundFailures = await background;
    await fleet.all(() => ({ type: 'close' }), COMMAND_TIMEOUT_MS, 'close');

    const ingest = await ingestPhase(urls, config);
    const lastAt = originAt.map((_, k) =>
      maxFinite(collected.map((c) => c.lastAt[k] ?? Number.NaN)),
    );
    const side: ClusterSide = {
      label,
      instances: servers.length,
      streams: config.streams,
      opened: sum(opened.map((o) => o.opened)),
      failed: sum(opened.map((o) => o.failed)),
      dropped: sum(collected.map((c) => c.dropped)),
      latencyMs: summarize(concatNumbers(collected.map((c) => c.latenciesMs))),
      lastStreamMs: summarize(
        lastAt.map((at, k) => at - (originAt[k] as number)).filter(Number.isFinite),
      ),
      missing: sum(collected.map((c) => c.missing)),
      duplicates: sum(collected.map((c) => c.duplicates)),
      serverCpuPercent: (serverCpuS / windowS) * 100,
      databaseCpuPercent: dbPidsAfter.length ? (dbCpuS / windowS) * 100 : Number.NaN,
      ingestSamplesPerS: ingest.samplesPerS,
      ingestFailures: ingest.failures,
      warnings: [],
    };
    const failedPosts = posts.filter((p) => p.error !== undefined).length;
    if (failedPosts) side.warnings.push(`${label}: ${failedPosts} marker POSTs failed`);
    if (backgroundFailures)
      side.warnings.push(`${label}: ${backgroundFailures} background POSTs failed`);
    if (side.failed) side.warnings.push(`${label}: ${side.failed} streams failed to open`);
    if (side.missing || side.duplicates)
      side.warnings.push(
        `${label}: ${side.missing} missing and ${side.duplicates} duplicate markers`,
      );
    for (const server of servers)
      for (const [msg, n] of server.warnings)
        side.warnings.push(`${label}: a server logged ${n}x "${msg}"`);
    return side;
  } finally {
    await fleet.stop();
  }
}

/** POSTs marker k at k * MARKER_INTERVAL_MS to instance k mod n, without waiting for the last. */
async function pushMarkers(urls: readonly string[]): Promise<IngestResult[]> {
  const start = wallNow();
  const pending: Promise<IngestResult>[] = [];
  for (let k = 0; k < MARKER_COUNT; k++) {
    await sleep(start + k * MARKER_INTERVAL_MS - wallNow());
    pending.push(
      postSamples(urls[k % urls.length] as string, [{ series: MARKER_SERIES, value: k }]),
    );
  }
  return Promise.all(pending);
}

/** Paced background batches over the instances for `durationMs`; resolves with the failures. */
async function writeInBackground(urls: readonly string[], durationMs: number): Promise<number> {
  const start = wallNow();
  const every = 1000 / CLUSTER_BENCH_BACKGROUND_BATCHES_PER_S;
  const pending: Promise<IngestResult>[] = [];
  for (let b = 0; b * every < durationMs; b++) {
    await sleep(start + b * every - wallNow());
    const samples = Array.from({ length: CLUSTER_BENCH_BACKGROUND_SAMPLES }, (_, i) => ({
      series: `bench.bg.${i}`,
      value: b,
    }));
    pending.push(postSamples(urls[b % urls.length] as string, samples));
  }
  return (await Promise.all(pending)).filter((r) => r.error !== undefined).length;
}

/** `config.writers` writers (writer w on instance w mod n) sending batches for `config.ingestMs`. */
async function ingestPhase(
  urls: readonly string[],
  config: ClusterBenchConfig,
): Promise<{ samplesPerS: number; failures: number }> {
  const start = wallNow();
  const end = start + config.ingestMs;
  let acked = 0;
  let failures = 0;
  await Promise.all(
    Array.from({ length: config.writers }, async (_, w) => {
      for (let b = 0; wallNow() < end; b++) {
        const samples = Array.from({ length: CLUSTER_BENCH_BATCH_SAMPLES }, (_, i) => ({
          series: `bench.ingest.${w}.${i % 10}`,
          value: b,
        }));
        const result = await postSamples(urls[w % urls.length] as string, samples);
        if (result.error === undefined) acked += samples.length;
        else failures++;
      }
    }),
  );
  return { samplesPerS: acked / ((wallNow() - start) / 1000), failures };
}
