/**
 * What one bench run does, read from the environment. Every limit is a named constant with its
 * unit; the env knobs are listed in bench/README.md.
 */

/** SSE stream counts of a full run. */
export const SSE_CLIENTS_DEFAULT = [1000, 5000, 10_000];
/** Chat socket counts of a full run. */
export const CHAT_CLIENTS_DEFAULT = [1000, 5000];
/** SSE stream and chat socket counts of a quick run (BENCH_QUICK=1). */
export const QUICK_CLIENTS = [200];
/** The servers every scenario runs, in this order (BENCH_TARGETS). */
export const TARGETS_DEFAULT: readonly BenchTarget[] = ['baseline', 'pulseboard'];

/** Connections opened at once (over all load processes) before waiting for their first event. */
export const OPEN_BATCH_SIZE = 500;
/** Longest wait for one connection's first event (SSE) or welcome (chat), in milliseconds. */
export const FIRST_EVENT_TIMEOUT_MS = 30_000;

/** Longest the whole opening phase may take, in milliseconds. */
export const OPEN_PHASE_TIMEOUT_MS = 240_000;
/** Longest a quick command to a load generator may take, in milliseconds. */
export const COMMAND_TIMEOUT_MS = 10_000;
/** Extra time over the delivery deadline for the collect reply to arrive, in milliseconds. */
export const COLLECT_SLACK_MS = 15_000;

/** Marked samples pushed per SSE scenario. */
export const MARKER_COUNT = 20;
/** Time between two marker ingests, in milliseconds. */
export const MARKER_INTERVAL_MS = 250;
/** Series the markers are pushed to; the value is the marker's index. */
export const MARKER_SERIES = 'bench.marker';

/** Chat messages per second, over all senders. */
export const CHAT_RATE_PER_S = 5;
/** How long chat messages are sent, in milliseconds. */
export const CHAT_SEND_DURATION_MS = 10_000;
/** How long chat messages are sent in a quick run, in milliseconds. */
export const CHAT_SEND_DURATION_QUICK_MS = 3000;

/** Streams open during the burst check. */
export const BURST_STREAMS = 100;
/** Samples ingested during the burst check. */
export const BURST_SAMPLES = 1000;
/** Ingest requests the burst is split into, spread evenly over BURST_WINDOW_MS. */
export const BURST_POSTS = 100;
/** Time the burst is spread over, in milliseconds. */
export const BURST_WINDOW_MS = 1000;
/** Series of the burst samples; the value is the sample's index. */
export const BURST_SERIES = 'bench.burst';

/** Samples per ingest request of the ingest section (each protocol). */
export const INGEST_BATCH_SAMPLES = 1000;
/** Requests per protocol and round of the ingest section. */
export const INGEST_REQUESTS = 50;
/** Requests per protocol and round of the ingest section in a quick run. */
export const INGEST_REQUESTS_QUICK = 10;
/** Timed rounds of the ingest section (after one warm-up round that is not counted). */
export const INGEST_ROUNDS = 3;
/** Timed rounds of the ingest section in a quick run. */
export const INGEST_ROUNDS_QUICK = 1;
/** Longest the whole ingest section may take, in milliseconds (then it is reported as an error). */
export const INGEST_PHASE_TIMEOUT_MS = 180_000;

/** Longest wait after the last send for every client to have every marker or message, in ms. */
export const DELIVERY_TIMEOUT_MS = 30_000;
/** Pause after the streams are open before measuring, so the server settles, in milliseconds. */
export const SETTLE_MS = 1000;

/** Load generator event-loop lag p99 above which its figures are suspect, in milliseconds. */
export const LOADGEN_LAG_WARN_MS = 50;
/** Load generator CPU (% of one core) above which it, not the server, may be the bottleneck. */
export const LOADGEN_CPU_WARN_PERCENT = 85;
/** CPU of processes other than the bench's (% of one core) above which a window is suspect. */
export const OTHER_CPU_WARN_PERCENT = 20;
/** 1-minute load average before the run above which other work may skew the figures. */
export const BUSY_LOAD_AVERAGE = 1.5;

