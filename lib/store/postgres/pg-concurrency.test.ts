/**
 * What PGlite (one connection) cannot prove: the engine's guarantees between connections, on a
 * real PostgreSQL server (a throwaway cluster: lib/testing/postgres-cluster.ts). Each handle
 * here is a pool of its own, as another instance would hold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import type { EngineStores } from '@/lib/store/stores';
import { type PostgresCluster, startPostgresCluster } from '@/lib/testing/postgres-cluster';
import { openPostgresStores } from './open-postgres-stores';
import { migratePostgres, pgMigrationCount } from './pg-migrate';
import { openPoolConnection } from './pg-pool-connection';

/** Starting the throwaway cluster, at most, in milliseconds. */
const CLUSTER_START_TIMEOUT_MS = 120_000;
/** Handles (instances) writing at once. */
const WRITERS = 4;
/** Appends each writer makes, of BATCH_ROWS rows. */
const APPENDS_PER_WRITER = 25;
const BATCH_ROWS = 20;

let cluster: PostgresCluster;
let databases = 0;
beforeAll(async () => {
  cluster = await startPostgresCluster();
}, CLUSTER_START_TIMEOUT_MS);
afterAll(() => cluster?.stop());

/** A new empty database and `count` handles on it (migrated by the first). */
async function handles(count: number, seriesMax?: number): Promise<EngineStores[]> {
  const name = `concurrency_${++databases}`;
  await cluster.sql(`CREATE DATABASE ${name}`);
  const url = cluster.urlOf(name);
  const first = await openPostgresStores({ url, seriesMax });
  const rest = await Promise.all(
    Array.from({ length: count - 1 }, () => openPostgresStores({ url, seriesMax })),
  );
  return [first, ...rest];
}

async function closeAll(stores: EngineStores[]): Promise<void> {
  await Promise.all(stores.map((s) => s.close()));
}

describe('the PostgreSQL engine across connections', () => {
  it('commits in seq order: a reader following `seq > cursor` while 4 handles append sees every row once, in order', async () => {
    const all = await handles(WRITERS + 1);
    const reader = all[0] as EngineStores;
    try {
      let writing = true;
      const writers = all.slice(1).map(async (handle, w) => {
        for (let i = 0; i < APPENDS_PER_WRITER; i++) {
          const batch = Array.from({ length: BATCH_ROWS }, (_, j) => ({
            series: `w${w}.s${j % 3}`,
            value: i * BATCH_ROWS + j,
            ts: 1_000 + i,
          }));
          await handle.metrics.append(batch);
        }
      });
      const done = Promise.all(writers).finally(() => {
        writing = false;
      });
      const seen: number[] = [];
      let cursor = 0;
      // Bounded: every read while writing returns at least one row or the writers finish.
      for (let reads = 0; writing || reads === 0; reads++) {
        const page = await reader.metrics.readAfter(cursor, 37);
        for (const row of page) seen.push(row.seq);
        cursor = page.at(-1)?.seq ?? cursor;
        if (reads > 1_000_000) throw new Error('reader did not finish');
      }
      await done;
      for (;;) {
        const page = await reader.metrics.readAfter(cursor, 1000);
        if (page.length === 0) break;
        for (const row of page) seen.push(row.seq);
        cursor = page.at(-1)?.seq as number;
      }
      const total = WRITERS * APPENDS_PER_WRITER * BATCH_ROWS;
      expect(await reader.metrics.lastSeq()).toBe(total);
      expect(seen).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    } finally {
      await closeAll(all);
    }
  });

  it('lets only one of two handles racing at SERIES_MAX create its series', async () => {
    const max = 3;
    const [a, b] = (await handles(2, max)) as [EngineStores, EngineStores];
    try {
      await a.metrics.append([
        { series: 'x', value: 1 },
        { series: 'y', value: 1 },
      ]);
      for (let round = 0; round < 10; round++) {
        const results = await Promise.allSettled([
          a.metrics.append([{ series: `a${round}`, value: 1 }]),
          b.metrics.append([{ series: `b${round}`, value: 1 }]),
        ]);
        const refused = results.filter(
          (r) => r.status === 'rejected' && (r.reason as AppError).code === 'series_limit',
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect(refused).toHaveLength(1);
        expect(await a.metrics.countSeries()).toBe(max);
        const created = results.findIndex((r) => r.status === 'fulfilled');
        await a.metrics.deleteSeries(created === 0 ? `a${round}` : `b${round}`);
      }
    } finally {
      await closeAll([a, b]);
    }
  });

  it('stores one row for the same clientMsgId sent through two handles at once, and both answer it', async () => {
    const [a, b] = (await handles(2)) as [EngineStores, EngineStores];
    try {
      for (let round = 0; round < 10; round++) {
        const input = {
          room: 'general',
          sender: 'user:ann',
          name: 'ann',
          text: 'hi',
          clientMsgId: `k${round}`,
        };
        const [one, two] = await Promise.all([a.chat.append(input), b.chat.append(input)]);
        expect(one.message).toEqual(two.message);
        expect([one.duplicate, two.duplicate].sort()).toEqual([false, true]);
      }
      expect((await a.chat.recent('general', 100)).map((m) => m.id)).toEqual(
        Array.from({ length: 10 }, (_, i) => i + 1),
      );
    } finally {
      await closeAll([a, b]);
    }
  });

  it('gives exactly one 200 and one conflict to two saves of the same base version', async () => {
    const [a, b] = (await handles(2)) as [EngineStores, EngineStores];
    try {
      for (let base = 0; base < 10; base++) {
        const results = await Promise.allSettled([
          a.layout.put(base, [{ id: 'a', series: 's', kind: 'line', size: 's' }]),
          b.layout.put(base, [{ id: 'b', series: 's', kind: 'line', size: 's' }]),
        ]);
        expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
        const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(refused.reason).toBeInstanceOf(AppError);
        expect((refused.reason as AppError).code).toBe('conflict');
        expect((await a.layout.get()).version).toBe(base + 1);
      }
    } finally {
      await closeAll([a, b]);
    }
  });

  it('deletes each expired row once when two handles run retention at once, and keeps the floor', async () => {
    const [a, b] = (await handles(2)) as [EngineStores, EngineStores];
    try {
      const rows = Array.from({ length: 500 }, (_, i) => ({ series: 's', value: i, ts: i }));
      await a.metrics.append(rows);
      let deleted = 0;
      for (let round = 0; round < 100 && deleted < rows.length; round++) {
        const [x, y] = await Promise.all([
          a.retention.deleteExpired('raw', 10_000, 50),
          b.retention.deleteExpired('raw', 10_000, 50),
        ]);
        deleted += x + y;
      }
      expect(deleted).toBe(rows.length);
      expect(await a.metrics.firstSeq()).toBeNull();
      expect(await a.metrics.replay(0, 500, 1000)).toBeUndefined();
    } finally {
      await closeAll([a, b]);
    }
  });

  it('migrates a new database once when 4 handles start at once', async () => {
    const name = `concurrency_${++databases}`;
    await cluster.sql(`CREATE DATABASE ${name}`);
    const pools = Array.from({ length: 4 }, () => openPoolConnection({ url: cluster.urlOf(name) }));
    try {
      const applied = await Promise.all(pools.map((pool) => migratePostgres(pool)));
      const all = pgMigrationCount();
      expect(applied.sort()).toEqual([0, 0, 0, all]);
      expect(await cluster.sql('SELECT COUNT(*) FROM drizzle.__drizzle_migrations', name)).toBe(
        String(all),
      );
    } finally {
      await Promise.all(pools.map((pool) => pool.close()));
    }
  });
});
