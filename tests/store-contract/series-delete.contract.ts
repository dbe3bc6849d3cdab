import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MetricStore } from '@/lib/store/metric-store';
import {
  type ContractDatabase,
  type OpenContractDatabase,
  readRangeOf,
  UNBOUNDED_SNAPSHOT,
} from './harness';

const HOUR = 3_600_000;
const T0 = 1_700_000_000_000 - (1_700_000_000_000 % HOUR);

/**
 * Searching and deleting series: a delete takes the samples, the rollups and the series with
 * it, is remembered with its seq (a replay from a cursor at or below it is refused), and a
 * later sample of the name is a new series.
 */
export function describeSeriesDeleteContract(name: string, open: OpenContractDatabase): void {
  describe(`MetricStore search and delete contract: ${name}`, () => {
    let db: ContractDatabase;
    let metrics: MetricStore;
    beforeEach(async () => {
      db = await open();
      metrics = db.stores.metrics;
    });
    afterEach(() => db.dispose());

    it('counts and searches series by substring, case-insensitively, by name, with the total', async () => {
      await metrics.append(
        ['host.cpu', 'host.CPU.user', 'db.cpu_wait', 'dbXcpu', 'queue.backlog', 'a%b'].map(
          (series, i) => ({ series, value: i, ...(i === 0 ? { unit: '%' } : {}) }),
        ),
      );
      expect(await metrics.countSeries()).toBe(6);
      expect(await metrics.searchSeries('cpu', 100)).toEqual({
        series: [
          { key: 'db.cpu_wait', name: 'db.cpu_wait', labels: {} },
          { key: 'dbXcpu', name: 'dbXcpu', labels: {} },
          { key: 'host.CPU.user', name: 'host.CPU.user', labels: {} },
          { key: 'host.cpu', name: 'host.cpu', labels: {}, unit: '%' },
        ],
        total: 4,
      });
      expect(await metrics.searchSeries('CPU', 2)).toEqual({
        series: [
          { key: 'db.cpu_wait', name: 'db.cpu_wait', labels: {} },
          { key: 'dbXcpu', name: 'dbXcpu', labels: {} },
        ],
        total: 4,
      });
      // `_` and `%` are taken literally, not as wildcards.
      expect((await metrics.searchSeries('.cpu_', 10)).series).toEqual([
        { key: 'db.cpu_wait', name: 'db.cpu_wait', labels: {} },
      ]);
      expect((await metrics.searchSeries('%', 10)).series).toEqual([
        { key: 'a%b', name: 'a%b', labels: {} },
      ]);
      expect(await metrics.searchSeries('', 1)).toEqual({
        series: [{ key: 'a%b', name: 'a%b', labels: {} }],
        total: 6,
      });
      expect(await metrics.searchSeries('nothing', 10)).toEqual({ series: [], total: 0 });
      // ASCII case folding only: the Kelvin sign is not a `k`.
      expect(await metrics.searchSeries('\u212a', 10)).toEqual({ series: [], total: 0 });
      expect(await metrics.searchSeries('cpu', 0)).toEqual({ series: [], total: 4 });
    });

    it('deletes a series with its samples and rollups, and answers how many samples went', async () => {
      await metrics.append([
        { series: 'gone', value: 1, ts: T0, unit: 'ms' },
        { series: 'kept', value: 2, ts: T0 },
        { series: 'gone', value: 3, ts: T0 + HOUR },
      ]);
      const last = (await metrics.append([{ series: 'gone', value: 5, ts: T0 + 2 * HOUR }])).seq;

      expect(await metrics.deleteSeries('gone')).toEqual({ samples: 3, seq: last });

      expect(await metrics.listSeries()).toEqual([{ name: 'kept' }]);
      expect((await metrics.readAfter(0, 10)).map((r) => r.series)).toEqual(['kept']);
      for (const resolution of ['raw', '1m', '1h'] as const) {
        const range = await readRangeOf(
          metrics,
          { from: T0, to: T0 + 3 * HOUR, series: ['gone', 'kept'] },
          resolution,
        );
        expect(range.series.map((s) => s.name)).toEqual(['kept']);
      }
      expect(await metrics.deleteSeries('gone')).toBeUndefined();
      expect(await metrics.deleteSeries('never')).toBeUndefined();
    });

    it('makes a sample of a deleted name a new series, with no old points, rollups or unit', async () => {
      await metrics.append([{ series: 'x', value: 1, ts: T0, unit: 'ms' }]);
      await metrics.deleteSeries('x');
      await metrics.append([{ series: 'x', value: 7, ts: T0 + 10 }]);
      const snapshot = await metrics.snapshot({ sinceTs: 0, upToSeq: 10, ...UNBOUNDED_SNAPSHOT });
      expect(snapshot.series).toEqual([{ name: 'x', points: [[T0 + 10, 7]] }]);
      const minutes = await readRangeOf(metrics, { from: T0, to: T0 + 10 }, '1m');
      expect(minutes.series).toEqual([{ name: 'x', points: [[T0, 7]], band: [[7, 7]] }]);
    });

    it('refuses a replay from a cursor at or below a deletion, also for another handle, and replays after it', async () => {
      await metrics.append([
        { series: 'a', value: 1, ts: 1 },
        { series: 'b', value: 2, ts: 2 },
      ]);
      const deleted = await metrics.deleteSeries('a');
      expect(deleted?.seq).toBe(2);
      for (const cursor of [0, 1, 2]) expect(await metrics.replay(cursor, 2, 100)).toBeUndefined();
      await metrics.append([{ series: 'b', value: 3, ts: 3 }]);
      expect(await metrics.replay(2, 3, 100)).toBeUndefined();
      expect((await metrics.replay(3, 3, 100))?.length).toBe(0);
      const other = await db.openAgain();
      try {
        expect(await other.stores.metrics.replay(2, 3, 100)).toBeUndefined();
        await other.stores.metrics.append([{ series: 'b', value: 4, ts: 4 }]);
        expect((await other.stores.metrics.replay(3, 4, 100))?.map((r) => r.value)).toEqual([4]);
      } finally {
        await other.dispose();
      }
    });

    it('records each deletion in order with its seq, for every handle, and tells subscribers', async () => {
      expect(await metrics.lastDeletionId()).toBe(0);
      await metrics.append([
        { series: 'a', value: 1, ts: 1 },
        { series: 'b', value: 2, ts: 2 },
      ]);
      const listener = vi.fn();
      metrics.subscribe(listener);
      await metrics.deleteSeries('a');
      expect(listener).toHaveBeenCalledTimes(1);
      await metrics.deleteSeries('nope');
      expect(listener).toHaveBeenCalledTimes(1);
      await metrics.append([{ series: 'c', value: 3, ts: 3 }]);
      const other = await db.openAgain();
      try {
        await other.stores.metrics.deleteSeries('c');
        const all = await metrics.deletionsAfter(0);
        expect(all.map(({ name, seq }) => ({ name, seq }))).toEqual([
          { name: 'a', seq: 2 },
          { name: 'c', seq: 3 },
        ]);
        const [first, second] = all;
        expect((second?.id ?? 0) > (first?.id ?? 0)).toBe(true);
        expect(await metrics.deletionsAfter(first?.id ?? 0)).toEqual([second]);
        expect(await other.stores.metrics.lastDeletionId()).toBe(second?.id);
        expect(await metrics.deletionsAfter(second?.id ?? 0)).toEqual([]);
      } finally {
        await other.dispose();
      }
    });

    it('lets a handle that knew a series write to its name after another handle deleted it', async () => {
      await metrics.append([{ series: 'shared', value: 1, ts: 1 }]);
      const other = await db.openAgain();
      try {
        expect(await other.stores.metrics.deleteSeries('shared')).toEqual({ samples: 1, seq: 1 });
      } finally {
        await other.dispose();
      }
      await metrics.append([{ series: 'shared', value: 2, ts: 2 }]);
      expect((await metrics.readAfter(0, 10)).map((r) => [r.series, r.value])).toEqual([
        ['shared', 2],
      ]);
    });
  });
}
