import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDatabase } from '@/lib/testing/temp-database';
import { SqliteMetricStore } from './sqlite-metric-store';
import { SqliteRetentionStore } from './sqlite-retention-store';

/** Largest timestamp a JS Date holds: a row with it never expires. */
const FAR_FUTURE_TS = 8_640_000_000_000_000;

let temp: ReturnType<typeof openTempDatabase>;
let metrics: SqliteMetricStore;
let retention: SqliteRetentionStore;

beforeEach(() => {
  temp = openTempDatabase();
  metrics = new SqliteMetricStore(temp.db);
  retention = new SqliteRetentionStore(temp.db.$client);
});
afterEach(async () => {
  await metrics.close();
  temp.dispose();
});

const floor = () =>
  (temp.db.$client.prepare('SELECT seq FROM retention_floor WHERE id = 1').get() as { seq: number })
    .seq;

describe('SqliteRetentionStore', () => {
  it('raises the retention floor in the database to the highest seq it deleted, never lowers it', async () => {
    expect(floor()).toBe(0);
    await metrics.append([
      { series: 'a', value: 0, ts: FAR_FUTURE_TS }, // seq 1: blocked the old prefix delete
      { series: 'a', value: 1, ts: 100 },
      { series: 'a', value: 2, ts: 5_000 },
      { series: 'a', value: 3, ts: 300 },
    ]);
    expect(await retention.deleteExpired('raw', 1_000, 1)).toBe(1);
    expect(floor()).toBe(2);
    expect(await retention.deleteExpired('raw', 1_000, 10)).toBe(1);
    expect(floor()).toBe(4);
    await metrics.append([{ series: 'a', value: 4, ts: 200 }]);
    expect(await retention.deleteExpired('raw', 1_000, 10)).toBe(1);
    expect(floor()).toBe(5);
    expect(await retention.deleteExpired('raw', 1_000, 10)).toBe(0);
    expect(floor()).toBe(5);
    expect((await metrics.readAfter(0, 10)).map((r) => r.seq)).toEqual([1, 3]);
  });

  it('deletes raw samples through the ts index, not a scan from the oldest seq', () => {
    const plan = temp.db.$client
      .prepare('EXPLAIN QUERY PLAN SELECT seq FROM samples WHERE ts < 1 ORDER BY ts LIMIT 10')
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX samples_ts/);
  });
});
