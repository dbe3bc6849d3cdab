import { describe, expect, it } from 'vitest';
import {
  CLUSTER_LOAD,
  expectClusterHealthy,
  expectReaderHasTheTable,
  instanceOf,
  openReaders,
  seriesIn,
  signal,
  tableValues,
} from './helpers/cluster-load';
import { ClusterWriters, type WriteFailure } from './helpers/cluster-writers';
import { instanceClusterOfFile } from './helpers/file-instance-cluster';
import { getHealth } from './helpers/http-api';

/** A test's bound: the load, PostgreSQL or an instance going away, the catch-up and the checks. */
const CLUSTER_TEST_TIMEOUT_MS = 300_000;
/** Seconds a refused write is told to wait (STORE_UNWRITABLE_RETRY_AFTER_S). */
const RETRY_AFTER = '30';

/**
 * Issue 12 (e) and (c): PostgreSQL restarted under load with three instances (the one-instance
 * version is postgres-restart.test.ts), then one instance killed with SIGKILL under load.
 * The restarts run first: the kill leaves two instances.
 */
const cluster = instanceClusterOfFile({ idPrefix: 'failures' });

const urls = () => cluster().instances.map((s) => s.url);

describe('three instances while PostgreSQL restarts or an instance dies', () => {
  it.each(['fast', 'immediate'] as const)(
    '(e) pg_ctl restart -m %s under load: writes answer 503 with Retry-After on every instance while it is away, then every stream goes on without a gap',
    async (mode) => {
      const series = [`e.${mode}.cpu`, `e.${mode}.mem`];
      const readers = await openReaders(urls(), `e-${mode}`, [series[0] as string]);
      const back = signal();
      const writers = new ClusterWriters({
        writers: 3 * CLUSTER_LOAD.writersPerInstance,
        batches: CLUSTER_LOAD.batchesPerWriter,
        batchSize: CLUSTER_LOAD.batchSize,
        series,
        targetOf: (w) => urls()[w % 3] as string,
        valueBase: mode === 'fast' ? 4_000_000_000 : 5_000_000_000,
        onFailure: async () => {
          await back.promise;
          return 'retry';
        },
      });
      await writers.ackedAtLeast(CLUSTER_LOAD.batchSize * 3);
      await cluster().pg.stopServer(mode);
      const refused = await Promise.all(
        urls().map((url) => refusedWrite(url, series[1] as string)),
      );
      const health = await Promise.all(urls().map(async (url) => (await getHealth(url)).store));
      await cluster().pg.startServer();
      back.resolve();
      await writers.done;

      for (const r of refused)
        expect(r).toEqual({ status: 503, retryAfter: RETRY_AFTER, code: 'store_unavailable' });
      expect(health).toEqual(['read_only', 'read_only', 'read_only']);
      // Refused while it was away, with the same answer: never a 500 or a broken connection.
      for (const failure of writers.failures) {
        expect(failure).toEqual({
          status: 503,
          retryAfter: RETRY_AFTER,
          code: 'store_unavailable',
        });
      }
      const stored = new Set(await tableValues(cluster(), seriesIn(series)));
      expect(writers.acked.filter((v) => !stored.has(v))).toEqual([]);
      for (const reader of readers) await expectReaderHasTheTable(cluster(), reader, series);
      await expectClusterHealthy(
        cluster(),
        urls().map((_, i) => cluster().idOf(i)),
      );
    },
    CLUSTER_TEST_TIMEOUT_MS,
  );

  it(
    '(c) kill -9 of an instance under load: nothing acknowledged is lost, the other streams go on, its clients resume elsewhere without a gap',
    async () => {
      const series = ['c.cpu', 'c.mem'];
      const readers = await openReaders(urls(), 'c', ['c.mem']);
      const victim = 2;
      const killed = signal();
      let dead = false;
      const writers = new ClusterWriters({
        writers: 3 * CLUSTER_LOAD.writersPerInstance,
        batches: CLUSTER_LOAD.batchesPerWriter,
        batchSize: CLUSTER_LOAD.batchSize,
        series,
        // After the kill, the dead instance's writers go to the next one (a load balancer).
        targetOf: (w) => urls()[dead && w % 3 === victim ? 0 : w % 3] as string,
        valueBase: 6_000_000_000,
        // A write the dead instance never answered is not acknowledged: it is left, not sent
        // again (it may or may not have been committed).
        onFailure: async (failure: WriteFailure) => {
          if (failure.status !== 0) throw new Error(`write refused: ${JSON.stringify(failure)}`);
          await killed.promise;
          return 'skip';
        },
      });
      await writers.ackedAtLeast(CLUSTER_LOAD.batchSize * 6);
      await cluster().kill(victim);
      dead = true;
      killed.resolve();
      const orphans = readers.filter((r) => instanceOf(r) === victim);
      for (const reader of orphans) {
        expect(await reader.current().ended).toBe('error');
        await reader.resumeOn(urls()[1] as string);
      }
      await writers.done;

      const stored = new Set(await tableValues(cluster(), seriesIn(series)));
      expect(writers.acked.filter((v) => !stored.has(v))).toEqual([]);
      for (const reader of readers) await expectReaderHasTheTable(cluster(), reader, series);
      await expectClusterHealthy(cluster(), [cluster().idOf(0), cluster().idOf(1)]);
    },
    CLUSTER_TEST_TIMEOUT_MS,
  );
});

/** One write sent while PostgreSQL is away: its status, Retry-After and error code. */
async function refusedWrite(url: string, series: string): Promise<WriteFailure> {
  const response = await fetch(`${url}/api/metrics`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ samples: [{ series, value: -1 }] }),
  });
  const body = (await response.json()) as { error?: { code?: string } };
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    ...(body.error?.code ? { code: body.error.code } : {}),
  };
}
