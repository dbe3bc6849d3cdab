import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openTempDatabase } from '@/lib/testing/temp-database';
import { CHANGE_POLL_INTERVAL_MS } from './change-poll';
import { SqliteMetricStore } from './sqlite-metric-store';

// The engine-neutral behaviour is in tests/store-contract; this is what is SQLite's own.
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

describe('SqliteMetricStore', () => {
  it('opens the file in WAL mode with foreign keys and a busy timeout', () => {
    expect(temp.db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(temp.db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(temp.db.$client.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
  });

  it('commits an append before the call returns, as better-sqlite3 is synchronous', () => {
    void store.append([{ series: 'a', value: 1 }]);
    const other = new Database(temp.file, { readonly: true });
    try {
      expect(other.prepare('SELECT count(*) AS n FROM samples').get()).toEqual({ n: 1 });
    } finally {
      other.close();
    }
  });

  it('notices a commit made through another connection once its change poll runs', async () => {
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    const other = new Database(temp.file);
    other.prepare("INSERT INTO series (name, created_at) VALUES ('ext', 0)").run();
    // Not before the poll (a background task) is started.
    await new Promise((resolve) => setTimeout(resolve, CHANGE_POLL_INTERVAL_MS * 3));
    expect(listener).not.toHaveBeenCalled();
    store.changePoll.start();
    await vi.waitFor(() => expect(listener).toHaveBeenCalledTimes(1), {
      timeout: 2000,
      interval: 10,
    });
    other.prepare("INSERT INTO series (name, created_at) VALUES ('ext2', 0)").run();
    other.close();
    await vi.waitFor(() => expect(listener).toHaveBeenCalledTimes(2), {
      timeout: 2000,
      interval: 10,
    });
    store.changePoll.stop();
    expect(store.changePoll.running).toBe(false);
    unsubscribe();
  });

  it('deletes a series in batches, a turn of the event loop apart, taking what was pushed meanwhile', async () => {
    store = new SqliteMetricStore(temp.db, undefined, { deleteBatchRows: 3 });
    await store.append(Array.from({ length: 10 }, (_, i) => ({ series: 'big', value: i, ts: i })));
    await store.append([{ series: 'other', value: 1, ts: 1 }]);
    const count = () =>
      temp.db.$client
        .prepare(
          "SELECT count(*) AS n FROM samples JOIN series ON series.id = series_id WHERE name = 'big'",
        )
        .get();

    const deletion = store.deleteSeries('big');
    // The first batch is done; the rest waits for the event loop.
    expect(count()).toEqual({ n: 7 });
    await store.append([{ series: 'big', value: 99, ts: 99 }]);

    expect(await deletion).toEqual({ samples: 11, seq: 12 });
    expect(count()).toEqual({ n: 0 });
    const rollups = temp.db.$client
      .prepare('SELECT (SELECT count(*) FROM samples_1m) + (SELECT count(*) FROM samples_1h) AS n')
      .get();
    expect(rollups).toEqual({ n: 2 }); // other's minute and hour
    expect(temp.db.$client.prepare('SELECT name, seq FROM series_deletions').all()).toEqual([
      { name: 'big', seq: 12 },
    ]);
  });

  it('answers a second delete of a series being deleted with undefined, once the first is done', async () => {
    store = new SqliteMetricStore(temp.db, undefined, { deleteBatchRows: 2 });
    await store.append(Array.from({ length: 5 }, (_, i) => ({ series: 'x', value: i, ts: i })));
    const [first, second] = await Promise.all([store.deleteSeries('x'), store.deleteSeries('x')]);
    expect(first).toEqual({ samples: 5, seq: 5 });
    expect(second).toBeUndefined();
  });

  it('keeps the newest sample time of a series for rows another connection writes (a trigger)', async () => {
    await store.append([{ series: 'here', value: 1, ts: 500 }]);
    const other = new Database(temp.file);
    other.pragma('foreign_keys = ON');
    const { id } = other
      .prepare("INSERT INTO series (name, created_at) VALUES ('ext', 0) RETURNING id")
      .get() as { id: number };
    other.prepare('INSERT INTO samples (series_id, ts, value) VALUES (?, ?, ?)').run(id, 900, 2);
    other.prepare('INSERT INTO samples (series_id, ts, value) VALUES (?, ?, ?)').run(id, 100, 3);
    other.close();
    const lastTs = temp.db.$client
      .prepare('SELECT name, last_ts AS lastTs FROM series ORDER BY name')
      .all();
    expect(lastTs).toEqual([
      { name: 'ext', lastTs: 900 },
      { name: 'here', lastTs: 500 },
    ]);
    const read = await store.snapshot({
      sinceTs: 0,
      upToSeq: await store.lastSeq(),
      maxSeries: 1,
      maxPointsPerSeries: 10,
      maxPoints: 10,
    });
    expect(read.series.map((s) => s.name)).toEqual(['ext']);
  });
});
