import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetricStore } from '@/lib/store/metric-store';
import { type ContractDatabase, type OpenContractDatabase, readRangeOf } from './harness';

const MIN = 60_000;
const HOUR = 3_600_000;
const T0 = 1_700_000_000_000 - (1_700_000_000_000 % HOUR); // an hour start

/** The range read of `GET /api/range`: raw samples and minute/hour rollups, exact at a seq. */
export function describeMetricRangeContract(name: string, open: OpenContractDatabase): void {
  describe(`MetricStore.readRange contract: ${name}`, () => {
    let db: ContractDatabase;
    let metrics: MetricStore;
    beforeEach(async () => {
      db = await open();
      metrics = db.stores.metrics;
    });
    afterEach(() => db.dispose());

    it('returns raw samples with from <= ts <= to, exact at the last seq', async () => {
      const { seq } = await metrics.append([
        { series: 'a', value: 1, ts: T0 - 1 },
        { series: 'a', value: 2, ts: T0 },
        { series: 'b', value: 3, ts: T0 + 500, unit: 'ms' },
        { series: 'a', value: 4, ts: T0 + 1000 },
        { series: 'a', value: 5, ts: T0 + 1001 },
      ]);
      expect(await readRangeOf(metrics, { from: T0, to: T0 + 1000 }, 'raw')).toEqual({
        seq,
        series: [
          {
            name: 'a',
            points: [
              [T0, 2],
              [T0 + 1000, 4],
            ],
          },
          { name: 'b', unit: 'ms', points: [[T0 + 500, 3]] },
        ],
      });
    });

    it('answers minute buckets from the bucket holding `from` to the one starting at `to`', async () => {
      await metrics.append([
        { series: 'a', value: 1, ts: T0 - 1 }, // previous bucket: out
        { series: 'a', value: 2, ts: T0 },
        { series: 'a', value: 6, ts: T0 + 30_000 },
        { series: 'a', value: 7, ts: T0 + 2 * MIN }, // starts exactly at `to`: in
        { series: 'a', value: 8, ts: T0 + 3 * MIN }, // after `to`: out
      ]);
      const answer = await readRangeOf(metrics, { from: T0 + 59_999, to: T0 + 2 * MIN }, '1m');
      expect(answer.series).toEqual([
        {
          name: 'a',
          points: [
            [T0, 4],
            [T0 + 2 * MIN, 7],
          ],
          band: [
            [2, 6],
            [7, 7],
          ],
        },
      ]);
    });

    it('answers hour buckets with the band aligned index by index with the points', async () => {
      await metrics.append([
        { series: 'a', value: 10, ts: T0 },
        { series: 'a', value: 20, ts: T0 + HOUR - 1 },
        { series: 'a', value: 1, ts: T0 + 5 * HOUR },
        { series: 'b', value: 3, ts: T0 + 5 * HOUR },
      ]);
      const [a, b] = (await readRangeOf(metrics, { from: T0, to: T0 + 6 * HOUR }, '1h')).series;
      expect(a).toEqual({
        name: 'a',
        points: [
          [T0, 15],
          [T0 + 5 * HOUR, 1],
        ],
        band: [
          [10, 20],
          [1, 1],
        ],
      });
      expect(b).toEqual({ name: 'b', points: [[T0 + 5 * HOUR, 3]], band: [[3, 3]] });
    });

    it('lists only the wanted series that exist, with empty points when they have none', async () => {
      await metrics.append([
        { series: 'a', value: 1, ts: T0 },
        { series: 'b', value: 2, ts: T0 },
        { series: 'c', value: 3, ts: T0 - HOUR },
      ]);
      const answer = await readRangeOf(
        metrics,
        { from: T0, to: T0, series: ['c', 'b', 'nope'] },
        '1m',
      );
      expect(answer.series).toEqual([
        { name: 'b', points: [[T0, 2]], band: [[2, 2]] },
        { name: 'c', points: [], band: [] },
      ]);
    });

    it('answers seq 0 and no series on an empty database', async () => {
      expect(await readRangeOf(metrics, { from: 0, to: T0 }, '1h')).toEqual({ seq: 0, series: [] });
    });
  });
}
