import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openTempDatabase } from '@/lib/testing/temp-database';
import { DB_BUSY_TIMEOUT_MS } from './open-database';
import { WAL_BEHIND_ABOVE_BYTES, WAL_TRUNCATE_ABOVE_BYTES } from './wal-checkpoint-policy';
import {
  WAL_CHECKPOINT_RETRY_MS,
  WAL_TRUNCATE_BUSY_TIMEOUT_MS,
  WalCheckpointer,
} from './wal-checkpointer';

let temp: ReturnType<typeof openTempDatabase>;
let wal: WalCheckpointer;
beforeEach(() => {
  temp = openTempDatabase();
  wal = new WalCheckpointer(temp.db.$client);
});
afterEach(() => {
  wal.stop();
  temp.dispose();
});

/**
 * Grows the WAL past `bytes` (WAL_TRUNCATE_ABOVE_BYTES) through `sqlite` (the server's
 * connection by default), its auto-checkpoint off so that it cannot restart.
 */
function growWal(sqlite = temp.db.$client, bytes = WAL_TRUNCATE_ABOVE_BYTES): void {
  sqlite.pragma('wal_autocheckpoint = 0');
  const insert = sqlite.prepare('INSERT INTO chat_messages (name, text, ts) VALUES (?, ?, ?)');
  const text = 'x'.repeat(3000);
  while (wal.walBytes() <= bytes) {
    sqlite.transaction(() => {
      for (let i = 0; i < 100; i++) insert.run('w', text, i);
    })();
  }
}

/** A connection of another process (or script) on the same file. */
function otherConnection(): Database.Database {
  const other = new Database(temp.file);
  other.pragma(`busy_timeout = ${DB_BUSY_TIMEOUT_MS}`);
  return other;
}

/** A reader holding a snapshot of the WAL (as a long report query would); `release` ends it. */
function holdSnapshot(): { release(): void } {
  const reader = new Database(temp.file);
  reader.exec('BEGIN');
  reader.prepare('SELECT COUNT(*) FROM chat_messages').get();
  return {
    release() {
      reader.exec('COMMIT');
      reader.close();
    },
  };
}

describe('WalCheckpointer', () => {
  it('truncates a WAL over the bound back to 0 bytes when no other connection wrote', () => {
    growWal();

    const result = wal.checkpointOnce();

    expect(result).toMatchObject({ mode: 'truncate', busy: false, otherWriter: false });
    expect(result.walBytes).toBeGreaterThan(WAL_TRUNCATE_ABOVE_BYTES);
    expect(wal.walBytes()).toBe(0);
    expect(wal.stats).toMatchObject({ truncate: 1, passive: 0, busy: 0 });
    console.info(`[wal] truncate of ${result.walBytes} B took ${result.durationMs.toFixed(1)} ms`);
  });

  it('leaves the WAL to another writer, helps it with a PASSIVE when it falls behind, and truncates once it stopped', () => {
    const other = otherConnection();
    const insertOther = other.prepare(
      'INSERT INTO chat_messages (name, text, ts) VALUES (?, ?, ?)',
    );
    try {
      wal.checkpointOnce(); // the first look: nothing to compare with yet
      insertOther.run('o', 't', 1);
      const whileWriting = wal.checkpointOnce();
      growWal(other, WAL_BEHIND_ABOVE_BYTES); // a writer that never checkpoints
      const behind = wal.checkpointOnce();
      const afterwards = wal.checkpointOnce();

      expect(whileWriting).toMatchObject({ mode: 'skip', otherWriter: true, busy: false });
      expect(behind).toMatchObject({ mode: 'passive', otherWriter: true, restarted: false });
      expect(behind.walBytes).toBeGreaterThan(WAL_BEHIND_ABOVE_BYTES);
      expect(afterwards).toMatchObject({ mode: 'truncate', otherWriter: false, busy: false });
      expect(wal.walBytes()).toBe(0);
      expect(wal.stats).toMatchObject({ skip: 1, truncate: 1 });
    } finally {
      other.close();
    }
  });

  it('truncates without waiting (busy_timeout 0) and gives up while a reader holds a snapshot, then restores the busy timeout', () => {
    growWal();
    const pragma = vi.spyOn(temp.db.$client, 'pragma');
    const snapshot = holdSnapshot();
    try {
      const result = wal.checkpointOnce();

      expect(result).toMatchObject({ mode: 'truncate', busy: true });
      const calls = pragma.mock.calls.map(([source]) => source);
      const truncateAt = calls.indexOf('wal_checkpoint(TRUNCATE)');
      expect(calls[truncateAt - 1]).toBe(`busy_timeout = ${WAL_TRUNCATE_BUSY_TIMEOUT_MS}`);
      expect(WAL_TRUNCATE_BUSY_TIMEOUT_MS).toBe(0);
      expect(wal.stats.busy).toBe(1);
      expect(temp.db.$client.pragma('busy_timeout', { simple: true })).toBe(DB_BUSY_TIMEOUT_MS);
      console.info(`[wal] busy truncate gave up after ${result.durationMs.toFixed(1)} ms`);
    } finally {
      snapshot.release();
      pragma.mockRestore();
    }
    expect(wal.checkpointOnce().busy).toBe(false);
    expect(wal.walBytes()).toBe(0);
  });

  it('gives up at once when another connection holds the write lock, well within its busy timeout', () => {
    growWal();
    const other = otherConnection();
    other.exec('BEGIN IMMEDIATE');
    try {
      const result = wal.checkpointOnce();

      expect(result).toMatchObject({ mode: 'truncate', busy: true });
      // A TRUNCATE left with the connection's busy timeout would wait DB_BUSY_TIMEOUT_MS (5 s).
      expect(result.durationMs).toBeLessThan(DB_BUSY_TIMEOUT_MS);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });

  it('retries a busy TRUNCATE after WAL_CHECKPOINT_RETRY_MS, not a whole interval later', async () => {
    growWal();
    const snapshot = holdSnapshot();
    // Ten retries to an interval: three busy tries fit long before a second interval.
    const fast = new WalCheckpointer(temp.db.$client, WAL_CHECKPOINT_RETRY_MS * 10);
    try {
      fast.start();
      await vi.waitFor(() => expect(fast.stats.truncate).toBeGreaterThanOrEqual(3), {
        timeout: WAL_CHECKPOINT_RETRY_MS * 10 + 4 * (WAL_CHECKPOINT_RETRY_MS + 200),
      });
      expect(fast.stats.busy).toBe(fast.stats.truncate);
    } finally {
      fast.stop();
      snapshot.release();
    }
  });

  it('checkpoints passively when the WAL is small', () => {
    temp.db.$client
      .prepare('INSERT INTO chat_messages (name, text, ts) VALUES (?, ?, ?)')
      .run('a', 'b', 1);

    expect(wal.checkpointOnce()).toMatchObject({ mode: 'passive', busy: false });
    expect(wal.stats.passive).toBe(1);
  });
});
