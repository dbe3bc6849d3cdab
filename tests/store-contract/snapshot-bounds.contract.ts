import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetricStore, SnapshotQuery } from '@/lib/store/metric-store';
import { type ContractDatabase, type OpenContractDatabase, UNBOUNDED_SNAPSHOT } from './harness';

/**
 * The bounded snapshot: at most `maxSeries` series (those with the newest samples), the rest
 * counted in `omittedSeries`; at most `maxPointsPerSeries` points each and `maxPoints` in all,
 * the newest kept, cut series marked `truncated`.
 */
export function describeSnapshotBoundsContract(name: string, open: OpenContractDatabase): void {
  describe(`MetricStore bounded snapshot contract: ${name}`, () => {
    let db: ContractDatabase;
    let metrics: MetricStore;
    beforeEach(async () => {
      db = await open();
      metrics = db.stores.metrics;
    });
    afterEach(() => db.dispose());

    const snapshot = async (limits: Partial<SnapshotQuery>) =>
      metrics.snapshot({
        sinceTs: 0,
        upToSeq: await metrics.lastSeq(),
        ...UNBOUNDED_SNAPSHOT,
        ...limits,
      });
    const names = (read: { series: { name: string }[] }) => read.series.map((s) => s.name);

    it('lists the maxSeries series with the newest samples, by name, and counts the others', async () => {
      await metrics.append([
        { series: 'old', value: 1, ts: 100 },
        { series: 'newest', value: 1, ts: 900 },
        { series: 'mid', value: 1, ts: 500 },
        { series: 'late.write.old.ts', value: 1, ts: 200 },
        { series: 'newer', value: 1, ts: 700 },
      ]);
      expect(names(await snapshot({ maxSeries: 2 }))).toEqual(['newer', 'newest']);
      expect((await snapshot({ maxSeries: 2 })).omittedSeries).toBe(3);
      expect(await snapshot({ maxSeries: 5 })).toMatchObject({ omittedSeries: 0 });
      // A new sample makes a series recent again; recency is the newest sample time.
      await metrics.append([{ series: 'old', value: 2, ts: 1000 }]);
      expect(names(await snapshot({ maxSeries: 2 }))).toEqual(['newest', 'old']);
      expect(await snapshot({ maxSeries: 0 })).toEqual({ series: [], omittedSeries: 5 });
    });

    it('bounds a filtered snapshot too, counting only the wanted series that exist', async () => {
      await metrics.append([
        { series: 'a', value: 1, ts: 100 },
        { series: 'b', value: 1, ts: 300 },
        { series: 'c', value: 1, ts: 200 },
      ]);
      const read = await snapshot({ series: ['a', 'b', 'c', 'missing'], maxSeries: 2 });
      expect(names(read)).toEqual(['b', 'c']);
      expect(read.omittedSeries).toBe(1);
      expect(await snapshot({ series: ['a'], maxSeries: 2 })).toMatchObject({ omittedSeries: 0 });
    });

    it('keeps the newest maxPointsPerSeries points of a series and marks it truncated', async () => {
      await metrics.append([
        ...[5, 1, 4, 2, 3].map((ts) => ({ series: 'long', value: ts * 10, ts })),
        { series: 'short', value: 1, ts: 1 },
      ]);
      expect((await snapshot({ maxPointsPerSeries: 3 })).series).toEqual([
        {
          name: 'long',
          points: [
            [3, 30],
            [4, 40],
            [5, 50],
          ],
          truncated: true,
        },
        { name: 'short', points: [[1, 1]] },
      ]);
      // Exactly at the bound: not truncated.
      expect((await snapshot({ maxPointsPerSeries: 5 })).series[0]).not.toHaveProperty('truncated');
    });

    it('shares maxPoints out at one level: small series keep all, big ones their newest', async () => {
      const rows = (series: string, count: number) =>
        Array.from({ length: count }, (_, i) => ({ series, value: i, ts: i + 1 }));
      await metrics.append([...rows('big1', 10), ...rows('big2', 8), ...rows('small', 2)]);
      // 2 + 5 + 5 = 12 <= 13 < 2 + 6 + 6.
      const read = await snapshot({ maxPoints: 13 });
      const byName = Object.fromEntries(read.series.map((s) => [s.name, s]));
      expect(byName.small).toEqual({
        name: 'small',
        points: [
          [1, 0],
          [2, 1],
        ],
      });
      expect(byName.big1?.points.map(([ts]) => ts)).toEqual([6, 7, 8, 9, 10]);
      expect(byName.big1?.truncated).toBe(true);
      expect(byName.big2?.points.map(([ts]) => ts)).toEqual([4, 5, 6, 7, 8]);
      expect(byName.big2?.truncated).toBe(true);
      // Everything fits at exactly the total: nothing truncated.
      const all = await snapshot({ maxPoints: 20 });
      expect(all.series.every((s) => s.truncated === undefined)).toBe(true);
      expect(all.series.reduce((n, s) => n + s.points.length, 0)).toBe(20);
    });

    it('counts only the points in the window and at the seq for the bounds', async () => {
      await metrics.append([
        { series: 's', value: 1, ts: 10 },
        { series: 's', value: 2, ts: 20 },
      ]);
      const { seq } = await metrics.append([{ series: 's', value: 3, ts: 30 }]);
      await metrics.append([{ series: 's', value: 4, ts: 40 }]);
      const read = await metrics.snapshot({
        sinceTs: 15,
        upToSeq: seq,
        ...UNBOUNDED_SNAPSHOT,
        maxPointsPerSeries: 2,
      });
      expect(read.series).toEqual([
        {
          name: 's',
          points: [
            [20, 2],
            [30, 3],
          ],
        },
      ]);
    });
  });
}
