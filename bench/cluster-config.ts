/**
 * `npm run bench:cluster`'s sizes: three Pulseboard instances over one PostgreSQL against one
 * instance on SQLite, in the same run. Every figure read from the env is bounded.
 */

/** SSE streams in all, spread over the instances (CLUSTER_BENCH_STREAMS). */
export const CLUSTER_BENCH_STREAMS_DEFAULT = 5000;
/** Most streams the variable may ask for. */
export const CLUSTER_BENCH_STREAMS_MAX = 20_000;
/** Instances over PostgreSQL (CLUSTER_BENCH_INSTANCES). */
export const CLUSTER_BENCH_INSTANCES_DEFAULT = 3;
/** Most instances the variable may ask for. */
export const CLUSTER_BENCH_INSTANCES_MAX = 8;
/** Length of the ingest phase of each side, in milliseconds (CLUSTER_BENCH_INGEST_MS). */
export const CLUSTER_BENCH_INGEST_MS_DEFAULT = 5000;
/** Longest ingest phase the variable may ask for, in milliseconds. */
export const CLUSTER_BENCH_INGEST_MS_MAX = 60_000;
/** Concurrent ingest writers of each side, spread over its instances (CLUSTER_BENCH_WRITERS). */
export const CLUSTER_BENCH_WRITERS_DEFAULT = 6;
/** Most writers the variable may ask for. */
export const CLUSTER_BENCH_WRITERS_MAX = 64;
/** Chat sockets of the chat phase, spread over the instances (CLUSTER_BENCH_CHAT_CLIENTS; 0: no chat phase). */
export const CLUSTER_BENCH_CHAT_CLIENTS_DEFAULT = 1000;
/** Most chat sockets the variable may ask for. */
export const CLUSTER_BENCH_CHAT_CLIENTS_MAX = 10_000;
/** How long chat messages are sent in the chat phase, in milliseconds (CLUSTER_BENCH_CHAT_MS). */
export const CLUSTER_BENCH_CHAT_MS_DEFAULT = 10_000;
/** Longest chat phase the variable may ask for, in milliseconds. */
export const CLUSTER_BENCH_CHAT_MS_MAX = 60_000;
/** Samples per ingest request in the ingest phase. */
export const CLUSTER_BENCH_BATCH_SAMPLES = 500;
/** Background writes while the markers are measured: batches per second, all instances together. */
export const CLUSTER_BENCH_BACKGROUND_BATCHES_PER_S = 20;
/** Samples per background batch. */
export const CLUSTER_BENCH_BACKGROUND_SAMPLES = 10;
/** Load generator processes (each opens its streams on one instance, round robin). */
export const CLUSTER_BENCH_LOAD_PROCESSES = 3;
/** The goal of issue 12: the cluster's commit-to-client p99 at most this many times SQLite's. */
export const CLUSTER_P99_RATIO_GOAL = 2;

export type ClusterBenchConfig = {
  streams: number;
  instances: number;
  ingestMs: number;
  writers: number;
  chatClients: number;
  chatMs: number;
};

/** Reads the CLUSTER_BENCH_* variables; throws a TypeError naming a bad one. */
export function readClusterConfig(
  env: Record<string, string | undefined> = process.env,
): ClusterBenchConfig {
  return {
    streams: intOf(
      env,
      'CLUSTER_BENCH_STREAMS',
      CLUSTER_BENCH_STREAMS_DEFAULT,
      1,
      CLUSTER_BENCH_STREAMS_MAX,
    ),
    instances: intOf(
      env,
      'CLUSTER_BENCH_INSTANCES',
      CLUSTER_BENCH_INSTANCES_DEFAULT,
      1,
      CLUSTER_BENCH_INSTANCES_MAX,
    ),
    ingestMs: intOf(
      env,
      'CLUSTER_BENCH_INGEST_MS',
      CLUSTER_BENCH_INGEST_MS_DEFAULT,
      100,
      CLUSTER_BENCH_INGEST_MS_MAX,
    ),
    writers: intOf(
      env,
      'CLUSTER_BENCH_WRITERS',
      CLUSTER_BENCH_WRITERS_DEFAULT,
      1,
      CLUSTER_BENCH_WRITERS_MAX,
    ),
    chatClients: intOf(
      env,
      'CLUSTER_BENCH_CHAT_CLIENTS',
      CLUSTER_BENCH_CHAT_CLIENTS_DEFAULT,
      0,
      CLUSTER_BENCH_CHAT_CLIENTS_MAX,
    ),
    chatMs: intOf(
      env,
      'CLUSTER_BENCH_CHAT_MS',
      CLUSTER_BENCH_CHAT_MS_DEFAULT,
      1000,
      CLUSTER_BENCH_CHAT_MS_MAX,
    ),
  };
}

function intOf(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  min: number,
  max: number,
) {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new TypeError(`${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return n;
}
