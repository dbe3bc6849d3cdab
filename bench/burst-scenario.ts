import { sleep, wallNow } from './clock';
import {
  BURST_POSTS,
  BURST_SAMPLES,
  BURST_SERIES,
  BURST_STREAMS,
  BURST_WINDOW_MS,
  COLLECT_SLACK_MS,
  COMMAND_TIMEOUT_MS,
  DELIVERY_TIMEOUT_MS,
  FIRST_EVENT_TIMEOUT_MS,
  OPEN_BATCH_SIZE,
  OPEN_PHASE_TIMEOUT_MS,
  SETTLE_MS,
} from './config';
import { type IngestResult, postSamples } from './ingest-client';
import { LoadFleet, shareOf } from './load-process';
import { MeasurementWindow, type WindowUsage, windowWarnings } from './measurement-window';
import { formatReasons } from './ramp';
import type { ServerSpec } from './server-process';
import { startServer } from './server-process';
import { nextSourceAddress } from './source-address';
import type { SseCollected, SseLoadCommand, SseLoadReply, SseOpened } from './sse-load-protocol';
import { concatNumbers, maxFinite, type Summary, sum, summarize } from './stats';
import { warmUpStream } from './warm-up';

/** How BURST_SAMPLES ingested within BURST_WINDOW_MS reached BURST_STREAMS streams. */
export type BurstResult = {
  target: string;
  error?: string;
  streams: number;
  samples: number;
  posts: number;
  /** `samples` events per stream that carried burst samples. */
  eventsPerStream: Summary;
  /** Samples per event (samples / mean events per stream). */
  samplesPerEvent: number;
  /** Commit of each sample until each stream had it, in milliseconds. */
  latencyMs: Summary;
  /** First POST sent until the last stream had every sample, in milliseconds. */
  deliveredWithinMs: number;
  missing: number;
  duplicates: number;
  /** Marker POSTs that failed or timed out. */
  ingestFailures: number;
  usage: WindowUsage;
  warnings: string[];
};

type SseFleet = LoadFleet<SseLoadCommand, SseLoadReply>;

/** Opens BURST_STREAMS streams, ingests the burst, and counts the events it became. */
export async function runBurstScenario(
  spec: ServerSpec,
  loadProcesses: number,
): Promise<BurstResult> {
  const server = await startServer(spec);
  const fleet: SseFleet = new LoadFleet('bench/sse-load.ts', loadProcesses);
  const scenario = `burst / ${server.label}`;
  try {
    await warmUpStream(server.url);
    const localAddress = nextSourceAddress();
    const opened = (await fleet.all(
      (i) => ({
        type: 'open',
        url: `${server.url}/api/stream`,
        count: shareOf(BURST_STREAMS, loadProcesses, i),
        batchSize: Math.ceil(OPEN_BATCH_SIZE / loadProcesses),
        localAddress,
        timeoutMs: FIRST_EVENT_TIMEOUT_MS,
      }),
      OPEN_PHASE_TIMEOUT_MS,
      'open burst streams',
    )) as SseOpened[];
    await sleep(SETTLE_MS);
    await fleet.all(() => ({ type: 'measure' }), COMMAND_TIMEOUT_MS, 'measure');
    const window = new MeasurementWindow(server.pid, fleet.pids);
    const posts = await pushBurst(server.url);
    const perPost = BURST_SAMPLES / BURST_POSTS;
    const collected = (await fleet.all(
      () => ({
        type: 'collect',
        series: BURST_SERIES,
        values: Array.from({ length: BURST_SAMPLES }, (_, v) => v),
        originAt: Array.from(
          { length: BURST_SAMPLES },
          (_, v) => posts[Math.floor(v / perPost)]?.endAt ?? Number.NaN,
        ),
        sentAt: Array.from(
          { length: BURST_SAMPLES },
          (_, v) => posts[Math.floor(v / perPost)]?.startAt ?? Number.NaN,
        ),
        deadlineAt: wallNow() + DELIVERY_TIMEOUT_MS,
      }),
      DELIVERY_TIMEOUT_MS + COLLECT_SLACK_MS,
      'collect burst',
    )) as SseCollected[];
    const usage = window.close(collected.map((c) => c.lag));
    const events = summarize(collected.flatMap((c) => c.eventsPerStream));
    const lastAt = maxFinite(collected.flatMap((c) => c.lastAt));
    const result: BurstResult = {
      target: server.label,
      streams: sum(opened.map((o) => o.opened)),
      samples: BURST_SAMPLES,
      posts: BURST_POSTS,
      eventsPerStream: events,
      samplesPerEvent: BURST_SAMPLES / events.mean,
      latencyMs: summarize(concatNumbers(collected.map((c) => c.latenciesMs))),
      deliveredWithinMs: lastAt - Math.min(...posts.map((p) => p.startAt)),
      missing: sum(collected.map((c) => c.missing)),
      duplicates: sum(collected.map((c) => c.duplicates)),
      ingestFailures: posts.filter((p) => p.error !== undefined).length,
      usage,
      warnings: windowWarnings(scenario, usage),
    };
    const failed = sum(opened.map((o) => o.failed));
    if (failed > 0) {
      const reasons = formatReasons(opened.flatMap((o) => Object.entries(o.errors)));
      result.warnings.push(`${scenario}: ${failed} streams failed to open (${reasons})`);
    }
    if (result.ingestFailures > 0) {
      const error = posts.find((p) => p.error !== undefined)?.error;
      result.warnings.push(`${scenario}: ${result.ingestFailures} burst POSTs failed (${error})`);
    }
    if (result.missing > 0 || result.duplicates > 0) {
      result.warnings.push(
        `${scenario}: ${result.missing} missing and ${result.duplicates} duplicate samples`,
      );
    }
    return result;
  } finally {
    await fleet.all(() => ({ type: 'close' }), COMMAND_TIMEOUT_MS, 'close').catch(() => {});
    await fleet.stop();
    await server.stop();
  }
}

/** BURST_POSTS requests of BURST_SAMPLES / BURST_POSTS samples, evenly over BURST_WINDOW_MS. */
async function pushBurst(url: string): Promise<IngestResult[]> {
  const perPost = BURST_SAMPLES / BURST_POSTS;
  const start = wallNow();
  const pending: Promise<IngestResult>[] = [];
  for (let p = 0; p < BURST_POSTS; p++) {
    await sleep(start + (p * BURST_WINDOW_MS) / BURST_POSTS - wallNow());
    const samples = Array.from({ length: perPost }, (_, i) => ({
      series: BURST_SERIES,
      value: p * perPost + i,
    }));
    pending.push(postSamples(url, samples));
  }
  return Promise.all(pending);
}
