import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DATABASE_EPOCH_PATTERN } from '@/lib/store/database-epoch';
import type { MetricStore } from '@/lib/store/metric-store';
import {
  type ContractDatabase,
  type OpenContractDatabase,
  rejectionOf,
  samplesOf,
  UNBOUNDED_SNAPSHOT,
} from './harness';

/** The MetricStore contract: ordering, exactly-once after a cursor, exact snapshots and replays. */
export function describeMetricStoreContract(name: string, open: OpenContractDatabase): void {
  describe(`MetricStore contract: ${name}`, () => {
    let db: ContractDatabase;
    let metrics: MetricStore;
    beforeEach(async () => {
      db = await open();
      metrics = db.stores.metrics;
    });
    afterEach(() => db.dispose());

    it('starts empty', async () => {
      expect(await metrics.lastSeq()).toBe(0);
      expect(await metrics.firstSeq()).toBeNull();
      expect(await metrics.listSeries()).toEqual([]);
      expect(await metrics.readAfter(0, 10)).toEqual([]);
    });

    it('has a database epoch: 16 hex digits, the same on another handle, another for another database', async () => {
      const epoch = await metrics.epoch();
      expect(epoch).toMatch(DATABASE_EPOCH_PATTERN);
      const again = await db.openAgain();
      expect(await again.stores.metrics.epoch()).toBe(epoch);
      await again.dispose();
      const other = await open();
      expect(await other.stores.metrics.epoch()).not.toBe(epoch);
      await other.dispose();
    });

    it('assigns increasing seqs in append order and answers the last one of each batch', async () => {
      expect(await metrics.append([{ series: 'a', value: 1, ts: 1 }])).toEqual({
        accepted: 1,
        seq: 1,
      });
      expect(
        await metrics.append([
          { series: 'a', value: 2, ts: 2 },
          { series: 'b', value: 3, ts: 3, unit: 'ms' },
        ]),
      ).toEqual({ accepted: 2, seq: 3 });
      expect(await metrics.readAfter(1, 10)).toEqual([
        { seq: 2, series: 'a', ts: 2, value: 2, unit: null },
        { seq: 3, series: 'b', ts: 3, value: 3, unit: 'ms' },
      ]);
      expect(await metrics.lastSeq()).toBe(3);
      expect(await metrics.firstSeq()).toBe(1);
    });

    it('stamps a sample without ts with the time it was stored', async () => {
      const before = Date.now();
      await metrics.append([{ series: 'a', value: 1 }]);
      const [row] = await metrics.readAfter(0, 1);
      expect(row?.ts).toBeGreaterThanOrEqual(before);
      expect(row?.ts).toBeLessThanOrEqual(Date.now());
    });

    it('stores nothing of a batch when one sample fails', async () => {
      await metrics.append([{ series: 'a', value: 1, ts: 1 }]);
      await rejectionOf(
        metrics.append([
          { series: 'b', value: 2, ts: 2 },
          { series: 'b', value: null as unknown as number, ts: 3 },
        ]),
      );
      expect(await metrics.lastSeq()).toBe(1);
      expect(await metrics.readAfter(0, 10)).toHaveLength(1);
      expect((await metrics.listSeries()).map((s) => s.name)).toEqual(['a']);
    });

    it('reads every row exactly once, in seq order, however the reads and appends interleave', async () => {
      const seen: number[] = [];
      let cursor = 0;
      for (let round = 0; round < 20; round++) {
        await metrics.append(samplesOf(`s${round % 3}`, (round % 4) + 1, round * 10));
        // Read in small pages, sometimes not to the end.
        const limit = (round % 3) + 1;
        const page = await metrics.readAfter(cursor, limit);
        expect(page.length).toBeLessThanOrEqual(limit);
        for (const row of page) seen.push(row.seq);
        cursor = page.at(-1)?.seq ?? cursor;
      }
      for (;;) {
        const page = await metrics.readAfter(cursor, 7);
        if (page.length === 0) break;
        for (const row of page) seen.push(row.seq);
        cursor = page.at(-1)?.seq as number;
      }
      const last = await metrics.lastSeq();
      expect(seen).toEqual(Array.from({ length: last }, (_, i) => i + 1));
    });

    it('lists every series by name with its unit; a later unit replaces it, none keeps it', async () => {
      await metrics.append([
        { series: 'b', value: 1 },
        { series: 'a', value: 1, unit: '%' },
      ]);
      await metrics.append([
        { series: 'a', value: 2 },
        { series: 'b', value: 2, unit: 'ms' },
      ]);
      expect(await metrics.listSeries()).toEqual([
        { name: 'a', unit: '%' },
        { name: 'b', unit: 'ms' },
      ]);
      const rows = await metrics.readAfter(0, 10);
      expect(rows.map((r) => [r.series, r.unit])).toEqual([
        ['b', 'ms'],
        ['a', '%'],
        ['a', '%'],
        ['b', 'ms'],
      ]);
    });

    it('reads a snapshot exact at its seq: rows appended after it are left out', async () => {
      await metrics.append([
        { series: 'a', value: 1, ts: 2000 },
        { series: 'a', value: 0, ts: 1000 },
        { series: 'b', value: 5, ts: 1500, unit: 'ms' },
      ]);
      await metrics.append([{ series: 'a', value: 9, ts: 3000 }]);
      await metrics.append([{ series: 'c', value: 7, ts: 3000 }]);
      expect(await metrics.snapshot({ sinceTs: 0, upToSeq: 3, ...UNBOUNDED_SNAPSHOT })).toEqual({
        series: [
          {
            name: 'a',
            points: [
              [1000, 0],
              [2000, 1],
            ],
          },
          { name: 'b', unit: 'ms', points: [[1500, 5]] },
          // A series that exists now is listed even with no point at the snapshot's seq.
          { name: 'c', points: [] },
        ],
        omittedSeries: 0,
      });
      expect(
        await metrics.snapshot({
          sinceTs: 1200,
          upToSeq: 4,
          series: ['a', 'zz'],
          ...UNBOUNDED_SNAPSHOT,
        }),
      ).toEqual({
        series: [
          {
            name: 'a',
            points: [
              [2000, 1],
              [3000, 9],
            ],
          },
        ],
        omittedSeries: 0,
      });
    });

    it('replays exactly the rows between two seqs, in one read', async () => {
      await metrics.append(samplesOf('a', 5));
      await metrics.append(samplesOf('b', 2, 10, 'ms'));
      const rows = await metrics.replay(2, 6, 100);
      expect(rows?.map((r) => r.seq)).toEqual([3, 4, 5, 6]);
      expect(rows?.at(-1)).toEqual({ seq: 6, series: 'b', ts: 10, value: 0, unit: 'ms' });
      expect(await metrics.replay(6, 6, 100)).toEqual([]);
      expect(await metrics.replay(7, 6, 100)).toBeUndefined();
    });

    it('replays at most maxRows rows, and answers undefined past that', async () => {
      await metrics.append(samplesOf('a', 6));
      expect(await metrics.replay(1, 6, 5)).toHaveLength(5);
      expect(await metrics.replay(0, 6, 5)).toBeUndefined();
    });

    it('tells subscribers about its own commits, until they unsubscribe', async () => {
      const listener = vi.fn();
      const unsubscribe = metrics.subscribe(listener);
      await metrics.append([{ series: 'a', value: 1 }]);
      expect(listener).toHaveBeenCalledTimes(1);
      unsubscribe();
      await metrics.append([{ series: 'a', value: 2 }]);
      expect(listener).toHaveBeenCalledTimes(1);
    });

    it('keeps what it committed for another handle on the same database', async () => {
      await metrics.append(samplesOf('a', 3, 1000, '%'));
      const other = await db.openAgain();
      try {
        expect(await other.stores.metrics.lastSeq()).toBe(3);
        expect(await other.stores.metrics.listSeries()).toEqual([{ name: 'a', unit: '%' }]);
        expect(await other.stores.metrics.append([{ series: 'a', value: 9 }])).toEqual({
          accepted: 1,
          seq: 4,
        });
      } finally {
        await other.dispose();
      }
      expect((await metrics.readAfter(3, 10)).map((r) => r.value)).toEqual([9]);
    });
  });
}
