import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { log } from '@/lib/logger';
import { type PostgresCluster, startPostgresCluster } from '@/lib/testing/postgres-cluster';
import { openPostgresStores } from './open-postgres-stores';
import { CHANGES_CHANNEL, PgChangeListener } from './pg-change-listener';

/** Starting the throwaway cluster, at most, in milliseconds. */
const CLUSTER_START_TIMEOUT_MS = 120_000;
/** Longest a notice or a reconnect may take to be seen here, in milliseconds (a bound, not a pace). */
const NOTICE_WAIT_MS = 15_000;
/** A test's bound: a few waits of NOTICE_WAIT_MS at most. */
const TEST_TIMEOUT_MS = 60_000;

let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgresCluster();
  await cluster.sql('CREATE DATABASE listener');
}, CLUSTER_START_TIMEOUT_MS);
afterAll(() => cluster?.stop());

describe('PgChangeListener (real PostgreSQL)', () => {
  it(
    'is woken by the NOTIFY of a commit made through another connection, and by a series delete',
    async () => {
      const writer = await openPostgresStores({ url: cluster.urlOf('listener') });
      const onChange = vi.fn();
      const listener = new PgChangeListener(cluster.urlOf('listener'), onChange, 'listener-a');
      try {
        listener.start();
        // Once listening it calls onChange once (its catch-up).
        await vi.waitFor(() => expect(listener.stats.connected).toBe(true), NOTICE_WAIT_MS);
        await vi.waitFor(() => expect(onChange).toHaveBeenCalledTimes(1), NOTICE_WAIT_MS);
        await writer.metrics.append([{ series: 'a', value: 1 }]);
        await vi.waitFor(() => expect(listener.stats.notices).toBe(1), NOTICE_WAIT_MS);
        await writer.metrics.deleteSeries('a');
        await vi.waitFor(() => expect(listener.stats.notices).toBe(2), NOTICE_WAIT_MS);
        expect(onChange).toHaveBeenCalledTimes(3);
      } finally {
        await listener.stop();
        await writer.close();
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'listens again after its connection is killed (pg_terminate_backend), catching up once',
    async () => {
      const writer = await openPostgresStores({ url: cluster.urlOf('listener') });
      const onChange = vi.fn();
      const listener = new PgChangeListener(cluster.urlOf('listener'), onChange, 'listener-b');
      try {
        listener.start();
        await vi.waitFor(() => expect(listener.stats.connected).toBe(true), NOTICE_WAIT_MS);
        expect(
          await cluster.sql(
            "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'listener-b'",
          ),
        ).toBe('1');
        await vi.waitFor(() => expect(listener.stats.reconnects).toBe(1), NOTICE_WAIT_MS);
        await vi.waitFor(() => expect(listener.stats.connected).toBe(true), NOTICE_WAIT_MS);
        const calls = onChange.mock.calls.length;
        expect(calls).toBe(2); // the first catch-up, and the one after listening again
        await writer.metrics.append([{ series: 'b', value: 1 }]);
        await vi.waitFor(() => expect(onChange).toHaveBeenCalledTimes(calls + 1), NOTICE_WAIT_MS);
      } finally {
        await listener.stop();
        await writer.close();
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'reads pg_notification_queue_usage() and warns once over its ratio while another LISTENing session stays in a transaction, and says when it is back under',
    async () => {
      const url = cluster.urlOf('listener');
      const warn = vi.spyOn(log, 'warn');
      const info = vi.spyOn(log, 'info');
      const stalled = new pg.Client({ connectionString: url });
      // A ratio a few pages of notices pass: the real one (10% of 8 GB) is out of a test's reach.
      const listener = new PgChangeListener(url, () => {}, 'listener-c', { queueWarnRatio: 1e-5 });
      try {
        await stalled.connect();
        await stalled.query(`LISTEN ${CHANGES_CHANNEL}`);
        await stalled.query('BEGIN');
        listener.start();
        await vi.waitFor(() => expect(listener.stats.connected).toBe(true), NOTICE_WAIT_MS);
        const sender = new pg.Client({ connectionString: url });
        await sender.connect();
        await sender.query(
          "SELECT pg_notify($1, repeat('x', 7000) || i) FROM generate_series(1, 300) AS i",
          [CHANGES_CHANNEL],
        );
        await sender.end();
        await vi.waitFor(
          () => expect(listener.stats.queueUsage).toBeGreaterThan(1e-5),
          NOTICE_WAIT_MS,
        );
        await vi.waitFor(
          () =>
            expect(warn).toHaveBeenCalledWith(
              expect.stringMatching(/NOTIFY queue filling/),
              expect.anything(),
            ),
          NOTICE_WAIT_MS,
        );
        await stalled.query('ROLLBACK');
        await vi.waitFor(
          () => expect(listener.stats.queueUsage).toBeLessThanOrEqual(1e-5),
          NOTICE_WAIT_MS,
        );
        await vi.waitFor(
          () =>
            expect(info).toHaveBeenCalledWith(
              expect.stringMatching(/NOTIFY queue back under/),
              expect.anything(),
            ),
          NOTICE_WAIT_MS,
        );
        expect(warn.mock.calls.filter(([m]) => /NOTIFY queue/.test(String(m)))).toHaveLength(1);
      } finally {
        warn.mockRestore();
        info.mockRestore();
        await listener.stop();
        await stalled.end();
      }
    },
    TEST_TIMEOUT_MS,
  );
});
