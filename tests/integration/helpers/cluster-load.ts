import { expect } from 'vitest';
import { ClusterReader, strictlyIncreasing } from './cluster-readers';
import {
  type InstanceCluster,
  idleInTransaction,
  listenersByInstance,
  notificationQueueUsage,
} from './instance-cluster';
import { scrapeMetrics } from './metrics-scrape';

/**
 * The size of the cluster tests' load. `npm test` runs them small (2 cores, other work at
 * once); `npm run test:cluster` (vitest.cluster.config.ts) sets the env variables larger.
 */
export const CLUSTER_LOAD = {
  /** Writers per instance (CLUSTER_WRITERS_PER_INSTANCE, default 1). */
  writersPerInstance: Number(process.env.CLUSTER_WRITERS_PER_INSTANCE ?? 1),
  /** Batches each writer sends (CLUSTER_BATCHES_PER_WRITER, default 20). */
  batchesPerWriter: Number(process.env.CLUSTER_BATCHES_PER_WRITER ?? 20),
  /** Samples per batch (CLUSTER_BATCH_SIZE, default 5). */
  batchSize: Number(process.env.CLUSTER_BATCH_SIZE ?? 5),
  /** Readers per instance and kind, filtered and not (CLUSTER_READERS_PER_INSTANCE, default 1). */
  readersPerInstance: Number(process.env.CLUSTER_READERS_PER_INSTANCE ?? 1),
};
/** Longest a reader may take to catch up once the writers are done, in milliseconds. */
export const CATCH_UP_WAIT_MS = 60_000;
/**
 * Longest the cluster may take to settle after a load or a failure (a listener reconnected, the
 * last transaction ended), in milliseconds: a bound, not a pace (the listener reconnects 1 s
 * after a loss and is checked every 5 s).
 */
export const SETTLE_WAIT_MS = 30_000;
/**
 * Highest `pg_notification_queue_usage()` allowed (issue 12: under 1%): hints are ids only and
 * every listener reads them at once.
 */
export const NOTIFY_QUEUE_USAGE_MAX = 0.01;

/**
 * Opens, on every instance in `urls`, CLUSTER_LOAD.readersPerInstance unfiltered readers and as
 * many on `filter` (named `<tag>-all@<instance>#<n>`, `<tag>-filtered@...`), each past its snapshot.
 */
export async function openReaders(
  urls: readonly string[],
  tag: string,
  filter: readonly string[],
): Promise<ClusterReader[]> {
  const readers: ClusterReader[] = [];
  for (const [i, url] of urls.entries()) {
    const here: ClusterReader[] = [];
    for (let r = 0; r < CLUSTER_LOAD.readersPerInstance; r++) {
      here.push(new ClusterReader(`${tag}-all@${i + 1}#${r}`));
      here.push(new ClusterReader(`${tag}-filtered@${i + 1}#${r}`, filter));
    }
    await Promise.all(here.map((reader) => reader.open(url)));
    readers.push(...here);
  }
  return readers;
}

/** Which instance (index into `urls`) `reader` was opened on, by its name. */
export function instanceOf(reader: ClusterReader): number {
  return Number(/@(\d+)/.exec(reader.name)?.[1]) - 1;
}

/** The values of the samples of series matching `where` (SQL on `se.name`), in seq order. */
export async function tableValues(cluster: InstanceCluster, where: string): Promise<number[]> {
  const text = await cluster.sql(
    `SELECT sa.value FROM samples sa JOIN series se ON se.id = sa.series_id
     WHERE ${where} ORDER BY sa.seq`,
  );
  return text.split('\n').filter(Boolean).map(Number);
}

/** The SQL condition for `names`. */
export function seriesIn(names: readonly string[]): string {
  return `se.name IN (${names.map((n) => `'${n}'`).join(',')})`;
}

/**
 * Waits until `reader` has the last row of its part of the table, then asserts (a) of issue
 * 12: ids strictly increasing, no snapshot after the first event, and what it received of
 * `series` equal to the table in seq order (so no gap, no duplicate, nothing extra).
 */
export async function expectReaderHasTheTable(
  cluster: InstanceCluster,
  reader: ClusterReader,
  series: readonly string[],
): Promise<void> {
  const wanted = reader.filter ? series.filter((s) => reader.filter?.includes(s)) : series;
  const table = await tableValues(cluster, seriesIn(wanted));
  const last = table.at(-1);
  if (last !== undefined) await reader.waitForValue(last, CATCH_UP_WAIT_MS);
  const mine = new Set(wanted);
  const got = reader
    .received()
    .filter((s) => mine.has(s.series))
    .map((s) => s.value);
  expect({ reader: reader.name, values: got }).toEqual({ reader: reader.name, values: table });
  expect({ reader: reader.name, increasing: strictlyIncreasing(reader.eventIds()) }).toEqual({
    reader: reader.name,
    increasing: true,
  });
  expect({ reader: reader.name, snapshots: reader.laterSnapshots() }).toEqual({
    reader: reader.name,
    snapshots: 0,
  });
}

/**
 * (j) of issue 12, once the load is over: one LISTEN connection per live instance, no session
 * idle in a transaction, the NOTIFY queue under NOTIFY_QUEUE_USAGE_MAX.
 */
export async function expectClusterHealthy(
  cluster: InstanceCluster,
  liveIds: readonly string[],
): Promise<void> {
  const expected = new Map(liveIds.map((id) => [id, 1]));
  await expect
    .poll(() => listenersByInstance(cluster), { timeout: SETTLE_WAIT_MS })
    .toEqual(expected);
  await expect.poll(() => idleInTransaction(cluster), { timeout: SETTLE_WAIT_MS }).toBe(0);
  expect(await notificationQueueUsage(cluster)).toBeLessThan(NOTIFY_QUEUE_USAGE_MAX);
  // Each instance shows the same in /metrics (read by its listener's health check).
  for (const [i, server] of cluster.instances.entries()) {
    if (!liveIds.includes(cluster.idOf(i))) continue;
    const metrics = await scrapeMetrics(server.url);
    expect(metrics.get('pulseboard_store_notify_queue_usage_ratio')).toBeLessThan(
      NOTIFY_QUEUE_USAGE_MAX,
    );
  }
}

/**
 * Samples (j) while a load runs, until `done` settles: the NOTIFY queue's highest usage seen and
 * the most LISTEN connections any instance had at once.
 */
export async function watchClusterDuring(
  cluster: InstanceCluster,
  done: Promise<unknown>,
): Promise<{ queueUsageMax: number; listenersMax: number }> {
  let over = false;
  void done.finally(() => {
    over = true;
  });
  const seen = { queueUsageMax: 0, listenersMax: 0 };
  // Each probe is one psql round trip: the loop is paced by them, and ends with the load.
  // A probe that fails (PostgreSQL restarting) is skipped.
  while (!over) {
    try {
      seen.queueUsageMax = Math.max(seen.queueUsageMax, await notificationQueueUsage(cluster));
      const listeners = await listenersByInstance(cluster);
      seen.listenersMax = Math.max(seen.listenersMax, ...listeners.values(), 0);
    } catch {
      await done.catch(() => {});
    }
  }
  return seen;
}

/** A promise with its resolve function. */
export function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
