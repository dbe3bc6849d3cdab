import { sleep, wallNow } from './clock';
import {
  COLLECT_SLACK_MS,
  COMMAND_TIMEOUT_MS,
  DELIVERY_TIMEOUT_MS,
  MARKER_COUNT,
  MARKER_INTERVAL_MS,
  MARKER_SERIES,
  SETTLE_MS,
} from './config';
import { type ConnectionMemory, ConnectionMemoryProbe } from './connection-memory';
import { type IngestResult, postSamples } from './ingest-client';
import { LoadFleet } from './load-process';
import { MeasurementWindow, type WindowUsage, windowWarnings } from './measurement-window';
import { openStreams, type SseFleet } from './open-connections';
import { readProc } from './proc-stats';
import { formatReasons } from './ramp';
import { type RunningServer, type ServerSpec, startServer } from './server-process';
import type { SseCollected } from './sse-load-protocol';
import { concatNumbers, maxFinite, type Summary, sum, summarize } from './stats';
import { warmUpStream } from './warm-up';

/** Everything measured for one server at one stream count. */
export type SseResult = {
  target: string;
  clients: number;
  error?: string;
  opened: number;
  failed: number;
  dropped: number;
  firstEventMs: Summary;
  /** Server CPU spent opening the streams, per stream, in milliseconds. */
  openCpuMsPerStream: number;
  latencyMs: Summary;
  /** From sending the ingest POST (not its response) to the event's arrival, in milliseconds. */
  sendLatencyMs: Summary;
  /** Per marker, commit until the last stream had it, in milliseconds. */
  lastStreamMs: Summary;
  eventsPerS: number;
  missing: number;
  duplicates: number;
  ingestMs: Summary;
  /** Marker POSTs that failed or timed out (their markers get no latency). */
  ingestFailures: number;
  /** Server RSS idle, at its peak under load and at the end; (peak − idle) per stream. */
  memory: ConnectionMemory;
  /** Server, load generator and other CPU while the markers were delivered. */
  usage: WindowUsage;
  warnings: string[];
};

/**
 * Starts `spec`, opens `clients` streams from the load processes, pushes MARKER_COUNT marked
 * samples one every MARKER_INTERVAL_MS, and measures their delivery to every stream.
 */
export async function runSseScenario(
  spec: ServerSpec,
  clients: number,
  loadProcesses: number,
): Promise<SseResult> {
  const server = await startServer(spec);
  const fleet: SseFleet = new LoadFleet('bench/sse-load.ts', loadProcesses);
  try {
    return await measure(server, fleet, clients);
  } finally {
    await fleet.all(() => ({ type: 'close' }), COMMAND_TIMEOUT_MS, 'close').catch(() => {});
    await fleet.stop();
    await server.stop();
  }
}

async function measure(
  server: RunningServer,
  fleet: SseFleet,
  clients: number,
): Promise<SseResult> {
  const scenario = `SSE ${clients} / ${server.label}`;
  await warmUpStream(server.url);
  await sleep(SETTLE_MS);
  const idle = readProc(server.pid);
  const memory = new ConnectionMemoryProbe(server.pid);

  const opened = await openStreams(server.url, fleet, clients);
  const afterOpen = readProc(server.pid);
  await sleep(SETTLE_MS);

  await fleet.all(() => ({ type: 'measure' }), COMMAND_TIMEOUT_MS, 'measure');
  const window = new MeasurementWindow(server.pid, fleet.pids);
  const posts = await pushMarkers(server.url);
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
  const usage = window.close(collected.map((c) => c.lag));

  const openedCount = sum(opened.map((o) => o.opened));
  const lastAt = originAt.map((_, k) => maxFinite(collected.map((c) => c.lastAt[k] ?? Number.NaN)));
  const lastDelivered = maxFinite(lastAt);
  const firstPost = Math.min(...posts.map((p) => p.startAt));
  const result: SseResult = {
    target: server.label,
    clients,
    opened: openedCount,
    failed: sum(opened.map((o) => o.failed)),
    dropped: sum(collected.map((c) => c.dropped)),
    firstEventMs: summarize(concatNumbers(opened.map((o) => o.firstEventMs))),
    openCpuMsPerStream: ((afterOpen.cpuS - idle.cpuS) * 1000) / openedCount,
    latencyMs: summarize(concatNumbers(collected.map((c) => c.latenciesMs))),
    sendLatencyMs: summarize(concatNumbers(collected.map((c) => c.sendLatenciesMs))),
    lastStreamMs: summarize(
      lastAt.map((at, k) => at - (originAt[k] as number)).filter(Number.isFinite),
    ),
    eventsPerS: sum(collected.map((c) => c.events)) / ((lastDelivered - firstPost) / 1000),
    missing: sum(collected.map((c) => c.missing)),
    duplicates: sum(collected.map((c) => c.duplicates)),
    ingestMs: summarize(posts.map((p) => p.endAt - p.startAt).filter(Number.isFinite)),
    ingestFailures: posts.filter((p) => p.error !== undefined).length,
    memory: memory.finish(openedCount),
    usage,
    warnings: [],
  };
  result.warnings = warningsOf(scenario, result, opened, posts, server);
  return result;
}

/** POSTs marker k at k * MARKER_INTERVAL_MS without waiting for the previous one. */
async function pushMarkers(url: string): Promise<IngestResult[]> {
  const start = wallNow();
  const pending: Promise<IngestResult>[] = [];
  for (let k = 0; k < MARKER_COUNT; k++) {
    await sleep(start + k * MARKER_INTERVAL_MS - wallNow());
    pending.push(postSamples(url, [{ series: MARKER_SERIES, value: k }]));
  }
  return Promise.all(pending);
}

function warningsOf(
  scenario: string,
  r: SseResult,
  opened: { errors: Record<string, number> }[],
  posts: IngestResult[],
  server: RunningServer,
): string[] {
  const warnings = windowWarnings(scenario, r.usage);
  const postError = posts.find((p) => p.error !== undefined)?.error;
  if (postError)
    warnings.push(`${scenario}: ${r.ingestFailures} marker POSTs failed (${postError})`);
  if (r.failed > 0) {
    const reasons = opened.flatMap((o) => Object.entries(o.errors));
    warnings.push(`${scenario}: ${r.failed} streams failed to open (${formatReasons(reasons)})`);
  }
  if (r.dropped > 0) warnings.push(`${scenario}: ${r.dropped} streams were dropped during the run`);
  if (r.missing > 0 || r.duplicates > 0) {
    warnings.push(`${scenario}: ${r.missing} missing and ${r.duplicates} duplicate markers`);
  }
  for (const [msg, count] of server.warnings)
    warnings.push(`${scenario}: server logged ${count}x "${msg}"`);
  return warnings;
}
