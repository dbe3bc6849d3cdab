import { describe, expect, it } from 'vitest';
import {
  CATCH_UP_WAIT_MS,
  CLUSTER_LOAD,
  expectClusterHealthy,
  expectReaderHasTheTable,
  NOTIFY_QUEUE_USAGE_MAX,
  openReaders,
  SETTLE_WAIT_MS,
  watchClusterDuring,
} from './helpers/cluster-load';
import { ClusterReader } from './helpers/cluster-readers';
import { ClusterWriters } from './helpers/cluster-writers';
import { instanceClusterOfFile } from './helpers/file-instance-cluster';
import { pushSamples } from './helpers/http-api';
import { terminateListener } from './helpers/instance-cluster';
import { scrapeMetrics } from './helpers/metrics-scrape';

/** A test's bound: the load, the catch-up and the checks. */
const CLUSTER_TEST_TIMEOUT_MS = 300_000;

/**
 * Issue 12 (a), (b), (d), (j): three instances over one PostgreSQL, writers on each, readers
 * (filtered and not) on each. Sizes: CLUSTER_LOAD (`npm run test:cluster` runs them larger).
 */
const cluster = instanceClusterOfFile({ idPrefix: 'streams' });

const urls = () => cluster().instances.map((s) => s.url);
const ids = () => cluster().instances.map((_, i) => cluster().idOf(i));

function writersOn(series: readonly string[], valueBase: number): ClusterWriters {
  const n = urls().length;
  return new ClusterWriters({
    writers: n * CLUSTER_LOAD.writersPerInstance,
    batches: CLUSTER_LOAD.batchesPerWriter,
    batchSize: CLUSTER_LOAD.batchSize,
    series,
    targetOf: (w) => urls()[w % n] as string,
    valueBase,
  });
}

describe('three instances over one PostgreSQL', () => {
  it(
    '(a) writers and readers on every instance: each reader gets its part of the table, in seq order, once',
    async () => {
      const series = ['a.cpu', 'a.mem', 'a.net'];
      const readers = await openReaders(urls(), 'a', ['a.mem']);
      const writers = writersOn(series, 1_000_000_000);
      const watched = await watchClusterDuring(cluster(), writers.done);
      await writers.done;
      expect(writers.acked).toHaveLength(
        3 *
          CLUSTER_LOAD.writersPerInstance *
          CLUSTER_LOAD.batchesPerWriter *
          CLUSTER_LOAD.batchSize,
      );
      for (const reader of readers) await expectReaderHasTheTable(cluster(), reader, series);
      expect(watched.queueUsageMax).toBeLessThan(NOTIFY_QUEUE_USAGE_MAX);
      expect(watched.listenersMax).toBe(1);
      await expectClusterHealthy(cluster(), ids());
    },
    CLUSTER_TEST_TIMEOUT_MS,
  );

  it(
    '(b) a reader resumes on another instance with Last-Event-ID, also one whose listener was just cut: no gap, no duplicate, no snapshot',
    async () => {
      const series = ['b.cpu', 'b.mem'];
      const [a, b, c] = urls() as [string, string, string];
      const onA = new ClusterReader('b-all@1');
      // This one resumes with the database epoch, as the page does: every instance has the same.
      const filteredOnA = new ClusterReader('b-filtered@1', ['b.cpu'], { withEpoch: true });
      await Promise.all([onA.open(a), filteredOnA.open(a)]);
      const first = writersOn(series, 2_000_000_000);
      await first.ackedAtLeast(CLUSTER_LOAD.batchSize * 3);
      // Moves while the load runs: A to B (listening), the filtered one to C.
      await Promise.all([onA.resumeOn(b), filteredOnA.resumeOn(c)]);
      await first.done;

      // C's listener is cut: C learns of new commits from its poll (or a reconnected listener)
      // only, and a stream resumed there must still be exact.
      expect(await terminateListener(cluster(), cluster().idOf(2))).toBe(1);
      const lagging = await pushSamples(a, [{ series: 'b.cpu', value: 2_999_999_999 }]);
      await onA.resumeOn(c);
      await filteredOnA.resumeOn(b);
      await onA.waitForValue(2_999_999_999, CATCH_UP_WAIT_MS);
      expect(onA.lastId()).toBe(lagging.seq);

      for (const reader of [onA, filteredOnA]) {
        await expectReaderHasTheTable(cluster(), reader, series);
      }
      await expectClusterHealthy(cluster(), ids());
    },
    CLUSTER_TEST_TIMEOUT_MS,
  );

  it(
    "(d) an instance's LISTEN connection killed with pg_terminate_backend under load: its readers miss nothing, it listens again",
    async () => {
      const series = ['d.cpu', 'd.mem'];
      const readers = await openReaders(urls(), 'd', ['d.cpu']);
      const victim = cluster().idOf(1);
      const url = urls()[1] as string;
      const reconnects = async () =>
        (await scrapeMetrics(url)).get('pulseboard_store_listener_reconnects_total') ?? 0;
      const before = await reconnects();
      const writers = writersOn(series, 3_000_000_000);
      await writers.ackedAtLeast(CLUSTER_LOAD.batchSize * 3);
      expect(await terminateListener(cluster(), victim)).toBe(1);
      await writers.done;
      for (const reader of readers) await expectReaderHasTheTable(cluster(), reader, series);
      await expect.poll(reconnects, { timeout: SETTLE_WAIT_MS }).toBeGreaterThan(before);
      await expectClusterHealthy(cluster(), ids());
    },
    CLUSTER_TEST_TIMEOUT_MS,
  );
});
