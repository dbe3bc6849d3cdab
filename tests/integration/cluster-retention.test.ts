import { describe, expect, it } from 'vitest';
import { ADVISORY_LOCK } from '@/lib/store/postgres/pg-locks';
import { openPoolConnection } from '@/lib/store/postgres/pg-pool-connection';
import {
  CATCH_UP_WAIT_MS,
  CLUSTER_LOAD,
  expectClusterHealthy,
  expectReaderHasTheTable,
  openReaders,
  seriesIn,
  signal,
  tableValues,
} from './helpers/cluster-load';
import { ClusterWriters } from './helpers/cluster-writers';
import { makeSamples } from './helpers/expected-samples';
import { instanceClusterOfFile } from './helpers/file-instance-cluster';
import { pushSamples } from './helpers/http-api';
import { scrapeMetrics } from './helpers/metrics-scrape';
import { openSse } from './helpers/sse-client';

/** A test's bound: the load, the sweeps, the catch-up and the checks. */
const CLUSTER_TEST_TIMEOUT_MS = 300_000;
/** Raw retention of every instance, in hours (the smallest RETENTION_RAW_HOURS allows). */
const RAW_HOURS = 1;
/** How far back the expiring rows are moved, in milliseconds: past the raw retention. */
const AGE_BY_MS = 2 * RAW_HOURS * 3_600_000;
/** Rows aged on each instance. */
const OLD_PER_INSTANCE = 5;

/**
 * Issue 12 (i): every instance sweeps retention fast (every 100 ms, 3 rows a batch) on one
 * database: the rows go once (the instances' deleted-row counters add up to exactly the rows
 * that expired; while the test holds the retention lock, as a sweeping instance would, no
 * instance deletes: `pg_try_advisory_xact_lock` lets one delete at a time), streams see no gap, and a cursor into the swept range gets a snapshot on any instance.
 */
const cluster = instanceClusterOfFile({
  idPrefix: 'retention',
  env: {
    RETENTION_RAW_HOURS: String(RAW_HOURS),
    RETENTION_SWEEP_INTERVAL_MS: '100',
    RETENTION_BATCH_ROWS: '3',
  },
});

const urls = () => cluster().instances.map((s) => s.url);
const sweeps = async (url: string) =>
  (await scrapeMetrics(url)).get('pulseboard_retention_sweeps_total') ?? 0;
const rawDeleted = async (url: string) =>
  (await scrapeMetrics(url)).get('pulseboard_retention_deleted_rows_total{kind="raw"}') ?? 0;

describe('retention on three instances over one PostgreSQL', () => {
  it(
    '(i) with a fast sweep on every instance: expired rows are deleted once, no stream has a gap, a cursor into the swept range gets a snapshot anywhere',
    async () => {
      const live = ['i.live.a', 'i.live.b'];
      const readers = await openReaders(urls(), 'i', ['i.live.a']);
      const deletedBefore = await Promise.all(urls().map(rawDeleted));
      const old = [];
      for (const [i, url] of urls().entries()) {
        old.push(await pushSamples(url, makeSamples('i.old', i * 100, OLD_PER_INSTANCE)));
      }
      const firstOldSeq = (old[0]?.seq ?? 0) - OLD_PER_INSTANCE + 1;
      const writers = new ClusterWriters({
        writers: 3 * CLUSTER_LOAD.writersPerInstance,
        batches: CLUSTER_LOAD.batchesPerWriter,
        batchSize: CLUSTER_LOAD.batchSize,
        series: live,
        targetOf: (w) => urls()[w % 3] as string,
        valueBase: 7_000_000_000,
      });
      // The test takes the retention lock as an instance's sweep would: while it holds it, no
      // instance deletes, however often they sweep.
      const holder = openPoolConnection({ url: cluster().pg.urlOf(cluster().database) });
      const release = signal();
      const locked = signal();
      const holding = holder.transaction('write', async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCK.retention]);
        locked.resolve();
        await release.promise;
      });
      try {
        await locked.promise;
        // Expired while the writers run: every instance's next sweep finds them.
        await cluster().sql(
          `UPDATE samples SET ts = ts - ${AGE_BY_MS}
           WHERE series_id = (SELECT id FROM series WHERE name = 'i.old')`,
        );
        const sweepsBefore = await Promise.all(urls().map(sweeps));
        // Two more sweeps each: at least one whole sweep began after the rows expired.
        await expect
          .poll(
            async () => {
              const now = await Promise.all(urls().map(sweeps));
              return now.every((n, i) => n >= (sweepsBefore[i] ?? 0) + 2);
            },
            { timeout: CATCH_UP_WAIT_MS },
          )
          .toBe(true);
        expect(await tableValues(cluster(), seriesIn(['i.old']))).toHaveLength(
          3 * OLD_PER_INSTANCE,
        );
      } finally {
        release.resolve();
        await holding;
        await holder.close();
      }
      await expect
        .poll(async () => (await tableValues(cluster(), seriesIn(['i.old']))).length, {
          timeout: CATCH_UP_WAIT_MS,
        })
        .toBe(0);
      await writers.done;

      for (const reader of readers) await expectReaderHasTheTable(cluster(), reader, live);
      const deletedAfter = await Promise.all(urls().map(rawDeleted));
      const deleted = deletedAfter.reduce((sum, n, i) => sum + n - (deletedBefore[i] ?? 0), 0);
      expect(deleted).toBe(3 * OLD_PER_INSTANCE);

      for (const url of urls()) {
        const intoTheSweep = await openSse(`${url}/api/stream`, {
          headers: { 'Last-Event-ID': String(firstOldSeq) },
        });
        expect((await intoTheSweep.nextEvent()).event).toBe('snapshot');
        intoTheSweep.close();
      }
      await expectClusterHealthy(
        cluster(),
        urls().map((_, i) => cluster().idOf(i)),
      );
    },
    CLUSTER_TEST_TIMEOUT_MS,
  );
});
