import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatSeriesKey } from '@/lib/protocol';
import type { MetricStore } from '@/lib/store/metric-store';
import {
  type ContractDatabase,
  type OpenContractDatabase,
  readRangeOf,
  rejectionOf,
  UNBOUNDED_SNAPSHOT,
} from './harness';

const T0 = 1_700_000_000_000;
/** Keys with every character of the key syntax in their values. */
const API_200 = formatSeriesKey('http_requests:rate', { job: 'api', code: '200' });
const API_500 = formatSeriesKey('http_requests:rate', { job: 'api', code: '500' });
const ODD = formatSeriesKey('http_requests', { path: '/a{b}="c",d\\e\nf' });

/**
 * Labelled series: a series is stored under its key; the engine keeps its metric name and labels
 * beside it (`searchSeries` lists them and finds series by metric name prefix with `match`), and
 * every read, the cap and delete work on keys.
 */
export function describeSeriesLabelsContract(name: string, open: OpenContractDatabase): void {
  describe(`MetricStore labels contract: ${name}`, () => {
    let db: ContractDatabase;
    let metrics: MetricStore;
    beforeEach(async () => {
      db = await open({ seriesMax: 4 });
      metrics = db.stores.metrics;
      await metrics.append([
        { series: API_200, value: 1, ts: T0, unit: 'req/s' },
        { series: API_500, value: 2, ts: T0 + 1 },
        { series: ODD, value: 3, ts: T0 + 2 },
      ]);
    });
    afterEach(() => db.dispose());

    it('lists each series with its key, metric name and labels, and finds them by metric prefix', async () => {
      expect(await metrics.searchSeries('', 10, 'http_requests:rate')).toEqual({
        series: [
          {
            key: API_200,
            name: 'http_requests:rate',
            labels: { code: '200', job: 'api' },
            unit: 'req/s',
          },
          { key: API_500, name: 'http_requests:rate', labels: { code: '500', job: 'api' } },
        ],
        total: 2,
      });
      // A prefix of the metric name; case-sensitive, as metric names are.
      expect((await metrics.searchSeries('', 10, 'http_req')).total).toBe(3);
      expect((await metrics.searchSeries('', 10, 'HTTP')).total).toBe(0);
      expect((await metrics.searchSeries('', 10, 'http_requests:rate{')).total).toBe(0);
      // `q` looks into the whole key, labels included; with `match`, both must hold.
      expect((await metrics.searchSeries('code="5', 10)).series.map((s) => s.key)).toEqual([
        API_500,
      ]);
      expect((await metrics.searchSeries('api', 10, 'http_requests')).total).toBe(2);
      expect((await metrics.searchSeries('', 10, 'http_requests')).series.at(-1)).toEqual({
        key: ODD,
        name: 'http_requests',
        labels: { path: '/a{b}="c",d\\e\nf' },
      });
    });

    it('streams, snapshots, replays and reads ranges under the key', async () => {
      const rows = await metrics.readAfter(0, 10);
      expect(rows.map((r) => r.series)).toEqual([API_200, API_500, ODD]);
      const snapshot = await metrics.snapshot({
        ...UNBOUNDED_SNAPSHOT,
        sinceTs: 0,
        upToSeq: await metrics.lastSeq(),
        series: [ODD, API_500],
      });
      expect(snapshot.series.map((s) => s.name)).toEqual([API_500, ODD].sort());
      const range = await readRangeOf(metrics, { from: T0, to: T0 + 10, series: [ODD] }, 'raw');
      expect(range.series).toEqual([{ name: ODD, points: [[T0 + 2, 3]] }]);
    });

    it('counts keys against the series cap: a new label set of a known metric is a new series', async () => {
      await metrics.append([
        { series: formatSeriesKey('http_requests:rate', { code: '404', job: 'api' }), value: 1 },
      ]);
      expect(await metrics.countSeries()).toBe(4);
      const error = await rejectionOf(
        metrics.append([
          { series: formatSeriesKey('http_requests:rate', { code: '302', job: 'api' }), value: 1 },
        ]),
      );
      expect(error).toMatchObject({ code: 'series_limit' });
      // Samples of existing keys still go in.
      await metrics.append([{ series: API_200, value: 5 }]);
    });

    it('deletes one labelled series by its key and leaves its siblings', async () => {
      expect(await metrics.deleteSeries(ODD)).toMatchObject({ samples: 1 });
      expect(await metrics.deleteSeries(ODD)).toBeUndefined();
      expect((await metrics.searchSeries('', 10)).series.map((s) => s.key)).toEqual([
        API_200,
        API_500,
      ]);
      const deletions = await metrics.deletionsAfter(0);
      expect(deletions.map((d) => d.name)).toEqual([ODD]);
    });
  });
}
