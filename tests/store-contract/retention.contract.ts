import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetricStore } from '@/lib/store/metric-store';
import type { RetentionStore } from '@/lib/store/retention-store';
import {
  type ContractDatabase,
  type OpenContractDatabase,
  readRangeOf,
  UNBOUNDED_SNAPSHOT,
} from './harness';

const MIN = 60_000;
const HOUR = 3_600_000;
/** A far-future timestamp (the largest a JS Date holds): such a row never expires. */
const FAR_FUTURE_TS = 8_640_000_000_000_000;

/**
 * The RetentionStore contract: bounded deletes of each kind; no row can block raw retention;
 * a replay across deleted rows is refused, one after them is exact.
 */
export function describeRetentionContract(name: string, open: OpenContractDatabase): void {
  describe(`RetentionStore contract: ${name}`, () => {
    let db: ContractDatabase;
    let metrics: MetricStore;
    let retention: RetentionStore;
    beforeEach(async () => {
      db = await open();
      metrics = db.stores.metrics;
      retention = db.stores.retention;
    });
    afterEach(() => db.dispose());

    it('deletes raw samples older than the cutoff, at most `limit` at a time', async () => {
      await metrics.append([
        { series: 'a', value: 1, ts: 100 },
        { series: 'a', value: 2, ts: 200 },
        { series: 'a', value: 3, ts: 300 },
        { series: 'a', value: 4, ts: 400 },
      ]);
      expect(await retention.deleteExpired('raw', 400, 2)).toBe(2);
      expect(await retention.deleteExpired('raw', 400, 2)).toBe(1);
      expect(await retention.deleteExpired('raw', 400, 2)).toBe(0);
      // Kept exactly at the cutoff.
      expect((await metrics.readAfter(0, 10)).map((r) => r.ts)).toEqual([400]);
    });

    it('is never blocked by a row that does not expire, wherever it is in seq order', async () => {
      await metrics.append([
        { series: 'a', value: 0, ts: FAR_FUTURE_TS },
        { series: 'a', value: 1, ts: 100 },
        { series: 'a', value: 2, ts: 200 },
      ]);
      await metrics.append([{ series: 'a', value: 3, ts: 300 }]);
      expect(await retention.deleteExpired('raw', 1_000, 100)).toBe(3);
      expect((await metrics.readAfter(0, 10)).map((r) => r.value)).toEqual([0]);
      expect(await metrics.firstSeq()).toBe(1);
      expect(await metrics.lastSeq()).toBe(4);
    });

    it('never reuses a seq after deleting', async () => {
      await metrics.append([{ series: 'a', value: 1, ts: 100 }]);
      await retention.deleteExpired('raw', 1_000, 100);
      expect(await metrics.firstSeq()).toBeNull();
      expect(await metrics.lastSeq()).toBe(1);
      expect((await metrics.append([{ series: 'a', value: 2, ts: 2_000 }])).seq).toBe(2);
    });

    it('refuses a replay from a cursor whose following rows were deleted, and replays after them', async () => {
      await metrics.append([
        { series: 'a', value: 0, ts: FAR_FUTURE_TS }, // seq 1, kept
        { series: 'a', value: 1, ts: 100 }, // seq 2, deleted
        { series: 'a', value: 2, ts: 5_000 }, // seq 3, kept
        { series: 'a', value: 3, ts: 200 }, // seq 4, deleted
        { series: 'a', value: 4, ts: 5_000 }, // seq 5, kept
      ]);
      expect(await retention.deleteExpired('raw', 1_000, 100)).toBe(2);
      for (const cursor of [0, 1, 2, 3]) {
        expect(await metrics.replay(cursor, 5, 100)).toBeUndefined();
      }
      expect((await metrics.replay(4, 5, 100))?.map((r) => r.value)).toEqual([4]);
      expect(await metrics.replay(5, 5, 100)).toEqual([]);
      // A snapshot is still exact at its seq after the deletes.
      const {
        series: [a],
      } = await metrics.snapshot({ sinceTs: 0, upToSeq: 3, ...UNBOUNDED_SNAPSHOT });
      expect(a?.points).toEqual([
        [5_000, 2],
        [FAR_FUTURE_TS, 0],
      ]);
    });

    it('remembers the deletes for another handle on the same database', async () => {
      await metrics.append([
        { series: 'a', value: 1, ts: 100 },
        { series: 'a', value: 2, ts: 5_000 },
      ]);
      await retention.deleteExpired('raw', 1_000, 100);
      const other = await db.openAgain();
      try {
        expect(await other.stores.metrics.replay(0, 2, 100)).toBeUndefined();
        expect(await other.stores.metrics.replay(1, 2, 100)).toHaveLength(1);
      } finally {
        await other.dispose();
      }
    });

    it('deletes minute and hour rollups whose bucket starts before the cutoff, not the samples', async () => {
      const t0 = 10 * HOUR;
      await metrics.append([
        { series: 'a', value: 1, ts: t0 },
        { series: 'a', value: 2, ts: t0 + MIN },
        { series: 'a', value: 3, ts: t0 + HOUR },
      ]);
      expect(await retention.deleteExpired('minute', t0 + MIN, 100)).toBe(1);
      expect(await retention.deleteExpired('hour', t0 + HOUR, 100)).toBe(1);
      const minutes = await readRangeOf(metrics, { from: t0, to: t0 + HOUR }, '1m');
      expect(minutes.series[0]?.points.map((p) => p[0])).toEqual([t0 + MIN, t0 + HOUR]);
      const hours = await readRangeOf(metrics, { from: t0, to: t0 + HOUR }, '1h');
      expect(hours.series[0]?.points).toEqual([[t0 + HOUR, 3]]);
      expect(await metrics.readAfter(0, 10)).toHaveLength(3);
    });
  });
}
