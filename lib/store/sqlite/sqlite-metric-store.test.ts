import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openTempDatabase } from '@/lib/testing/temp-database';
import { CHANGE_POLL_INTERVAL_MS } from './change-poll';
import { SNAPSHOT_MAX_POINTS } from './metric-queries';
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

  it('keeps the newest SNAPSHOT_MAX_POINTS points when a window holds more', async () => {
    const rows = Array.from({ length: SNAPSHOT_MAX_POINTS + 1 }, (_, i) => ({
      series: 'dense',
      value: i,
      ts: i,
    }));
    for (let i = 0; i < rows.length; i += 10_000) await store.append(rows.slice(i, i + 10_000));
    const [dense] = await store.snapshot({ sinceTs: 0, upToSeq: await store.lastSeq() });
    expect(dense?.points).toHaveLength(SNAPSHOT_MAX_POINTS);
    expect(dense?.points[0]).toEqual([1, 1]);
    expect(dense?.points.at(-1)).toEqual([SNAPSHOT_MAX_POINTS, SNAPSHOT_MAX_POINTS]);
    // 200,001 inserts, each also rolled up twice by the triggers: slow on a loaded machine.
  }, 60_000);
});
