import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteMetricStore } from '@/lib/store/sqlite-metric-store';
import { openTempDatabase } from '@/lib/testing/temp-database';
import { prepareRangeQueries, type RangeQueries, readRange } from './range-queries';

const MIN = 60_000;
const HOUR = 3_600_000;
const T0 = 1_700_000_000_000 - (1_700_000_000_000 % HOUR); // an hour start

let temp: ReturnType<typeof openTempDatabase>;
let store: SqliteMetricStore;
let q: RangeQueries;

beforeEach(() => {
  temp = openTempDatabase();
  store = new SqliteMetricStore(temp.db);
  q = prepareRangeQueries(temp.db);
});
afterEach(() => {
  store.close();
  temp.dispose();
});

describe('rollup triggers', () => {
  it('keep min, max, sum and count per minute and per hour as samples are inserted', () => {
    store.append([
      { series: 'a', value: 4, ts: T0 },
      { series: 'a', value: 2, ts: T0 + MIN - 1 },
      { series: 'a', value: 9, ts: T0 + MIN },
    ]);
    const rows = (table: string) =>
      temp.db.$client
        .prepare(`SELECT bucket_ts, min, max, sum, count FROM ${table} ORDER BY bucket_ts`)
        .all();
    expect(rows('samples_1m')).toEqual([
      { bucket_ts: T0, min: 2, max: 4, sum: 6, count: 2 },
      { bucket_ts: T0 + MIN, min: 9, max: 9, sum: 9, count: 1 },
    ]);
    expect(rows('samples_1h')).toEqual([{ bucket_ts: T0, min: 2, max: 9, sum: 15, count: 3 }]);
  });
});

describe('readRange', () => {
  it('returns raw samples with from <= ts <= to, exact at the last seq', () => {
    const { seq } = store.append([
      { series: 'a', value: 1, ts: T0 - 1 },
      { series: 'a', value: 2, ts: T0 },
      { series: 'b', value: 3, ts: T0 + 500, unit: 'ms' },
      { series: 'a', value: 4, ts: T0 + 1000 },
      { series: 'a', value: 5, ts: T0 + 1001 },
    ]);
    expect(readRange(temp.db, q, { from: T0, to: T0 + 1000 }, 'raw')).toEqual({
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

  it('answers minute buckets from the bucket holding `from` to the one starting at `to`', () => {
    store.append([
      { series: 'a', value: 1, ts: T0 - 1 }, // previous bucket: out
      { series: 'a', value: 2, ts: T0 },
      { series: 'a', value: 6, ts: T0 + 30_000 },
      { series: 'a', value: 7, ts: T0 + 2 * MIN }, // starts exactly at `to`: in
      { series: 'a', value: 8, ts: T0 + 3 * MIN }, // after `to`: out
    ]);
    const answer = readRange(temp.db, q, { from: T0 + 59_999, to: T0 + 2 * MIN }, '1m');
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

  it('answers hour buckets with the band aligned index by index with the points', () => {
    store.append([
      { series: 'a', value: 10, ts: T0 },
      { series: 'a', value: 20, ts: T0 + HOUR - 1 },
      { series: 'a', value: 1, ts: T0 + 5 * HOUR },
      { series: 'b', value: 3, ts: T0 + 5 * HOUR },
    ]);
    const [a, b] = readRange(temp.db, q, { from: T0, to: T0 + 6 * HOUR }, '1h').series;
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

  it('lists only the wanted series that exist, with empty points when they have none', () => {
    store.append([
      { series: 'a', value: 1, ts: T0 },
      { series: 'b', value: 2, ts: T0 },
      { series: 'c', value: 3, ts: T0 - HOUR },
    ]);
    const answer = readRange(temp.db, q, { from: T0, to: T0, series: ['c', 'b', 'nope'] }, '1m');
    expect(answer.series).toEqual([
      { name: 'b', points: [[T0, 2]], band: [[2, 2]] },
      { name: 'c', points: [], band: [] },
    ]);
  });

  it('answers seq 0 and no series on an empty database', () => {
    expect(readRange(temp.db, q, { from: 0, to: T0 }, '1h')).toEqual({ seq: 0, series: [] });
  });
});
