import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDatabase } from '@/lib/testing/temp-database';
import { type RetentionOptions, RetentionSweeper } from './retention-sweeper';
import { SqliteMetricStore } from './sqlite-metric-store';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = 1_800_000_000_000;
const OPTIONS: RetentionOptions = {
  rawHours: 48,
  minuteDays: 30,
  hourDays: 365,
  intervalMs: 60_000,
  batchRows: 2,
  maxMsPerSweep: 10_000,
};

let temp: ReturnType<typeof openTempDatabase>;
let store: SqliteMetricStore;

beforeEach(() => {
  temp = openTempDatabase();
  store = new SqliteMetricStore(temp.db);
});
afterEach(() => {
  store.close();
  temp.dispose();
});

const count = (table: string) =>
  (temp.db.$client.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
const sweeper = (options: Partial<RetentionOptions> = {}) =>
  new RetentionSweeper(temp.db.$client, { ...OPTIONS, ...options }, () => NOW);

describe('RetentionSweeper', () => {
  it('keeps raw rows exactly at the raw retention edge and deletes the ones 1 ms older', async () => {
    store.append([
      { series: 'a', value: 1, ts: NOW - 48 * HOUR - 1 },
      { series: 'a', value: 2, ts: NOW - 48 * HOUR },
    ]);
    const deleted = await sweeper().sweep();
    expect(deleted.raw).toBe(1);
    expect(store.readAfter(0, 10).map((r) => r.value)).toEqual([2]);
  });

  it('deletes minute and hour rollups past their own retention, in batches', async () => {
    const samples = [];
    for (let i = 0; i < 5; i++)
      samples.push({ series: 'a', value: i, ts: NOW - 31 * DAY - i * HOUR });
    samples.push({ series: 'a', value: 9, ts: NOW - 366 * DAY });
    samples.push({ series: 'a', value: 9, ts: NOW - 1000 });
    store.append(samples);
    const s = sweeper();
    const deleted = await s.sweep();
    expect(deleted).toEqual({ raw: 6, minute: 6, hour: 1 });
    expect(count('samples_1m')).toBe(1);
    expect(count('samples_1h')).toBe(6);
    expect(s.stats.deleted).toEqual(deleted);
    expect(s.stats.longestBatchMs).toBeGreaterThan(0);
  });

  it('deletes raw rows only as a prefix in seq order, so no cursor sees a gap', async () => {
    store.append([
      { series: 'a', value: 1, ts: NOW - 50 * HOUR },
      { series: 'a', value: 2, ts: NOW - 1000 }, // young: the prefix stops here
      { series: 'a', value: 3, ts: NOW - 50 * HOUR }, // old, but after a young row: kept
    ]);
    expect((await sweeper().sweep()).raw).toBe(1);
    expect(store.readAfter(0, 10).map((r) => r.value)).toEqual([2, 3]);
    expect(store.firstSeq()).toBe(2);
  });

  it('stops after its work budget and goes on in the next sweep', async () => {
    const old = Array.from({ length: 10 }, (_, i) => ({
      series: 'a',
      value: i,
      ts: NOW - 60 * HOUR,
    }));
    store.append(old);
    // A budget of 0 ms: the first batch runs, then the sweep stops.
    const s = sweeper({ maxMsPerSweep: Number.MIN_VALUE });
    expect((await s.sweep()).raw).toBe(2);
    expect(s.stats.backlog).toBe(true);
    expect((await s.sweep()).raw).toBe(2);
    expect(count('samples')).toBe(6);
    // With room to finish, the backlog is gone and the next sweep waits the whole interval.
    const roomy = sweeper();
    expect((await roomy.sweep()).raw).toBe(6);
    expect(roomy.stats.backlog).toBe(false);
  });

  it('does nothing after stop', async () => {
    store.append([{ series: 'a', value: 1, ts: NOW - 60 * HOUR }]);
    const s = sweeper();
    s.stop();
    expect(await s.sweep()).toEqual({ raw: 0, minute: 0, hour: 0 });
  });
});
