import { afterEach, describe, expect, it } from 'vitest';
import { type AppError, toErrorBody } from '@/lib/errors';
import type { MetricStore } from '@/lib/store/metric-store';
import { type ContractDatabase, type OpenContractDatabase, rejectionOf } from './harness';

const CAP = 5;
const one = (series: string, value = 1) => [{ series, value, ts: 1000 + value }];

/**
 * SERIES_MAX: an append that would create series past the cap is refused whole with
 * `series_limit` (nothing stored), samples of existing series still go in, and the check holds
 * when appends race (it is inside the write transaction).
 */
export function describeSeriesCapContract(name: string, open: OpenContractDatabase): void {
  describe(`MetricStore series cap contract: ${name}`, () => {
    let db: ContractDatabase;
    let metrics: MetricStore;
    afterEach(() => db?.dispose());

    /** A database holding `count` series s0, s1, ... (one sample each), capped at CAP. */
    async function withSeries(count: number): Promise<void> {
      db = await open({ seriesMax: CAP });
      metrics = db.stores.metrics;
      for (let i = 0; i < count; i++) await metrics.append(one(`s${i}`));
    }

    it('accepts the request that creates the cap-th series, refuses one more whole, and keeps taking samples of existing series', async () => {
      await withSeries(CAP - 2);
      await metrics.append(one(`s${CAP - 2}`)); // the (cap - 1)-th
      expect(await metrics.countSeries()).toBe(CAP - 1);
      await metrics.append([
        { series: 's0', value: 7, ts: 2000 },
        { series: 'last', value: 8, ts: 2001 },
      ]); // the cap-th, beside an existing one
      expect(await metrics.countSeries()).toBe(CAP);
      const before = await metrics.lastSeq();

      const error = await rejectionOf(metrics.append(one('over')));
      expect(toErrorBody(error)).toMatchObject({
        status: 409,
        body: { error: { code: 'series_limit' } },
      });
      const message = (error as AppError).message;
      expect(message).toContain(`already holds ${CAP} series`);
      expect(message).toContain(`cap is ${CAP} (SERIES_MAX)`);
      expect(message).toContain('DELETE /api/series/<name>');
      expect(message).toContain('raise SERIES_MAX');

      // One existing and one new series: refused whole, nothing of it stored.
      expect(
        toErrorBody(
          await rejectionOf(
            metrics.append([
              { series: 's1', value: 9, ts: 3000 },
              { series: 'new', value: 9, ts: 3001 },
            ]),
          ),
        ).body.error.code,
      ).toBe('series_limit');
      expect(await metrics.lastSeq()).toBe(before);
      expect((await metrics.listSeries()).map((s) => s.name)).not.toContain('new');
      expect(await metrics.countSeries()).toBe(CAP);

      // At the cap, samples (and unit changes) of existing series are accepted.
      const { seq } = await metrics.append([
        { series: 's1', value: 10, ts: 4000, unit: 'ms' },
        { series: 'last', value: 11, ts: 4001 },
      ]);
      expect(seq).toBe(before + 2);
    });

    it('names how many series the request would create', async () => {
      await withSeries(CAP - 1);
      const error = await rejectionOf(
        metrics.append([...one('x'), ...one('y'), ...one('y', 2), ...one('s0')]),
      );
      expect((error as AppError).message).toContain('would create 2 new series');
      expect((error as AppError).message).toContain(`already holds ${CAP - 1} series`);
    });

    it('fits one more series after a delete', async () => {
      await withSeries(CAP);
      await rejectionOf(metrics.append(one('more')));
      expect(await metrics.deleteSeries('s2')).toBeDefined();
      await metrics.append(one('more'));
      expect(await metrics.countSeries()).toBe(CAP);
      await rejectionOf(metrics.append(one('again')));
    });

    it('lets exactly one of two racing appends create the last series, from one handle or two', async () => {
      await withSeries(CAP - 1);
      const other = await db.openAgain();
      try {
        const results = await Promise.allSettled([
          metrics.append(one('racer.a')),
          other.stores.metrics.append(one('racer.b')),
          metrics.append(one('racer.c')),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results) {
          if (r.status === 'rejected') expect((r.reason as AppError).code).toBe('series_limit');
        }
        expect(await metrics.countSeries()).toBe(CAP);
        expect(await other.stores.metrics.countSeries()).toBe(CAP);
      } finally {
        await other.dispose();
      }
    });

    it('has no cap unless one is set', async () => {
      db = await open();
      metrics = db.stores.metrics;
      await metrics.append(
        Array.from({ length: CAP * 3 }, (_, i) => ({ series: `u${i}`, value: i })),
      );
      expect(await metrics.countSeries()).toBe(CAP * 3);
    });
  });
}
