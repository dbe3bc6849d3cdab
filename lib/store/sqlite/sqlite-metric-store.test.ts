import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SNAPSHOT_MAX_POINTS } from '@/lib/metrics/queries';
import { openTempDatabase } from '@/lib/testing/temp-database';
import { SqliteMetricStore } from './sqlite-metric-store';

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

describe('SqliteMetricStore', () => {
  it('opens the file in WAL mode with foreign keys and a busy timeout', () => {
    expect(temp.db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(temp.db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(temp.db.$client.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
  });

  it('assigns increasing sequence numbers and returns the last', () => {
    const a = store.append([{ series: 'a', value: 1, ts: 1 }]);
    const b = store.append([
      { series: 'a', value: 2, ts: 2 },
      { series: 'b', value: 3, ts: 3, unit: 'ms' },
    ]);
    expect(a).toEqual({ accepted: 1, seq: 1 });
    expect(b).toEqual({ accepted: 2, seq: 3 });
    expect(store.readAfter(1, 10)).toEqual([
      { seq: 2, series: 'a', ts: 2, value: 2 },
      { seq: 3, series: 'b', ts: 3, value: 3 },
    ]);
    expect(store.listSeries()).toEqual([{ name: 'a' }, { name: 'b', unit: 'ms' }]);
  });

  it('never reuses a sequence number after deletes', () => {
    store.append([
      { series: 'a', value: 1 },
      { series: 'a', value: 2 },
    ]);
    temp.db.$client.exec('DELETE FROM samples');
    expect(store.firstSeq()).toBeNull();
    expect(store.lastSeq()).toBe(2);
    expect(store.append([{ series: 'a', value: 3 }]).seq).toBe(3);
  });

  it('stores nothing when one sample of a batch fails', () => {
    expect(() =>
      store.append([
        { series: 'a', value: 1 },
        { series: 'a', value: null as unknown as number },
      ]),
    ).toThrow();
    expect(store.lastSeq()).toBe(0);
    expect(store.listSeries()).toEqual([]);
  });

  it('reads a snapshot exact at a cursor, filtered, with points sorted by time', () => {
    store.append([
      { series: 'a', value: 1, ts: 2000 },
      { series: 'a', value: 0, ts: 1000 },
      { series: 'b', value: 5, ts: 1500 },
    ]);
    store.append([{ series: 'a', value: 9, ts: 3000 }]);
    expect(store.snapshot({ sinceTs: 0, upToSeq: 3 })).toEqual([
      {
        name: 'a',
        points: [
          [1000, 0],
          [2000, 1],
        ],
      },
      { name: 'b', points: [[1500, 5]] },
    ]);
    expect(store.snapshot({ sinceTs: 1200, upToSeq: 4, series: ['a'] })).toEqual([
      {
        name: 'a',
        points: [
          [2000, 1],
          [3000, 9],
        ],
      },
    ]);
  });

  it('tells subscribers about its own commits', () => {
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    store.append([{ series: 'a', value: 1 }]);
    expect(listener).toHaveBeenCalledTimes(1);
    unsubscribe();
  });

  it('notices a commit made through another connection (another process)', async () => {
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    const other = new Database(temp.file);
    other.prepare("INSERT INTO series (name, created_at) VALUES ('ext', 0)").run();
    other.close();
    await vi.waitFor(() => expect(listener).toHaveBeenCalled(), { timeout: 2000, interval: 10 });
    unsubscribe();
  });

  it('keeps the newest SNAPSHOT_MAX_POINTS points when a window holds more', () => {
    const rows = Array.from({ length: SNAPSHOT_MAX_POINTS + 1 }, (_, i) => ({
      series: 'dense',
      value: i,
      ts: i,
    }));
    for (let i = 0; i < rows.length; i += 10_000) store.append(rows.slice(i, i + 10_000));
    const [dense] = store.snapshot({ sinceTs: 0, upToSeq: store.lastSeq() });
    expect(dense?.points).toHaveLength(SNAPSHOT_MAX_POINTS);
    expect(dense?.points[0]).toEqual([1, 1]);
    expect(dense?.points.at(-1)).toEqual([SNAPSHOT_MAX_POINTS, SNAPSHOT_MAX_POINTS]);
    // 200,001 inserts, each also rolled up twice by the triggers: slow on a loaded machine.
  }, 60_000);
});
