import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDatabase } from '@/lib/testing/temp-database';
import { ROLLUP_TABLES } from './rollup-tables';
import { SqliteMetricStore } from './sqlite-metric-store';

const MIN = 60_000;
const HOUR = 3_600_000;
const T0 = 1_700_000_000_000 - (1_700_000_000_000 % HOUR); // an hour start

let temp: ReturnType<typeof openTempDatabase>;
let store: SqliteMetricStore;

beforeEach(() => {
  temp = openTempDatabase();
  store = new SqliteMetricStore(temp.db);
});
afterEach(async () => {
  await store.close();
  temp.dispose();
});

describe('rollup triggers', () => {
  it('keep min, max, sum and count per minute and per hour as samples are inserted', async () => {
    await store.append([
      { series: 'a', value: 4, ts: T0 },
      { series: 'a', value: 2, ts: T0 + MIN - 1 },
      { series: 'a', value: 9, ts: T0 + MIN },
    ]);
    const rows = (table: string) =>
      temp.db.$client
        .prepare(`SELECT bucket_ts, min, max, sum, count FROM ${table} ORDER BY bucket_ts`)
        .all();
    expect(rows(ROLLUP_TABLES['1m'])).toEqual([
      { bucket_ts: T0, min: 2, max: 4, sum: 6, count: 2 },
      { bucket_ts: T0 + MIN, min: 9, max: 9, sum: 9, count: 1 },
    ]);
    expect(rows(ROLLUP_TABLES['1h'])).toEqual([
      { bucket_ts: T0, min: 2, max: 9, sum: 15, count: 3 },
    ]);
  });
});