/** A server the bench measures. */
export type BenchTarget = 'baseline' | 'pulseboard';

export type BenchConfig = {
  quick: boolean;
  sseClients: number[];
  chatClients: number[];
  /** Which servers run: the raw baseline, Pulseboard, or both (then baseline first). */
  targets: BenchTarget[];
  loadProcesses: number;
  chatSendDurationMs: number;
  skip: Set<BenchSection>;
  /** Ingest requests per protocol and round. */
  ingestRequests: number;
  /** Timed ingest rounds. */
  ingestRounds: number;
};

/** A section BENCH_SKIP can leave out. */
export type BenchSection = 'sse' | 'chat' | 'burst' | 'ingest';
const SECTIONS: readonly BenchSection[] = ['sse', 'chat', 'burst', 'ingest'];

/** Reads BENCH_QUICK, CLIENTS, CHAT_CLIENTS, BENCH_TARGETS, LOAD_PROCESSES and BENCH_SKIP. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const quick = env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true';
  return {
    quick,
    sseClients: parseList(env, 'CLIENTS') ?? (quick ? QUICK_CLIENTS : SSE_CLIENTS_DEFAULT),
    chatClients: parseList(env, 'CHAT_CLIENTS') ?? (quick ? QUICK_CLIENTS : CHAT_CLIENTS_DEFAULT),
    targets: parseTargets(env.BENCH_TARGETS),
    loadProcesses: parseList(env, 'LOAD_PROCESSES')?.[0] ?? 2,
    chatSendDurationMs: quick ? CHAT_SEND_DURATION_QUICK_MS : CHAT_SEND_DURATION_MS,
    skip: new Set(
      (parseWords(env.BENCH_SKIP) ?? []).filter((w): w is BenchSection =>
        (SECTIONS as readonly string[]).includes(w),
      ),
    ),
    ingestRequests: quick ? INGEST_REQUESTS_QUICK : INGEST_REQUESTS,
    ingestRounds: quick ? INGEST_ROUNDS_QUICK : INGEST_ROUNDS,
  };
}

/** The env knobs that were set, for the report's command line. */
export function describeEnvKnobs(env: NodeJS.ProcessEnv = process.env): string {
  const knobs = [
    'BENCH_QUICK',
    'CLIENTS',
    'CHAT_CLIENTS',
    'BENCH_TARGETS',
    'LOAD_PROCESSES',
    'BENCH_SKIP',
    'BENCH_SERVER',
  ];
  return knobs
    .filter((k) => env[k] !== undefined && env[k] !== '')
    .map((k) => `${k}=${env[k]}`)
    .join(' ');
}

/** BENCH_TARGETS: a comma list of `baseline` and `pulseboard`; both by default, baseline first. */
function parseTargets(raw: string | undefined): BenchTarget[] {
  const words = parseWords(raw);
  if (!words) return [...TARGETS_DEFAULT];
  const unknown = words.filter((w) => !(TARGETS_DEFAULT as readonly string[]).includes(w));
  if (unknown.length > 0) {
    throw new TypeError(
      `BENCH_TARGETS must be a comma list of baseline and pulseboard, got "${raw}"`,
    );
  }
  return TARGETS_DEFAULT.filter((t) => words.includes(t));
}

function parseWords(raw: string | undefined): string[] | undefined {
  const words = (raw ?? '')
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);
  return words.length ? words : undefined;
}

function parseList(env: NodeJS.ProcessEnv, name: string): number[] | undefined {
  const words = parseWords(env[name]);
  if (!words) return undefined;
  const numbers = words.map(Number);
  if (numbers.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new TypeError(
      `${name} must be a comma list of positive whole numbers, got "${env[name]}"`,
    );
  }
  return numbers;
}
